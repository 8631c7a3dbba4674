// The audio fingerprint of Haitsma & Kalker (2002), "A Highly Robust Audio Fingerprinting System" (ISMIR 2002),
// section 4: mono at ~5.5 kHz, 0.37 s Hann frames every 1/32 of a frame, 33 log-spaced bands over 300-2000 Hz,
// and one 32-bit sub-fingerprint per frame from the signs of the band-energy differences across bands and time.
import type { SampleBlock } from '../types';
import { createRealFft, type FftBackendName, type RealFft } from '../fft/realFft';
import { hannPeriodic } from '../mel/analyzer';
import { BandLimitedResampler } from './resample';
import { WasmFrameLoop, type FrameLoop } from './wasm/frameLoop';

/** The fingerprint's sample rate: 2048 samples = 0.3716 s, the paper's 0.37 s frame. */
export const FINGERPRINT_RATE = 5512;
export const FRAME_SIZE = 2048;
/** Overlap 31/32 (the paper): 86.1 sub-fingerprints per second. */
export const HOP_SIZE = 64;
export const BAND_COUNT = 33;
export const BAND_LOW_HZ = 300;
export const BAND_HIGH_HZ = 2000;

/**
 * Band m (0..32) holds FFT bins k with f_m <= k·fs/N < f_(m+1), where f_m = 300·(2000/300)^(m/33) (log spacing,
 * non-overlapping): edges[m] = ceil(f_m·N/fs), band m = bins edges[m] .. edges[m+1]-1.
 */
export function bandBinEdges(sampleRate = FINGERPRINT_RATE, frameSize = FRAME_SIZE): Int32Array {
  const edges = new Int32Array(BAND_COUNT + 1);
  for (let m = 0; m <= BAND_COUNT; m++) {
    const f = BAND_LOW_HZ * (BAND_HIGH_HZ / BAND_LOW_HZ) ** (m / BAND_COUNT);
    edges[m] = Math.ceil((f * frameSize) / sampleRate);
  }
  return edges;
}

/**
 * Paper eq. (1): bit m = 1 iff E(n,m) − E(n,m+1) − (E(n−1,m) − E(n−1,m+1)) > 0, m = 0..31, for band energies
 * `prev` = E(n−1,·) and `cur` = E(n,·). Bit m is the value 2^m (bit 0 compares the two lowest bands).
 */
export function subFingerprint(prev: ArrayLike<number>, cur: ArrayLike<number>): number {
  let bits = 0;
  for (let m = 0; m < BAND_COUNT - 1; m++) {
    if (cur[m] - cur[m + 1] - (prev[m] - prev[m + 1]) > 0) bits |= 1 << m;
  }
  return bits >>> 0;
}

/** Sub-fingerprints for `samples` input samples at `sampleRate`: one per frame after the first (eq. (1) needs n−1). */
export function expectedSubFingerprints(samples: number, sampleRate: number): number {
  const resampled = Math.ceil((samples * FINGERPRINT_RATE) / sampleRate);
  return resampled < FRAME_SIZE ? 0 : Math.floor((resampled - FRAME_SIZE) / HOP_SIZE);
}

/** Resampled samples kept for framing: one frame plus room for 32 hops between compactions. */
const FRAME_BUFFER = FRAME_SIZE + 32 * HOP_SIZE;
/** Most frames one pass over the buffer can cut. */
const MAX_FRAMES = (FRAME_BUFFER - FRAME_SIZE) / HOP_SIZE + 1;

export type FingerprintFrontEnd = FrameLoop['name'];

/** The Hann window in float32: frames are windowed in float32, the precision of the FFT they feed. */
let sharedWindow: Float32Array | null = null;
let sharedEdges: Int32Array | null = null;

/** The frame loop in TypeScript over any FFT backend: the reference for the WASM kernel and the fallback without it. */
class JsFrameLoop implements FrameLoop {
  readonly name = 'js' as const;
  readonly buf = new Float32Array(FRAME_BUFFER);
  private readonly spectrum: Float64Array;
  private prevEnergy = new Float64Array(BAND_COUNT);
  private curEnergy = new Float64Array(BAND_COUNT);
  private analyzed = 0;

  constructor(private readonly fft: RealFft) {
    this.spectrum = new Float64Array(fft.bins);
  }

  get backend(): FftBackendName {
    return this.fft.backend;
  }

  frames(at: number, count: number, out: Uint32Array, outAt: number): number {
    let written = 0;
    for (let i = 0; i < count; i++, at += HOP_SIZE) {
      this.analyze(at);
      if (this.analyzed++ > 0) out[outAt + written++] = subFingerprint(this.prevEnergy, this.curEnergy);
      const e = this.curEnergy;
      this.curEnergy = this.prevEnergy;
      this.prevEnergy = e;
    }
    return written;
  }

  /**
   * curEnergy = the 33 band energies of the Hann-windowed frame at buf[at]. The product of two float32 values is
   * exact in a double, so storing it in PFFFT's Float32Array input rounds once, as a float32 multiply does. Each band
   * sums its 1st, 3rd, … bins and its 2nd, 4th, … bins apart, then adds the two (the WASM kernel's two SIMD lanes).
   */
  private analyze(at: number): void {
    const { fft, buf, spectrum } = this;
    const edges = sharedEdges!;
    const input = fft.input;
    const w = sharedWindow!;
    for (let i = 0; i < FRAME_SIZE; i++) input[i] = buf[at + i] * w[i];
    fft.power(spectrum);
    const e = this.curEnergy;
    for (let m = 0; m < BAND_COUNT; m++) {
      let odd = 0;
      let even = 0;
      let k = edges[m];
      const end = edges[m + 1];
      for (; k + 1 < end; k += 2) {
        odd += spectrum[k];
        even += spectrum[k + 1];
      }
      if (k < end) odd += spectrum[k];
      e[m] = odd + even;
    }
  }

