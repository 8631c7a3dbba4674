// npm run bench (second step): a million files. `audio-audit merge` of 1 000 000 generated file entries in 16 parts,
// timed with its peak RSS against peers run side by side on the same parts: a node process that only reads and
// JSON.parses every line (one pass; merge makes two), and GNU `sort -m` (a k-way merge of the sorted part lines).
// Discovery: walkAudio over a generated tree of 1 000 000 empty .wav files (100 × 100 folders of 100), when its
// first file arrives and when the walk ends, with peak RSS, against `find -name '*.wav'` on the same tree.
// Not a test: prints a table (medians of RUNS runs). Parts are generated once into a temp dir and reused.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateMillionParts, MILLION_PARTS, millionWorkDir } from '../test/fixtures/millionReport';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const RSS_HOOK = path.join(REPO, 'test', 'fixtures', 'record-max-rss.cjs');
const FILES = Number(process.env.MILLION_FILES ?? 1_000_000);
const PARTS = MILLION_PARTS;
const RUNS = Number(process.env.MILLION_RUNS ?? 3);
const WORK = millionWorkDir(FILES);
/** --max-old-space-size of the bounded-memory walk: far below what a path per file (~100 MiB at a million) needs. */
const SMALL_HEAP_MIB = 16;

const TREE = path.join(WORK, 'tree');
const TREE_FANOUT = Math.round(Math.cbrt(FILES));

/** FILES empty .wav files in TREE_FANOUT × TREE_FANOUT folders (the walk reads names, realpaths and stats only). */
function generateTree(): void {
  const done = path.join(WORK, 'tree-complete');
  if (existsSync(done)) return;
  rmSync(TREE, { recursive: true, force: true });
  process.stderr.write(`generating ${TREE_FANOUT ** 3} empty files in ${TREE} ...\n`);
  const pad = (i: number) => String(i).padStart(String(TREE_FANOUT).length, '0');
  for (let a = 0; a < TREE_FANOUT; a++) {
    for (let b = 0; b < TREE_FANOUT; b++) {
      const dir = path.join(TREE, `set${pad(a)}`, `spk${pad(b)}`);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < TREE_FANOUT; i++) closeSync(openSync(path.join(dir, `u${pad(i)}.wav`), 'w'));
    }
  }
  writeFileSync(done, 'ok');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One process, timed from spawn to exit; its peak RSS (MiB) when the hook is preloaded (node only). */
function timed(cmd: string, args: string[], rssFile?: string): { sec: number; rssMiB: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, AUDIT_MAX_RSS_FILE: rssFile ?? '' } });
  const sec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited ${r.status}: ${r.stderr}`);
  return { sec, rssMiB: rssFile ? Number(readFileSync(rssFile, 'utf8')) / 1024 : null };
}

function medianRun(run: () => { sec: number; rssMiB: number | null }): { sec: number; rssMiB: number | null } {
  const runs = Array.from({ length: RUNS }, run);
  const rss = runs.map((r) => r.rssMiB).filter((x): x is number => x !== null);
  return { sec: median(runs.map((r) => r.sec)), rssMiB: rss.length ? median(rss) : null };
}

function main(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const parts = generateMillionParts(FILES);
  const partBytes = parts.reduce((s, p) => s + statSync(p).size, 0);
  const loadBefore = loadavg();
  const rssFile = path.join(WORK, 'max-rss.txt');
  const out = path.join(WORK, 'merged.json');
  const floor = medianRun(() => timed(process.execPath, ['--require', RSS_HOOK, path.join(REPO, 'bench', 'peers', 'parse_floor.cjs'), ...parts], rssFile));
  const sortMerge = medianRun(() => timed('sh', ['-c', 'LC_ALL=C sort -m "$@" > /dev/null', 'sort', ...parts]));
  // The CLI runs a merge again with this flag (src/cli/main.ts); given here, the measured process is the merging one.
  const merge = medianRun(() => timed(process.execPath, ['--max-semi-space-size=64', '--require', RSS_HOOK, CLI, 'merge', ...parts, '--out', out, '--fail-on', 'never'], rssFile));
  const outBytes = statSync(out).size;
  rmSync(out, { force: true });

  generateTree();
  const walks = Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', RSS_HOOK, '--import', 'tsx', path.join(REPO, 'bench', 'walkProbe.ts'), TREE], {
      encoding: 'utf8', env: { ...process.env, AUDIT_MAX_RSS_FILE: rssFile },
    });
    if (r.status !== 0) throw new Error(`walkProbe exited ${r.status}: ${r.stderr}`);
    const probe = JSON.parse(r.stdout) as { firstMs: number; totalMs: number; files: number };
    return { ...probe, processSec: (performance.now() - t0) / 1000, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  });
  // Bounded memory, shown rather than inferred from RSS: the whole walk in a 16 MiB V8 heap (node alone needs ~4 MiB).
  const smallHeap = spawnSync(process.execPath, [`--max-old-space-size=${SMALL_HEAP_MIB}`, '--import', 'tsx', path.join(REPO, 'bench', 'walkProbe.ts'), TREE], { encoding: 'utf8' });
  const smallHeapFiles = smallHeap.status === 0 ? (JSON.parse(smallHeap.stdout) as { files: number }).files : null;
  const find = medianRun(() => timed('sh', ['-c', 'find "$1" -type f -name "*.wav" | wc -l > /dev/null', 'find', TREE]));
  const walkTotal = median(walks.map((w) => w.totalMs / 1000));

  const mib = (x: number | null) => (x === null ? '' : `${x.toFixed(0)} MiB`);
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(44)} ${b.padStart(8)} ${c.padStart(10)}  ${d}`;
  console.log(`audio-audit million-file benchmark: ${FILES} file entries in ${PARTS} parts (${(partBytes / 2 ** 20).toFixed(0)} MiB), merged report ${(outBytes / 2 ** 20).toFixed(0)} MiB; medians of ${RUNS} runs; ${availableParallelism()} cores; node ${process.version}`);
  console.log(`load average before/after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(line('run', 'wall s', 'peak RSS', 'ratio'));
  console.log(line('floor: read + JSON.parse every line (node)', floor.sec.toFixed(2), mib(floor.rssMiB), ''));
  console.log(line('sort -m (k-way merge of the part lines)', sortMerge.sec.toFixed(2), '', ''));
  console.log(line('audio-audit merge --out report.json', merge.sec.toFixed(2), mib(merge.rssMiB), `${(merge.sec / floor.sec).toFixed(2)}× floor, ${(merge.sec / sortMerge.sec).toFixed(2)}× sort -m`));
  console.log(line(`find -name '*.wav' (${TREE_FANOUT ** 3} files)`, find.sec.toFixed(2), '', ''));
  console.log(line(`walkAudio: first file`, (median(walks.map((w) => w.firstMs)) / 1000).toFixed(3), '', ''));
  console.log(line(`walkAudio: whole walk (${walks[0].files} files)`, walkTotal.toFixed(2), mib(median(walks.map((w) => w.rssMiB))), `${(walkTotal / find.sec).toFixed(1)}× find`));
  console.log(line(`walkAudio in a ${SMALL_HEAP_MIB} MiB heap`, '', '', smallHeapFiles === null ? `FAILED (exit ${smallHeap.status}): memory grows with the tree` : `completed, ${smallHeapFiles} files`));
  console.log('');
  console.log('targets (issue 13): merge of 1 000 000 file entries < 60 s, peak RSS < 1.5 GB; discovery streams (first file long before the walk ends), memory bounded');
}

main();
