// Band-limited resampling for the fingerprint: a Kaiser-windowed sinc evaluated at arbitrary output times from a
// table of kernel phases (J. O. Smith, "Digital Audio Resampling Home Page", ccrma.stanford.edu/~jos/resample/).
// Any input rate, zero phase, bounded memory.
//
// Why this design: the fingerprint only reads 300-2000 Hz of the 5 512 Hz output. A component at f above the output
// Nyquist folds to fout - f, which lands in the used band only when f >= fout - 2000 = 3 512 Hz. So the filter may pass
// 0-2000 Hz and only needs to stop from 3 512 Hz: a 1 512 Hz transition band, hence a short kernel (126 taps at
// 44.1 kHz for 70 dB), and 2000-3512 Hz may alias into 2756-3512 Hz, which no band reads. A plain FIR + linear
// interpolation would need a sharper pre-filter at the input rate; the table lookup costs 2W multiply-adds per output.
// Output times are rounded to the nearest of P tabulated kernel phases (P chosen so the timing error stays at the
// stopband level); interpolating between phases instead measured about 1.6 times slower.
// Where PFFFT's WASM loads, the positions, phases and dot products run in ./wasm/fingerprintKernel.wat (`resample`),
// with the same operations in the same order: the outputs are bit-identical to the TypeScript loop. Positions are
// exact integers in f64; samples, kernel and sums are float32 (the precision of the FFT the frames feed), which
// doubles the SIMD lanes of the dot products.

import { pffftRuntime } from '../fft/pffft';
import { fingerprintKernel, type FingerprintKernel } from './wasm/kernel';

/** Kaiser window parameter for a stopband attenuation of A dB, A > 50 (Kaiser & Schafer 1980; Oppenheim-Schafer 7.76). */
export function kaiserBeta(attenuationDb: number): number {
  return 0.1102 * (attenuationDb - 8.7);
}

/** Modified Bessel function of the first kind, order 0, by its power series Σ ((x/2)^k / k!)². */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

export interface ResamplerDesign {
  /** Highest frequency that must come through unaltered (Hz). */
  readonly passHz: number;
  /** Lowest frequency that must be attenuated (Hz): output rate − passHz when downsampling. */
  readonly stopHz: number;
  readonly attenuationDb: number;
  /** Kernel half-width in input samples: each output sums 2·halfWidth inputs. */
  readonly halfWidth: number;
  /** Kernel phases tabulated per input sample; an output time is rounded to the nearest phase. */
  readonly phases: number;
}

/** Receives output samples y[0..count) (a reused buffer; copy what you keep). */
export type ResampledSink = (y: Float32Array, count: number) => void;

/**
 * float32 arithmetic: the product of two float32 values is exact in a double, so rounding it (and each sum) to
 * float32 is what a float32 multiply and add give, the WASM kernel's f32x4 lanes.
 */
const f32 = Math.fround;

/** Input samples copied per pass; the buffer holds this plus the kernel's reach. */
const CHUNK = 4096;
const OUT_CHUNK = 1024;
/** Bounds the table (2·W·P doubles, about 60 000 for every usual rate) for input rates below the output rate. */
const MAX_PHASES = 4096;

interface Kernel {
  readonly design: ResamplerDesign;
  /** coefficients[p·2W + j]: the weight of input t0 − W + 1 + j for an output at t0 + p/P input samples (float32). */
  readonly coefficients: Float32Array;
}

/** Kernels are read-only and depend on the two rates only: one per rate pair and thread. */
const kernels = new Map<string, Kernel>();

export type ResamplerEngine = 'wasm-simd' | 'js';

/**
 * Kernel tables copied into WASM memory (2·W·P doubles, about 0.5 MB at the usual rates), counted by their live
 * resamplers: at most MAX_WASM_TABLES, an unused one freed to make room; when all are in use the JS path runs.
 */
const MAX_WASM_TABLES = 4;
const wasmTables = new Map<Kernel, { ptr: number; users: number }>();
// Frees the buffers of a resampler dropped without finish() (e.g. a file that failed mid-read) and releases its table.
const orphans = new FinalizationRegistry<{ block: number; kernel: Kernel }>(({ block, kernel }) => {
  pffftRuntime()?.free(block);
  releaseTable(kernel);
});

