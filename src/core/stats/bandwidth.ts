// Effective bandwidth of the mono downmix: where the long-term spectrum falls off a cliff (an MP3 or low-rate source
// resampled up, a telephone band, an anti-alias filter far below Nyquist).
//
// Definition (README "Effective bandwidth", from the issue; implemented exactly):
// - P[k] = mean over frames of |X[k]|^2 of the mono downmix: periodic Hann window of 2048 samples
//   (w[n] = 0.5 - 0.5 cos(2 pi n / 2048)), hop 512, only frames that lie wholly inside the file (no padding);
//   k = 0 ... 1024. bandwidthHz is null when the file is shorter than 2048 samples or P is all zero.
//   D[k] = 10 log10(max(P[k], max(P) * 1e-30)).
// - From kc = 1024 down to 33: the first kc with P10(D[kc-32 ... kc-1]) - P90(D[kc ... 1024]) >= 30 dB (P10, P90 =
//   10th / 90th percentile with linear interpolation, as numpy.percentile's default) gives bandwidthHz = kc * sr / 2048:
//   a cliff where the quiet part of the band just below stands 30 dB over the loud part of everything above.
//   No such kc: bandwidthHz = sr/2 (full band). A smooth natural roll-off, a noise floor that reaches Nyquist, or a
//   pure tone is no cliff.
// Consequences worth knowing: P10 of 32 values sits at sorted index 3.1, so up to 3 quiet bins may stand in the
// window and a clean step at bin s reads kc = s + 3; the Hann leakage tail above a brick wall pushes kc a little
// higher still (measured +5 to +28 bins, depending on how deep the stopband floor is).
import { sharedRealFft, type FftBackendName, type RealFft } from '../fft/realFft';
import { PffftRealFft, pffftRuntime } from '../fft/pffft';
import { wasm } from '../fft/wasmApi';
import { BANDWIDTH_KERNEL_WASM_BASE64 } from './wasm/bandwidthKernelWasm';

export const BANDWIDTH_FFT_SIZE = 2048;
export const BANDWIDTH_HOP = 512;
/** k = 0 ... 1024. */
export const BANDWIDTH_BINS = BANDWIDTH_FFT_SIZE / 2 + 1;
const NYQUIST_BIN = BANDWIDTH_FFT_SIZE / 2;
/** Width of the "band just below" the candidate cliff, in bins. */
const BELOW_BINS = 32;
const CLIFF_DB = 30;
/** D[k] floor relative to max(P): keeps exact zeros finite (-300 dB) without hiding any real level. */
const FLOOR_RATIO = 1e-30;
/** Samples buffered: 8 frames' worth, so one copy feeds many frames and compaction moves at most 2047 samples. */
const CAPACITY = 8 * BANDWIDTH_FFT_SIZE;

/** scipy.signal.get_window('hann', 2048, fftbins=True): 0.5 - 0.5·cos(2πn/2048). */
const HANN = Float64Array.from({ length: BANDWIDTH_FFT_SIZE }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / BANDWIDTH_FFT_SIZE));

export interface BandwidthOptions {
  /** 'auto' (default): the WASM SIMD kernel over PFFFT when it loads, else TypeScript. Tests pin each. */
  path?: 'auto' | 'wasm-simd' | 'js';
  /** FFT of the TypeScript path. */
  fft?: FftBackendName | 'auto';
}

/**
 * Streams the mono downmix in blocks of any size into a buffer; every whole frame in it is cut at once (frames span
 * block boundaries), then the samples no later frame needs are dropped.
 */
export class BandwidthAccumulator {
  private readonly engine: SpectrumEngine;
  /** Holds samples bufStart .. bufStart + bufLen. */
  private readonly buf: Float64Array;
  private bufStart = 0;
  private bufLen = 0;
  private nextFrameStart = 0;
  private frameCount = 0;
  /** P, frozen at finish() (the WASM engine's memory is returned then). */
  private final: Float64Array | null | undefined;

  constructor(opts: BandwidthOptions = {}) {
    const path = opts.path ?? 'auto';
    const fast = path !== 'js' && opts.fft !== 'fft.js' ? WasmEngine.create() : null;
    if (!fast && path === 'wasm-simd') throw new Error('the WASM SIMD bandwidth kernel is unavailable');
    this.engine = fast ?? new JsEngine(sharedRealFft(BANDWIDTH_FFT_SIZE, opts.fft ?? 'auto'));
    this.buf = this.engine.buf;
  }

  /** Which path runs the frames: 'wasm-simd' or 'js/<fft backend>'. */
  get backend(): string {
    return this.engine.name;
  }

  /** Frames analysed so far (floor((L - 2048) / 512) + 1 for L >= 2048 samples, else 0). */
  get frames(): number {
    return this.frameCount;
  }

