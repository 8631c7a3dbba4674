// FLAC decoding speed as whole processes, in audio-seconds per wall-second (medians of 3): the npm libFLAC-in-WASM
// decoder as it comes, our reader (float planes, and integer codes with the WASM kernel and with the TypeScript
// loops), and python3 soundfile.read + numpy sums. Every
// contender computes the same per-channel sum, sum of squares, min and max over every file of a corpus.
// Run: node --import tsx bench/flac-decode.ts. The corpora are generated once (flac -5, the default) and reused.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { openFlac } from '../src/core/decode/formats/flac';
import { setFlacKernelEnabled } from '../src/core/decode/formats/flacKernel';
import { speechLike } from '../test/fixtures/dataset';
import { encodeWav, toCode } from '../test/fixtures/wav';
import { SYSTEM_PYTHON } from '../test/fixtures/codecs';

const RUNS = 3;
const WORK = path.join(tmpdir(), 'audio-audit-flac-bench-v1');

interface Corpus { name: string; files: number; sec: number; rate: number; bits: number; channels: number }
const CORPORA: Corpus[] = [
  { name: '22k-16bit-mono', files: 200, sec: 10, rate: 22050, bits: 16, channels: 1 },
  { name: '16k-16bit-mono', files: 100, sec: 10, rate: 16000, bits: 16, channels: 1 },
  { name: '48k-24bit-stereo', files: 40, sec: 10, rate: 48000, bits: 24, channels: 2 },
];

type Stats = { sum: number[]; sumSq: number[]; min: number[]; max: number[] };
const newStats = (ch: number): Stats => ({ sum: new Array(ch).fill(0), sumSq: new Array(ch).fill(0), min: new Array(ch).fill(Infinity), max: new Array(ch).fill(-Infinity) });

function accumulate(s: Stats, c: number, x: ArrayLike<number>, from: number, to: number, scale: number): void {
  let sum = 0, sumSq = 0, min = s.min[c], max = s.max[c];
  for (let i = from; i < to; i++) {
    const v = x[i] * scale;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  s.sum[c] += sum;
  s.sumSq[c] += sumSq;
  s.min[c] = min;
  s.max[c] = max;
}

/** Child mode: one contender over one directory; prints the audio seconds it decoded. */
async function child(mode: string, dir: string): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.flac')).sort().map((f) => path.join(dir, f));
  let seconds = 0;
  if (mode === 'npm') {
    const buf = Buffer.allocUnsafe(1 << 18);
    for (const f of files) {
      const dec = new FLACDecoder();
      await dec.ready;
      let stats: Stats | null = null;
      let rate = 0, frames = 0;
      const take = (r: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number }) => {
        if (r.samplesDecoded === 0) return;
        stats ??= newStats(r.channelData.length);
        rate = r.sampleRate;
        frames += r.samplesDecoded;
        r.channelData.forEach((ch, c) => accumulate(stats!, c, ch, 0, r.samplesDecoded, 1));
      };
      const fd = openSync(f, 'r');
      for (let pos = 0; ;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) break;
        pos += n;
        take(await dec.decode(buf.subarray(0, n)));
      }
      take(await dec.flush());
      closeSync(fd);
      dec.free();
      seconds += frames / rate;
    }
  } else {
    // codes-ts: the same integer read through the TypeScript loops (flacFrame.ts) instead of the WASM kernel.
    if (mode === 'codes-ts') setFlacKernelEnabled(false);
    for (const f of files) {
      const src = await openFlac(f);
      const stats = newStats(src.format.channels);
      if (mode === 'codes' || mode === 'codes-ts') {
        const scale = 2 ** -(src.format.bitsPerSample! - 1);
        await src.readCodes((codes, from, n) => { for (let c = 0; c < codes.length; c++) accumulate(stats, c, codes[c], from, from + n, scale); });
      } else {
        await src.read((b) => { for (let c = 0; c < b.channels.length; c++) accumulate(stats, c, b.channels[c], 0, b.frames, 1); });
      }
      seconds += src.format.durationSec;
      await src.close();
    }
  }
  process.stdout.write(`${seconds}\n`);
}

