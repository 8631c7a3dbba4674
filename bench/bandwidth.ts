// Cost of the effective-bandwidth accumulator in the audit's pass (not a test): 200 files of 10 s at 22.05 kHz mono
// through the mel analyzer (default tacotron preset) with and without BandwidthAccumulator, rounds interleaved so a
// busy machine slows both alike. Run: node --import tsx bench/bandwidth.ts [files] [rounds]
import { MelAnalyzer } from '../src/core/mel/analyzer';
import { resolveMel } from '../src/core/mel/params';
import { BandwidthAccumulator } from '../src/core/stats/bandwidth';

const SR = 22050;
const SECONDS = 10;
/** The WAV reader's 256 KiB blocks of 16-bit mono. */
const BLOCK = 131072;

function testSignal(seed: number): Float64Array {
  const x = new Float64Array(SR * SECONDS);
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const t = i / SR;
    x[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 1870 * t) + 0.02 * (s / 2 ** 31 - 1);
  }
  return x;
}

async function pass(files: number, signals: Float64Array[], withBandwidth: boolean): Promise<number> {
  const r = resolveMel({ preset: 'tacotron', params: {} }, SR)!;
  const t0 = process.hrtime.bigint();
  for (let f = 0; f < files; f++) {
    const x = signals[f % signals.length];
    const mel = await MelAnalyzer.create(r);
    const bw = withBandwidth ? new BandwidthAccumulator() : null;
    for (let i = 0; i < x.length; i += BLOCK) {
      const n = Math.min(BLOCK, x.length - i);
      const block = x.subarray(i, i + n);
      mel.push(block, n);
      bw?.push(block, n);
    }
    mel.finish();
    bw?.finish(SR);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function bandwidthOnly(files: number, signals: Float64Array[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let f = 0; f < files; f++) {
    const x = signals[f % signals.length];
    const bw = new BandwidthAccumulator();
    for (let i = 0; i < x.length; i += BLOCK) bw.push(x.subarray(i, i + BLOCK), Math.min(BLOCK, x.length - i));
    bw.finish(SR);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const files = Number(process.argv[2] ?? 200);
  const rounds = Number(process.argv[3] ?? 3);
  const signals = [1, 2, 3, 4].map(testSignal);
  await pass(10, signals, true); // warm the JIT and load the WASM
  const without: number[] = [];
  const withBw: number[] = [];
  const alone: number[] = [];
  for (let r = 0; r < rounds; r++) {
    without.push(await pass(files, signals, false));
    withBw.push(await pass(files, signals, true));
    alone.push(await bandwidthOnly(files, signals));
  }
  const best = (xs: number[]) => Math.min(...xs);
  const backend = new BandwidthAccumulator().backend;
  console.log(`${files} files x ${SECONDS} s at ${SR} Hz mono, best of ${rounds} (bandwidth FFT: ${backend})`);
  console.log(`  mel only        ${best(without).toFixed(0)} ms   runs ${without.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`  mel + bandwidth ${best(withBw).toFixed(0)} ms   runs ${withBw.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`  bandwidth alone ${best(alone).toFixed(0)} ms   runs ${alone.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`  overhead        +${(((best(withBw) - best(without)) / best(without)) * 100).toFixed(1)} % of the mel pass, ${((best(withBw) - best(without)) / files).toFixed(2)} ms per file`);
}

void main();
