// The near-duplicate index at 10 000 files of 10 s (issue 11's scale), for `npm run bench`: real fingerprints of
// syllabicSpeech (the bench corpus's generator, seeds 1000 + i), generated at the fingerprint's own rate (5 512 Hz:
// the resampler is the identity, 4× less to synthesize than at 22.05 kHz) by two processes, cached in the bench's
// temp dir. Times are CPU (user + sys) of this process, medians.
// Generate alone: node --import tsx bench/dedupScale.ts --generate FROM TO OUT
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FingerprintAccumulator, FINGERPRINT_RATE } from '../src/core/dedup/fingerprint';
import { FingerprintIndex } from '../src/core/dedup/index';
import { NEAR_DUPLICATE_SEARCH } from '../src/core/rules/duplicateRules';
import { syllabicSpeech } from '../test/fixtures/dataset';

export const SCALE_FILES = 10000;
const FILE_SEC = 10;
const SEED0 = 1000;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Fingerprints of seeds SEED0 + from .. SEED0 + to − 1 as [length, words…] per file, uint32 little-endian. */
async function generate(from: number, to: number, out: string): Promise<void> {
  const parts: Uint32Array[] = [];
  for (let i = from; i < to; i++) {
    const x = syllabicSpeech(FINGERPRINT_RATE * FILE_SEC, FINGERPRINT_RATE, SEED0 + i, 10 ** (-(3 + (17 * (i % 200)) / 200) / 20));
    const acc = await FingerprintAccumulator.create(FINGERPRINT_RATE);
    for (let k = 0; k < x.length; k += 8192) acc.push(x.subarray(k, Math.min(k + 8192, x.length)), Math.min(8192, x.length - k));
    parts.push(acc.finish());
  }
  const words = new Uint32Array(parts.reduce((s, p) => s + p.length + 1, 0));
  let at = 0;
  for (const p of parts) {
    words[at++] = p.length;
    words.set(p, at);
    at += p.length;
  }
  writeFileSync(`${out}.part`, new Uint8Array(words.buffer));
  renameSync(`${out}.part`, out);
}

function readPrints(file: string, into: Uint32Array[]): void {
  const b = readFileSync(file);
  const u = new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
  for (let at = 0; at < u.length; ) {
    const n = u[at++];
    into.push(u.slice(at, at + n));
    at += n;
  }
}

/** The 10 000 files' fingerprints, generated once into `dir` (two processes, a few minutes of CPU). */
export async function scalePrints(dir: string): Promise<Uint32Array[]> {
  const lanes = [0, 1].map((l) => ({ from: (l * SCALE_FILES) / 2, to: ((l + 1) * SCALE_FILES) / 2, file: path.join(dir, `prints-10k-${l}.bin`) }));
  const missing = lanes.filter((l) => !existsSync(l.file));
  if (missing.length) {
    process.stderr.write(`fingerprinting ${SCALE_FILES} × ${FILE_SEC} s of syllabicSpeech at ${FINGERPRINT_RATE} Hz into ${dir} ...\n`);
    await Promise.all(missing.map((l) => new Promise<void>((resolve, reject) => {
      rmSync(`${l.file}.part`, { force: true });
      const p = spawn(process.execPath, ['--import', 'tsx', __filename, '--generate', String(l.from), String(l.to), l.file], { stdio: 'inherit' });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fingerprint generation exited ${code}`))));
    })));
  }
  const prints: Uint32Array[] = [];
  for (const l of lanes) readPrints(l.file, prints);
  return prints;
}

export interface IndexTiming {
  readonly files: number;
  /** CPU ms, medians. */
  readonly build: number;
  readonly query: number;
  readonly pairs: number;
}

/** Build and query of the rule's search over the first `files` fingerprints: medians of `runs`, CPU ms. */
export function timeIndex(prints: readonly Uint32Array[], files: number, runs: number): IndexTiming {
  const build: number[] = [];
  const query: number[] = [];
  let pairs = 0;
  for (let r = 0; r < runs; r++) {
    const index = new FingerprintIndex();
    for (let i = 0; i < files; i++) index.add(`f${i}`, prints[i]);
    const t0 = cpuMs();
    index.build();
    const t1 = cpuMs();
    pairs = index.findNearDuplicates({ ...NEAR_DUPLICATE_SEARCH }).length;
    query.push(cpuMs() - t1);
    build.push(t1 - t0);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return { files, build: median(build), query: median(query), pairs };
}

if (process.argv[2] === '--generate') {
  const [from, to, out] = process.argv.slice(3);
  generate(Number(from), Number(to), out).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