const PYTHON = `
import sys, os, soundfile, numpy
d = sys.argv[1]; seconds = 0.0
for f in sorted(os.listdir(d)):
    if not f.endswith('.flac'): continue
    x, sr = soundfile.read(os.path.join(d, f), dtype='float64', always_2d=True)
    s = x.sum(axis=0); s2 = numpy.einsum('ij,ij->j', x, x); mn = x.min(axis=0); mx = x.max(axis=0)
    seconds += x.shape[0] / sr
print(seconds)
`;

function generate(c: Corpus): string {
  const dir = path.join(WORK, c.name);
  if (existsSync(path.join(dir, 'complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${c.files} × ${c.sec} s ${c.name} FLAC in ${dir} ...\n`);
  const frames = c.rate * c.sec;
  for (let i = 0; i < c.files; i++) {
    const peak = 10 ** (-(3 + (17 * i) / c.files) / 20);
    const chans = Array.from({ length: c.channels }, (_, ch) => Array.from(speechLike(frames, c.rate, 1000 + 7 * i + ch, peak), (v) => toCode(v, c.bits)));
    const wav = path.join(dir, 'tmp.wav');
    writeFileSync(wav, encodeWav({ sampleRate: c.rate, bits: c.bits }, chans));
    const r = spawnSync('flac', ['-s', '-f', '-o', path.join(dir, `speech-${String(i).padStart(3, '0')}.flac`), wav]);
    if (r.status !== 0) throw new Error(`flac failed (apt-get install flac): ${r.stderr}`);
  }
  rmSync(path.join(dir, 'tmp.wav'));
  writeFileSync(path.join(dir, 'complete'), 'ok');
  return dir;
}

function timeProcess(cmd: string, args: string[]): { sec: number; audio: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const sec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { sec, audio: Number(r.stdout.trim().split('\n').pop()) };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function main(): Promise<void> {
  // The children run a bundle of this file (as the built CLI would), not tsx, so start-up is node's own.
  const bundle = path.join(WORK, 'flac-decode-child.cjs');
  mkdirSync(WORK, { recursive: true });
  const { build } = await import('esbuild');
  await build({ entryPoints: [__filename], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning', external: ['esbuild'] });
  console.log(`FLAC decode + per-channel sum, sum of squares, min, max; whole processes, medians of ${RUNS}; load ${loadavg()[0].toFixed(1)}`);
  const rows: string[][] = [['corpus', 'contender', 'wall s', 'audio s', '× realtime', 'vs python']];
  for (const c of CORPORA) {
    const dir = generate(c);
    const contenders: [string, string, string[]][] = [
      ['npm @wasm-audio-decoders/flac', process.execPath, [bundle, '--child', 'npm', dir]],
      ['ours read() float planes', process.execPath, [bundle, '--child', 'float', dir]],
      ['ours readCodes() int codes', process.execPath, [bundle, '--child', 'codes', dir]],
      ['ours readCodes(), TypeScript loops', process.execPath, [bundle, '--child', 'codes-ts', dir]],
      ['python3 soundfile + numpy', SYSTEM_PYTHON, ['-c', PYTHON, dir]],
    ];
    const results = contenders.map(([name, cmd, args]) => {
      const runs = Array.from({ length: RUNS }, () => timeProcess(cmd, args));
      return { name, sec: median(runs.map((r) => r.sec)), audio: runs[0].audio };
    });
    const python = results[results.length - 1];
    for (const r of results) {
      rows.push([c.name, r.name, r.sec.toFixed(2), r.audio.toFixed(2), (r.audio / r.sec).toFixed(0),
        `${((python.sec / r.sec)).toFixed(2)}×${r.audio < python.audio - 1e-3 ? ` (decoded ${(python.audio - r.audio).toFixed(3)} s less)` : ''}`]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
}

const at = process.argv.indexOf('--child');
if (at >= 0) void child(process.argv[at + 1], process.argv[at + 2]);
else void main();
