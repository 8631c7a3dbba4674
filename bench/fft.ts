// Micro-benchmark (not a test): median µs per 2048-point real FFT for each backend, and MelAnalyzer throughput.
// Run: node --import tsx bench/fft.ts
import { createRealFft, type FftBackendName } from '../src/core/fft/realFft';
import { MelAnalyzer } from '../src/core/mel/analyzer';
import { resolveMel } from '../src/core/mel/params';
import type { MelPresetName } from '../src/core/types';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function fftMicros(backend: FftBackendName, size: number, batches: number, perBatch: number): Promise<number> {
  const fft = await createRealFft(size, backend);
  for (let i = 0; i < size; i++) fft.input[i] = Math.sin(i * 0.37) + 0.1 * Math.cos(i * 2.1);
  const out = new Float64Array(fft.bins);
  const times: number[] = [];
  for (let b = 0; b < batches + 5; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fft.magnitude(out);
    const dt = Number(process.hrtime.bigint() - t0) / 1e3 / perBatch;
    if (b >= 5) times.push(dt); // first batches warm the JIT
  }
  return median(times);
}

/** Tones, noise and gated bursts, like the audit benchmark's corpus (deterministic LCG noise). */
function testSignal(sampleRate: number, seconds: number): Float64Array {
  const x = new Float64Array(Math.round(sampleRate * seconds));
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const t = i / sampleRate;
    const gate = Math.sin(2 * Math.PI * 3 * t) > 0 ? 1 : 0.05;
    x[i] = gate * (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 1870 * t)) + 0.02 * (s / 2 ** 31 - 1);
  }
  return x;
}

async function melThroughput(preset: MelPresetName, sampleRate: number, seconds: number, runs: number, frontEnd: 'auto' | 'js') {
  const r = resolveMel({ preset, params: {} }, sampleRate);
  if (!r) throw new Error('unreachable');
  const x = testSignal(sampleRate, seconds);
  const block = 8192;
  const speeds: number[] = [];
  const cpuSpeeds: number[] = [];
  let frames = 0;
  let backend = '';
  for (let run = 0; run < runs + 1; run++) {
    const a = await MelAnalyzer.create(r, { frontEnd });
    backend = a.backend;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let i = 0; i < x.length; i += block) a.push(x.subarray(i, i + block), Math.min(block, x.length - i));
    frames = a.finish().frames;
    const cpu = process.cpuUsage(c0);
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    if (run > 0) {
      // run 0 warms the JIT and WASM tier-up
      speeds.push(seconds / sec);
      cpuSpeeds.push(seconds / ((cpu.user + cpu.system) / 1e6)); // CPU time: less sensitive to other processes
    }
  }
  const speed = median(speeds);
  return { preset, sampleRate, backend, frames, speed, cpuSpeed: median(cpuSpeeds), usPerFrame: (seconds / speed / frames) * 1e6, r };
}

async function main(): Promise<void> {
  const size = 2048;
  const js = await fftMicros('fft.js', size, 31, 400);
  const pf = await fftMicros('pffft-simd', size, 31, 400);
  console.log(`FFT ${size}-point real transform + magnitude, median of 31 batches × 400:`);
  console.log(`  fft.js      ${js.toFixed(2)} µs`);
  console.log(`  pffft-simd  ${pf.toFixed(2)} µs   (${(js / pf).toFixed(1)}× faster)`);
  console.log('');
  console.log('MelAnalyzer, 60 s mono signal pushed in 8192-sample blocks, median of 5 runs (single thread):');
  for (const [preset, sr, frontEnd] of [
    ['tacotron', 22050, 'auto'],
    ['tacotron', 22050, 'js'],
    ['tacotron', 48000, 'auto'],
    ['librosa', 22050, 'auto'],
  ] as const) {
    const m = await melThroughput(preset, sr, 60, 5, frontEnd);
    console.log(
      `  ${preset.padEnd(8)} ${String(sr).padStart(5)} Hz  win ${m.r.winLength} hop ${m.r.hopLength} nFft ${m.r.nFft} ` +
        `[${m.backend}]: ${m.speed.toFixed(0)}× realtime wall (${m.cpuSpeed.toFixed(0)}× per CPU-second), ${m.usPerFrame.toFixed(2)} µs/frame`,
    );
  }
}

void main();