function acquireTable(kernel: Kernel): number {
  let t = wasmTables.get(kernel);
  if (!t) {
    const rt = pffftRuntime();
    if (!rt) return 0;
    if (wasmTables.size >= MAX_WASM_TABLES) {
      const unused = [...wasmTables].find(([, v]) => v.users === 0);
      if (!unused) return 0;
      rt.free(unused[1].ptr);
      wasmTables.delete(unused[0]);
    }
    const ptr = rt.malloc(4 * kernel.coefficients.length);
    if (!ptr) return 0;
    new Float32Array(rt.memory.buffer, ptr, kernel.coefficients.length).set(kernel.coefficients);
    t = { ptr, users: 0 };
    wasmTables.set(kernel, t);
  }
  t.users++;
  return t.ptr;
}

function releaseTable(kernel: Kernel): void {
  const t = wasmTables.get(kernel);
  if (t) t.users--;
}

/** The WASM path: the kernel, the block holding buf, out and idx (the dot products' addresses), and the kernel table. */
interface WasmDots {
  readonly k: FingerprintKernel;
  readonly kernel: Kernel;
  readonly block: number;
  readonly table: number;
  readonly idx: Int32Array;
}

function designKernel(inputRate: number, outputRate: number, passHzWanted: number, attenuationDb: number): Kernel {
  const low = Math.min(inputRate, outputRate);
  // Keep a transition band of at least 10 % of the lower Nyquist when a rate is too low for the 2 kHz passband.
  const passHz = Math.min(passHzWanted, 0.45 * low);
  const stopHz = low - passHz;
  const cutoff = low / 2; // midway between passHz and stopHz
  const beta = kaiserBeta(attenuationDb);
  // Kaiser length estimate N = (A − 8) / (2.285 · Δω), Δω the transition width in rad/sample (Kaiser 1974).
  const taps = (attenuationDb - 8) / (2.285 * ((2 * Math.PI * (stopHz - passHz)) / inputRate));
  // W even: 2W taps a multiple of 4, the float32 lanes of the WASM dot products.
  const W = 2 * Math.max(1, Math.ceil(taps / 4));
  // Rounding the output time to 1/P input samples shifts a tone of f Hz by at most 1/(2P) samples: an error of at most
  // 2π·f/fin/(2P) of its amplitude, held at the stopband level for f = passHz.
  const P = Math.min(MAX_PHASES, Math.ceil((Math.PI * passHz * 10 ** (attenuationDb / 20)) / inputRate));
  const gain = (2 * cutoff) / inputRate;
  const i0beta = besselI0(beta);
  const coefficients = new Float32Array(P * 2 * W);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < 2 * W; j++) {
      // h(τ) = gain·sinc(gain·τ)·kaiser(τ/W), τ = output time − input index.
      const tau = p / P + W - 1 - j;
      const r = tau / W;
      const window = Math.abs(r) <= 1 ? besselI0(beta * Math.sqrt(1 - r * r)) / i0beta : 0;
      const arg = Math.PI * gain * tau;
      coefficients[p * 2 * W + j] = gain * (arg === 0 ? 1 : Math.sin(arg) / arg) * window;
    }
  }
  return { design: { passHz, stopHz, attenuationDb, halfWidth: W, phases: P }, coefficients };
}

/**
 * Streams x at `inputRate` to `outputRate` (positive integers). Output sample k is the band-limited input at time
 * k·inputRate/outputRate input samples (no delay); the input is taken as 0 before the first and after the last sample,
 * and finish() flushes, so L inputs give ceil(L·outputRate/inputRate) outputs. Non-finite inputs are read as 0.
 */