  /** Appends mono[0 .. frames); non-finite samples count as 0 (the channel statistics report them). */
  push(mono: Float64Array, frames: number): void {
    if (this.final !== undefined) throw new Error('BandwidthAccumulator.push() after finish()');
    const n = Math.min(frames, mono.length);
    const buf = this.buf;
    let i = 0;
    while (i < n) {
      if (this.bufLen === CAPACITY) this.compact();
      const take = Math.min(n - i, CAPACITY - this.bufLen);
      // Bulk copy; a view only when the block is split.
      buf.set(i === 0 && take === mono.length ? mono : mono.subarray(i, i + take), this.bufLen);
      this.bufLen += take;
      i += take;
      this.cutFrames();
    }
  }

  /** Every whole frame in the buffer, in one engine call. */
  private cutFrames(): void {
    const end = this.bufStart + this.bufLen;
    if (this.nextFrameStart + BANDWIDTH_FFT_SIZE > end) return;
    const count = Math.floor((end - BANDWIDTH_FFT_SIZE - this.nextFrameStart) / BANDWIDTH_HOP) + 1;
    this.engine.frames(this.nextFrameStart - this.bufStart, count);
    this.frameCount += count;
    this.nextFrameStart += count * BANDWIDTH_HOP;
  }

  /** Drops samples before the next frame's start (fewer than 2048 remain after cutFrames). */
  private compact(): void {
    const drop = this.nextFrameStart - this.bufStart;
    this.buf.copyWithin(0, drop, this.bufLen);
    this.bufStart += drop;
    this.bufLen -= drop;
  }

  /** P[k] = mean over frames of |X[k]|², k = 0..1024; null before the first whole frame. A new array. */
  meanPower(): Float64Array | null {
    if (this.final !== undefined) return this.final && this.final.slice();
    if (this.frameCount === 0) return null;
    const p = new Float64Array(BANDWIDTH_BINS);
    const sum = this.engine.sum;
    for (let k = 0; k < BANDWIDTH_BINS; k++) p[k] = sum[k] / this.frameCount;
    return p;
  }

  /** bandwidthHz of what was pushed: null when shorter than 2048 samples or P is all zero. Frees the WASM buffers. */
  finish(sampleRate: number): number | null {
    if (this.final === undefined) {
      this.final = this.meanPower();
      this.engine.release();
    }
    return this.final ? bandwidthFromPower(this.final, sampleRate) : null;
  }
}

/** Where the samples wait and the frames' |X|² sums go, and who computes them. */
interface SpectrumEngine {
  readonly name: string;
  /** CAPACITY samples. */
  readonly buf: Float64Array;
  /** Σ over frames of |X[k]|², k = 0..1024. */
  readonly sum: Float64Array;
  /** Frames starting at buf[at + i·512] for i < count. */
  frames(at: number, count: number): void;
  release(): void;
}

/** TypeScript over any RealFft (fft.js float64 is the reference). */
class JsEngine implements SpectrumEngine {
  readonly name: string;
  readonly buf = new Float64Array(CAPACITY);
  readonly sum = new Float64Array(BANDWIDTH_BINS);
  private readonly framePower = new Float64Array(BANDWIDTH_BINS);

  constructor(private readonly fft: RealFft) {
    this.name = `js/${fft.backend}`;
  }

  frames(at: number, count: number): void {
    const { buf, fft, framePower, sum } = this;
    const input = fft.input;
    for (let f = 0; f < count; f++, at += BANDWIDTH_HOP) {
      for (let n = 0; n < BANDWIDTH_FFT_SIZE; n++) {
        const x = buf[at + n];
        input[n] = HANN[n] * (x - x === 0 ? x : 0);
      }
      fft.power(framePower);
      for (let k = 0; k < BANDWIDTH_BINS; k++) sum[k] += framePower[k];
    }
  }

  release(): void {}
}

interface BandwidthKernel {
  frames(src: number, count: number, hop: number, win: number, nFft: number, setup: number, input: number, output: number,
    work: number, sum: number): void;
}

let kernel: BandwidthKernel | null | undefined;
/** Byte address of HANN in PFFFT's memory (one copy per thread, never freed). */
let hannPtr = 0;
// Frees the buffers of an accumulator dropped without finish() (e.g. a file that failed mid-read).
const orphans = new FinalizationRegistry<number>((ptr) => pffftRuntime()?.free(ptr));

