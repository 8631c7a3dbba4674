// node --import tsx bench/manifest.ts [lines]: NeMo JSONL parsing speed (entries/s, median of 3) and peak RSS, for
// the line sources the manifest parsers could stand on: node:readline, a chunked splitter yielding one line per
// await, and lineBatches (one await per 256 KiB chunk); then the real NeMo parser. Each run is its own child process
// so its peak RSS (getrusage ru_maxrss) is its own. Not a test.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { nemoDialect } from '../src/core/manifest/dialects/nemo';
import { lineBatches } from '../src/core/manifest/lines';

const RUNS = 3;
const VARIANTS = ['readline', 'line-per-await', 'lineBatches', 'nemo-parser'] as const;
type Variant = (typeof VARIANTS)[number];

function generate(lines: number): string {
  const dir = path.join(tmpdir(), 'audio-audit-bench-manifest');
  const file = path.join(dir, `train-${lines}.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const fd = openSync(file, 'w');
  const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'naïve', 'café'];
  let buf = '';
  for (let i = 0; i < lines; i++) {
    const text = Array.from({ length: 8 + (i % 13) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
    buf += JSON.stringify({ audio_filepath: `wavs/spk${i % 97}/utt${i}.wav`, duration: 1 + (i % 1500) / 100, text }) + '\n';
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return file;
}

/** The per-line work of a JSON-lines parser, the same for every line source. */
function entryOf(text: string, line: number): unknown {
  if (text === '') return null;
  const o = JSON.parse(text) as { audio_filepath: string; duration: number; text: string };
  return { line, audioPath: o.audio_filepath, durationSec: o.duration, text: o.text };
}

async function* onePerAwait(file: string): AsyncGenerator<string> {
  for await (const batch of lineBatches(file)) yield* batch;
}

async function run(variant: Variant, file: string): Promise<number> {
  let n = 0;
  let line = 0;
  if (variant === 'readline') {
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (entryOf(text, ++line)) n++;
  } else if (variant === 'line-per-await') {
    for await (const text of onePerAwait(file)) if (entryOf(text, ++line)) n++;
  } else if (variant === 'lineBatches') {
    for await (const batch of lineBatches(file)) for (const text of batch) if (entryOf(text, ++line)) n++;
  } else {
    for await (const item of nemoDialect.parse(file)) if (item.kind === 'entry') n++;
  }
  return n;
}

async function child(variant: Variant, file: string): Promise<void> {
  const t0 = performance.now();
  const entries = await run(variant, file);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ entries, ms, maxRssKb: process.resourceUsage().maxRSS }));
}

function main(): void {
  const lines = Number(process.argv[2] ?? 100_000);
  const file = generate(lines);
  const baseline = spawnSync(process.execPath, ['--import', 'tsx', '-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))']);
  console.log(`${lines} lines, ${file}; node+tsx baseline peak RSS ${(Number(baseline.stdout) / 1024).toFixed(0)} MB`);
  console.log('variant          entries/s (median of 3)   peak RSS MB (max of 3)');
  for (const variant of VARIANTS) {
    const results = Array.from({ length: RUNS }, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', variant, file], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${variant}: ${r.stderr}`);
      return JSON.parse(r.stdout) as { entries: number; ms: number; maxRssKb: number };
    });
    if (results.some((r) => r.entries !== lines)) throw new Error(`${variant}: ${results[0].entries} entries, not ${lines}`);
    const rates = results.map((r) => r.entries / (r.ms / 1000)).sort((a, b) => a - b);
    const rss = Math.max(...results.map((r) => r.maxRssKb)) / 1024;
    console.log(`${variant.padEnd(16)} ${Math.round(rates[1]).toLocaleString('en-US').padStart(12)}            ${rss.toFixed(0).padStart(6)}`);
  }
}

if (process.argv[2] === '--child') void child(process.argv[3] as Variant, process.argv[4]);
else main();
