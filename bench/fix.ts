// Speed of `fix` (not a test): audio-seconds per wall-second, medians of RUNS, peers run side by side on one corpus.
//   fix:   `audio-audit fix --dc mean --gain dataset` (3 reads + 1 write per file) vs libsndfile + numpy doing the same
//          passes (bench/peers/fix_soundfile.py) and sox's per-file `highpass 5 gain -n -1` (2 passes, per-file gain).
//   FLAC:  our encoder (src/core/encode, in process) vs Debian's `flac -0` (fixed predictors, like ours) and `flac -5`
//          (LPC, the default) on the same WAVs, speed and output size.
// Run: node --import tsx bench/fix.ts (after npm run build). The corpus is generated once into a temp dir.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { speechLike } from '../test/fixtures/dataset';
import { encodeWav, toCode } from '../test/fixtures/wav';
import { SYSTEM_PYTHON } from '../test/fixtures/codecs';
import { FlacEncoder } from '../src/core/encode/flacEncoder';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const RUNS = 3;
const FILES = 40, SEC = 10, SR = 22050;
const WORK = path.join(tmpdir(), 'audio-audit-fix-bench-v1');
const CORPUS = path.join(WORK, 'in');

function generate(): string[] {
  if (!existsSync(path.join(WORK, 'complete'))) {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(CORPUS, { recursive: true });
    for (let i = 0; i < FILES; i++) {
      const x = speechLike(SR * SEC, SR, i + 1, 0.3);
      // A DC offset for --dc mean to remove.
      writeFileSync(path.join(CORPUS, `f${String(i).padStart(3, '0')}.wav`), encodeWav({ bits: 16, sampleRate: SR }, [Array.from(x, (v) => toCode(v + 0.02, 16))]));
    }
    writeFileSync(path.join(WORK, 'complete'), '');
  }
  return readdirSync(CORPUS).sort().map((f) => path.join(CORPUS, f));
}

function timed(run: () => void): number {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
}

function proc(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
}

function freshDir(name: string): string {
  const d = path.join(WORK, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function dirBytes(d: string): number {
  return readdirSync(d).filter((f) => f.endsWith('.flac')).reduce((n, f) => n + statSync(path.join(d, f)).size, 0);
}

function ourFlac(files: string[], outDir: string): void {
  for (const f of files) {
    const b = readFileSync(f);
    const codes = new Int16Array(b.buffer, b.byteOffset + 44, (b.length - 44) / 2);
    const parts: Uint8Array[] = [];
    const enc = new FlacEncoder(1, SR, 16, (x) => parts.push(x.slice()));
    parts.push(enc.header());
    enc.push([codes], codes.length);
    parts[0] = enc.finish();
    writeFileSync(path.join(outDir, path.basename(f, '.wav') + '.flac'), Buffer.concat(parts));
  }
}

const files = generate();
const audioSec = FILES * SEC;
const contenders: [string, () => void, string | null][] = [
  ['audio-audit fix --dc mean --gain dataset', () => proc(process.execPath, [CLI, 'fix', CORPUS, '--out', freshDir('o-fix'), '--dc', 'mean', '--gain', 'dataset', '--no-progress']), null],
  ['soundfile+numpy, same 3 passes', () => proc(SYSTEM_PYTHON, [path.join(REPO, 'bench', 'peers', 'fix_soundfile.py'), freshDir('o-py'), ...files]), null],
  ['sox highpass 5 gain -n -1 (per file)', () => { const d = freshDir('o-sox'); for (const f of files) proc('sox', [f, path.join(d, path.basename(f)), 'highpass', '5', 'gain', '-n', '-1']); }, null],
  ['our FLAC encoder (in process)', () => ourFlac(files, freshDir('o-ours')), 'o-ours'],
  ['flac -0', () => proc('flac', ['-s', '-f', '-0', `--output-prefix=${freshDir('o-flac0')}/`, ...files]), 'o-flac0'],
  ['flac -5', () => proc('flac', ['-s', '-f', '-5', `--output-prefix=${freshDir('o-flac5')}/`, ...files]), 'o-flac5'],
];
const times = new Map<string, number[]>(contenders.map(([n]) => [n, []]));
for (let r = 0; r < RUNS; r++) for (const [name, run] of contenders) times.get(name)!.push(timed(run)); // interleaved rounds
const wavBytes = files.reduce((n, f) => n + statSync(f).size, 0);
const base = median(times.get(contenders[0][0])!);
const flacBase = median(times.get('our FLAC encoder (in process)')!);
console.log(`fix bench: ${FILES} files × ${SEC} s, ${SR} Hz 16-bit mono; medians of ${RUNS}; load average ${loadavg()[0].toFixed(1)}`);
console.log('contender'.padEnd(42) + 'audio-s/s'.padStart(10) + '  time vs first of its group' + '  size vs WAV');
for (const [name, , dir] of contenders) {
  const t = median(times.get(name)!);
  const group = dir ? flacBase : base;
  const size = dir ? (dirBytes(path.join(WORK, dir)) / wavBytes).toFixed(3) : '';
  console.log(name.padEnd(42) + (audioSec / t).toFixed(0).padStart(10) + `  ${(t / group).toFixed(2)}×`.padStart(27) + size.padStart(13));
}