function loadKernel(): BandwidthKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const rt = pffftRuntime();
  if (!rt) return null;
  try {
    const module = new wasm.Module(Buffer.from(BANDWIDTH_KERNEL_WASM_BASE64, 'base64'));
    const k = new wasm.Instance(module, { env: { memory: rt.memory, transform: rt.transformOrdered } }).exports as unknown as BandwidthKernel;
    const ptr = rt.malloc(8 * BANDWIDTH_FFT_SIZE + 16);
    if (!ptr) return null;
    hannPtr = (ptr + 15) & ~15;
    new Float64Array(rt.memory.buffer, hannPtr, BANDWIDTH_FFT_SIZE).set(HANN);
    kernel = k;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Window, PFFFT and the |X|² sums in one WASM call for all frames of a push; buffers in PFFFT's memory. */
class WasmEngine implements SpectrumEngine {
  readonly name = 'wasm-simd';
  readonly buf: Float64Array;
  readonly sum: Float64Array;
  private released = false;

  private constructor(private readonly k: BandwidthKernel, private readonly fft: PffftRealFft, private readonly block: number) {
    const mem = pffftRuntime()!.memory.buffer;
    const base = (block + 15) & ~15;
    this.buf = new Float64Array(mem, base, CAPACITY);
    this.sum = new Float64Array(mem, base + 8 * CAPACITY, BANDWIDTH_BINS).fill(0);
    orphans.register(this, block, this);
  }

  static create(): WasmEngine | null {
    const k = loadKernel();
    const rt = pffftRuntime();
    if (!k || !rt) return null;
    const fft = sharedRealFft(BANDWIDTH_FFT_SIZE, 'pffft-simd');
    if (!(fft instanceof PffftRealFft)) return null;
    const block = rt.malloc(8 * (CAPACITY + BANDWIDTH_BINS) + 16);
    return block ? new WasmEngine(k, fft, block) : null;
  }

  frames(at: number, count: number): void {
    const { fft } = this;
    this.k.frames(this.buf.byteOffset + 8 * at, count, BANDWIDTH_HOP, hannPtr, BANDWIDTH_FFT_SIZE, fft.setup, fft.inPtr,
      fft.outPtr, fft.workPtr, this.sum.byteOffset);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    orphans.unregister(this);
    pffftRuntime()?.free(this.block);
  }
}

/** bandwidthHz = cliffBin(P) · sr / 2048, or null when P is all zero. */
export function bandwidthFromPower(power: ArrayLike<number>, sampleRate: number): number | null {
  const kc = cliffBin(power);
  return kc === null ? null : (kc * sampleRate) / BANDWIDTH_FFT_SIZE;
}

/**
 * The cliff search of the definition above on P[0..1024]: kc in 33..1024, 1024 when there is no cliff (a cliff at
 * 1024 and the full band both mean sr/2), null when P is all zero. As kc falls, the suffix D[kc..1024] gains one value
 * (sorted insertion) and the 32-bin window below slides by one (one sorted removal, one insertion): O(n²) moves at
 * worst instead of a sort per kc.
 */
export function cliffBin(power: ArrayLike<number>): number | null {
  if (power.length !== BANDWIDTH_BINS) throw new RangeError(`the power spectrum needs ${BANDWIDTH_BINS} bins, got ${power.length}`);
  let maxP = 0;
  for (let k = 0; k < BANDWIDTH_BINS; k++) if (power[k] > maxP) maxP = power[k];
  if (!(maxP > 0)) return null;
  const floor = maxP * FLOOR_RATIO;
  const db = new Float64Array(BANDWIDTH_BINS);
  for (let k = 0; k < BANDWIDTH_BINS; k++) db[k] = 10 * Math.log10(Math.max(power[k], floor));

  const above = new Float64Array(BANDWIDTH_BINS);
  let aboveLen = 0;
  const below = new Float64Array(BELOW_BINS);
  for (let j = 0; j < BELOW_BINS; j++) below[j] = db[NYQUIST_BIN - BELOW_BINS + j];
  below.sort();
  for (let kc = NYQUIST_BIN; kc > BELOW_BINS; kc--) {
    if (kc < NYQUIST_BIN) {
      // Window D[kc-32 .. kc-1] from D[kc-31 .. kc]: D[kc] leaves, D[kc-32] enters.
      removeSorted(below, BELOW_BINS, db[kc]);
      insertSorted(below, BELOW_BINS - 1, db[kc - BELOW_BINS]);
    }
    aboveLen = insertSorted(above, aboveLen, db[kc]);
    if (percentileSorted(below, BELOW_BINS, 10) - percentileSorted(above, aboveLen, 90) >= CLIFF_DB) return kc;
  }
  return NYQUIST_BIN;
}

/**
 * numpy.percentile(a, q) (method 'linear', the default) of sorted[0..len): virtual index (len - 1)·q/100, then
 * numpy's _lerp, which interpolates from the upper value when the weight is >= 0.5.
 */
export function percentileSorted(sorted: ArrayLike<number>, len: number, q: number): number {
  const pos = (len - 1) * (q / 100);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, len - 1);
  const t = pos - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The first index in sorted[0..len) whose value is >= v (binary search). */
function lowerBound(sorted: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts v into sorted[0..len) keeping it ascending; returns the new length. */
function insertSorted(sorted: Float64Array, len: number, v: number): number {
  const lo = lowerBound(sorted, len, v);
  sorted.copyWithin(lo + 1, lo, len);
  sorted[lo] = v;
  return len + 1;
}

/** Removes one copy of v (present) from sorted[0..len). */
function removeSorted(sorted: Float64Array, len: number, v: number): void {
  const lo = lowerBound(sorted, len, v);
  sorted.copyWithin(lo, lo + 1, len);
}