  release(): void {}
}

/**
 * Streams one file's mono downmix (any rate) into its fingerprint: push() blocks at the input rate, then finish().
 * Memory besides the output (4 bytes per sub-fingerprint, ~86 per second) is fixed: the resampler's kernel and
 * buffer, one frame buffer and two band-energy vectors (on the WASM path in PFFFT's memory, freed by finish(), or when
 * an unfinished accumulator is collected). Non-finite samples are read as 0.
 */
export class FingerprintAccumulator {
  private readonly resampler: BandLimitedResampler;
  /** The resampled signal in float32 (the FFT's precision), one frame plus hops; in WASM memory on the WASM path. */
  private readonly frame: Float32Array;
  private frameLen = 0;
  /** Start of the next frame in `frame`. */
  private nextFrame = 0;
  private prints = new Uint32Array(1024);
  private count = 0;
  private downmix = new Float64Array(0);
  private result: Uint32Array | null = null;

  private constructor(
    readonly sampleRate: number,
    private readonly loop: FrameLoop,
  ) {
    this.frame = loop.buf;
    // The TypeScript frame loop (fallback, or fft.js asked for) brings the TypeScript resampler: no WASM at all.
    const engine = loop.name === 'js' ? 'js' : 'auto';
    this.resampler = new BandLimitedResampler(sampleRate, FINGERPRINT_RATE, (y, n) => this.take(y, n), { engine });
  }

  /**
   * frontEnd 'auto' (default) runs the frames on the WASM SIMD kernel when PFFFT loads, else in TypeScript; both give
   * the same bits over PFFFT. fft 'fft.js' (float64) implies the TypeScript loop.
   */
  static async create(
    sampleRate: number,
    opts: { fft?: FftBackendName | 'auto'; frontEnd?: FingerprintFrontEnd | 'auto' } = {},
  ): Promise<FingerprintAccumulator> {
    sharedWindow ??= Float32Array.from(hannPeriodic(FRAME_SIZE));
    sharedEdges ??= bandBinEdges();
    const fft = opts.fft ?? 'auto';
    const frontEnd = opts.frontEnd ?? 'auto';
    if (frontEnd !== 'js' && fft !== 'fft.js') {
      const spec = { frameSize: FRAME_SIZE, hop: HOP_SIZE, bufferSize: FRAME_BUFFER, maxFrames: MAX_FRAMES, window: sharedWindow, edges: sharedEdges };
      const loop = await WasmFrameLoop.create(spec);
      if (loop) return new FingerprintAccumulator(sampleRate, loop);
      if (frontEnd === 'wasm-simd') throw new Error('the WASM SIMD fingerprint kernel is unavailable');
    }
    return new FingerprintAccumulator(sampleRate, new JsFrameLoop(await createRealFft(FRAME_SIZE, fft)));
  }

  /** Which FFT runs the frames ('pffft-simd' or 'fft.js'). */
  get backend(): FftBackendName {
    return this.loop.backend;
  }

  /** Where the frame loop runs: the WASM SIMD kernel or TypeScript. */
  get frontEnd(): FingerprintFrontEnd {
    return this.loop.name;
  }

  push(mono: Float64Array, frames: number): void {
    if (this.result) throw new Error('FingerprintAccumulator.push() after finish()');
    this.resampler.push(mono, frames);
  }

  /** Pushes the block's mono downmix m[n] = mean over channels (README "File-level statistics"). */
  pushBlock(block: SampleBlock): void {
    const { channels, frames } = block;
    if (channels.length === 1) return this.push(channels[0], frames);
    if (this.downmix.length < frames) this.downmix = new Float64Array(frames);
    const m = this.downmix;
    const scale = 1 / channels.length;
    m.fill(0, 0, frames);
    for (const x of channels) for (let i = 0; i < frames; i++) m[i] += x[i];
    for (let i = 0; i < frames; i++) m[i] *= scale;
    this.push(m, frames);
  }

  /** The sub-fingerprints, in frame order (frame n+1's is at index n); later calls return the same array. */
  finish(): Uint32Array {
    if (!this.result) {
      try {
        this.resampler.finish();
      } finally {
        this.loop.release();
      }
      this.result = this.prints.slice(0, this.count);
      this.prints = new Uint32Array(0);
    }
    return this.result;
  }

  /** Resampler sink: append, analyze every complete frame in one call, compact when full. */
  private take(y: Float32Array, n: number): void {
    for (let i = 0; i < n; ) {
      if (this.frameLen === FRAME_BUFFER) {
        this.frame.copyWithin(0, this.nextFrame, this.frameLen);
        this.frameLen -= this.nextFrame;
        this.nextFrame = 0;
      }
      const take = Math.min(n - i, FRAME_BUFFER - this.frameLen);
      this.frame.set(y.subarray(i, i + take), this.frameLen);
      this.frameLen += take;
      i += take;
      if (this.nextFrame + FRAME_SIZE > this.frameLen) continue;
      const count = Math.floor((this.frameLen - FRAME_SIZE - this.nextFrame) / HOP_SIZE) + 1;
      if (this.count + count > this.prints.length) {
        const grown = new Uint32Array(Math.max(2 * this.prints.length, this.count + count));
        grown.set(this.prints.subarray(0, this.count));
        this.prints = grown;
      }
      this.count += this.loop.frames(this.nextFrame, count, this.prints, this.count);
      this.nextFrame += count * HOP_SIZE;
    }
  }
}