export class BandLimitedResampler {
  readonly design: ResamplerDesign;
  private readonly coefficients: Float32Array;
  /** Input samples in float32; in WASM memory on the WASM path. */
  private readonly buf: Float32Array;
  /** Absolute input index of buf[0]. */
  private bufStart: number;
  private bufLen: number;
  private inputLen = 0;
  /** Index of the next output sample. */
  private k = 0;
  /** Output samples (room for one more group of four past OUT_CHUNK); in WASM memory on the WASM path. */
  private readonly out: Float32Array;
  private wasm: WasmDots | null = null;
  /** locate()'s answer: first-tap buffer indices, then kernel-row offsets, of up to 4 outputs. */
  private readonly at = new Int32Array(8);
  private finished = false;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    private readonly sink: ResampledSink,
    opts: { passHz?: number; attenuationDb?: number; engine?: ResamplerEngine | 'auto' } = {},
  ) {
    for (const [name, r] of [['input', inputRate], ['output', outputRate]] as const) {
      if (!Number.isInteger(r) || r <= 0) throw new RangeError(`${name} sample rate must be a positive integer, got ${r}`);
    }
    const passHz = opts.passHz ?? 2000;
    const attenuationDb = opts.attenuationDb ?? 70;
    const key = `${inputRate}:${outputRate}:${passHz}:${attenuationDb}`;
    let kernel = kernels.get(key);
    if (!kernel) {
      kernel = designKernel(inputRate, outputRate, passHz, attenuationDb);
      kernels.set(key, kernel);
    }
    this.design = kernel.design;
    this.coefficients = kernel.coefficients;
    const W = this.design.halfWidth;
    const engine = opts.engine ?? 'auto';
    const k = engine === 'js' ? null : fingerprintKernel();
    const table = k ? acquireTable(kernel) : 0;
    const block = table ? pffftRuntime()!.malloc(4 * (2 * W + CHUNK) + 12 * (OUT_CHUNK + 8) + 16) : 0;
    if (table && !block) releaseTable(kernel);
    if (k && block) {
      const mem = pffftRuntime()!.memory.buffer;
      const base = (block + 15) & ~15;
      this.buf = new Float32Array(mem, base, 2 * W + CHUNK);
      this.out = new Float32Array(mem, this.buf.byteOffset + this.buf.byteLength, OUT_CHUNK + 8);
      const idx = new Int32Array(mem, this.out.byteOffset + this.out.byteLength, 2 * (OUT_CHUNK + 8));
      this.wasm = { k, kernel, block, table, idx };
      this.buf.fill(0);
      orphans.register(this, { block, kernel }, this);
    } else {
      if (engine === 'wasm-simd') throw new Error('the WASM SIMD resampler is unavailable');
      this.buf = new Float32Array(2 * W + CHUNK);
      this.out = new Float32Array(OUT_CHUNK + 8);
    }
    // W zeros stand for the input before sample 0.
    this.bufStart = -W;
    this.bufLen = W;
  }

  push(x: Float64Array, frames: number): void {
    if (this.finished) throw new Error('BandLimitedResampler.push() after finish()');
    const n = Math.min(frames, x.length);
    for (let i = 0; i < n; ) {
      if (this.bufLen === this.buf.length) this.compact();
      const take = Math.min(n - i, this.buf.length - this.bufLen);
      const buf = this.buf;
      if (this.wasm) {
        buf.set(x.subarray(i, i + take), this.bufLen);
        this.wasm.k.finite(buf.byteOffset + 4 * this.bufLen, take);
      } else {
        for (let j = 0, w = this.bufLen; j < take; j++, w++) {
          const v = x[i + j];
          buf[w] = v - v === 0 ? v : 0; // NaN and ±Inf read as 0, as the mel analyzer does
        }
      }
      this.bufLen += take;
      i += take;
      this.inputLen += take;
      this.produce(this.inputLen);
    }
  }

  /** Where the dot products run: the WASM kernel or TypeScript (same sums in the same order). */
  get engine(): ResamplerEngine {
    return this.wasm ? 'wasm-simd' : 'js';
  }

  /** Pads W + 1 zeros after the input and emits the remaining outputs, then frees the WASM buffers. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    try {
      const pad = this.design.halfWidth + 1;
      const end = this.inputLen;
      for (let z = 0; z < pad; ) {
        if (this.bufLen === this.buf.length) this.compact();
        const take = Math.min(pad - z, this.buf.length - this.bufLen);
        this.buf.fill(0, this.bufLen, this.bufLen + take);
        this.bufLen += take;
        z += take;
        this.produce(end);
      }
    } finally {
      if (this.wasm) {
        orphans.unregister(this);
        pffftRuntime()?.free(this.wasm.block);
        releaseTable(this.wasm.kernel);
        this.wasm = null;
      }
    }
  }

  /** Emits every output whose taps lie in the buffer and whose time is before `limit` input samples. */
  private produce(limit: number): void {
    if (this.wasm) return this.produceWasm(limit, this.wasm);
    const { buf, coefficients, out, at } = this;
    const taps = 2 * this.design.halfWidth;
    let m = 0;
    for (;;) {
      const n = this.locate(limit);
      if (n === 0) break;
      if (n === 4) {
        // Four outputs at once: four independent sums, each over its taps in order, so each rounds as the single
        // sum below does; the interleaving only hides the latency of the adds.
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        const b0 = at[0], b1 = at[1], b2 = at[2], b3 = at[3];
        const c0 = at[4], c1 = at[5], c2 = at[6], c3 = at[7];
        for (let j = 0; j < taps; j++) {
          a0 = f32(a0 + f32(buf[b0 + j] * coefficients[c0 + j]));
          a1 = f32(a1 + f32(buf[b1 + j] * coefficients[c1 + j]));
          a2 = f32(a2 + f32(buf[b2 + j] * coefficients[c2 + j]));
          a3 = f32(a3 + f32(buf[b3 + j] * coefficients[c3 + j]));
        }
        out[m] = a0;
        out[m + 1] = a1;
        out[m + 2] = a2;
        out[m + 3] = a3;
      } else {
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let b = at[i], c = at[4 + i], end = c + taps; c < end; b++, c++) acc = f32(acc + f32(buf[b] * coefficients[c]));
          out[m + i] = acc;
        }
      }
      m += n;
      this.k += n;
      if (m >= OUT_CHUNK) {
        this.sink(out, m);
        m = 0;
      }
    }
    if (m > 0) this.sink(out, m);
  }

  /** produce() in the kernel (`resample`: the same positions, phases and sums), OUT_CHUNK outputs per call. */
  private produceWasm(limit: number, w: WasmDots): void {
    const { out, inputRate: fin, outputRate: fout, buf } = this;
    const { idx, k, table } = w;
    const available = this.bufStart + this.bufLen;
    for (;;) {
      const n = k.resample(this.k, fin, fout, this.design.phases, this.design.halfWidth, this.bufStart, available,
        limit * fout, buf.byteOffset, table, idx.byteOffset, out.byteOffset, OUT_CHUNK);
      if (n === 0) break;
      this.k += n;
      this.sink(out, n);
      if (n < OUT_CHUNK) break;
    }
  }

  /**
   * Locates the next outputs (up to 4) whose taps lie in the buffer and whose time is before `limit`: at[i] = the
   * buffer index of output k+i's first tap, at[4 + i] = its kernel row. Returns how many.
   */
  private locate(limit: number): number {
    const { at, inputRate: fin, outputRate: fout } = this;
    const W = this.design.halfWidth;
    const P = this.design.phases;
    const available = this.bufStart + this.bufLen;
    let n = 0;
    for (; n < 4; n++) {
      const pos = (this.k + n) * fin; // exact integer below 2^53: t_k = pos / fout
      let t0 = Math.floor(pos / fout);
      if (t0 + W + 1 >= available || pos >= limit * fout) break; // + 1: rounding may move to the next sample
      let p = Math.round(((pos - t0 * fout) * P) / fout);
      if (p === P) {
        p = 0;
        t0++;
      }
      at[n] = t0 - W + 1 - this.bufStart;
      at[4 + n] = p * 2 * W;
    }
    return n;
  }

  /** Drops inputs no future output reaches (before floor(t_k) − W + 1). */
  private compact(): void {
    const W = this.design.halfWidth;
    const firstNeeded = Math.floor((this.k * this.inputRate) / this.outputRate) - W + 1;
    const drop = Math.max(0, Math.min(firstNeeded - this.bufStart, this.bufLen));
    if (drop === 0) throw new Error('resampler buffer full with no input to drop');
    this.buf.copyWithin(0, drop, this.bufLen);
    this.bufStart += drop;
    this.bufLen -= drop;
  }
}
