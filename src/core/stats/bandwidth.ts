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

/** scipy.signal.get_window('hann', 2048, fftbins=True): 0.5 - 0.5·cos(2πn/2048). */
const HANN = Float64Array.from({ length: BANDWIDTH_FFT_SIZE }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / BANDWIDTH_FFT_SIZE));

/**
 * Streams the mono downmix in blocks of any size. The last 2048 samples live in a ring whose size is a multiple of
 * the hop, so every frame starts at a ring index that is a multiple of 512 and a frame is two straight runs.
 */
export class BandwidthAccumulator {
  private readonly ring = new Float64Array(BANDWIDTH_FFT_SIZE);
  /** Σ over frames of |X[k]|². */
  private readonly powerSum = new Float64Array(BANDWIDTH_BINS);
  private readonly framePower = new Float64Array(BANDWIDTH_BINS);
  private readonly fft: RealFft;
  private readonly pffft: PffftRealFft | null;
  /** PFFFT's output in WASM memory (which never grows, so the view stays attached). */
  private readonly pffftOut: Float32Array | null;
  /** Samples pushed so far. */
  private samples = 0;
  /** Sample index one past the end of the next frame: 2048, 2560, 3072, ... */
  private nextFrameEnd = BANDWIDTH_FFT_SIZE;
  private frameCount = 0;

  /** 'auto': PFFFT (WASM SIMD, float32) when it loads, else fft.js; tests pin each. */
  constructor(backend: FftBackendName | 'auto' = 'auto') {
    this.fft = sharedRealFft(BANDWIDTH_FFT_SIZE, backend);
    this.pffft = this.fft instanceof PffftRealFft ? this.fft : null;
    this.pffftOut = this.pffft ? new Float32Array(pffftRuntime()!.memory.buffer, this.pffft.outPtr, BANDWIDTH_FFT_SIZE) : null;
  }

  /** Which FFT runs the frames. */
  get backend(): FftBackendName {
    return this.fft.backend;
  }

  /** Frames analysed so far (floor((L - 2048) / 512) + 1 for L >= 2048 samples, else 0). */
  get frames(): number {
    return this.frameCount;
  }

  /** Appends mono[0 .. frames); non-finite samples count as 0 (the channel statistics report them). No allocation. */
  push(mono: Float64Array, frames: number): void {
    const n = Math.min(frames, mono.length);
    const ring = this.ring;
    let i = 0;
    while (i < n) {
      // Copy up to the end of the next frame: frame ends are multiples of 512, so the copy never wraps the ring.
      const take = Math.min(n - i, this.nextFrameEnd - this.samples);
      let at = this.samples & (BANDWIDTH_FFT_SIZE - 1);
      for (const end = i + take; i < end; i++) {
        const x = mono[i];
        ring[at++] = x - x === 0 ? x : 0;
      }
      this.samples += take;
      if (this.samples === this.nextFrameEnd) {
        this.analyzeFrame();
        this.nextFrameEnd += BANDWIDTH_HOP;
      }
    }
  }

  /** The frame is ring[start..2048) then ring[0..start), where start = (frame start) mod 2048. */
  private analyzeFrame(): void {
    const start = (this.nextFrameEnd - BANDWIDTH_FFT_SIZE) & (BANDWIDTH_FFT_SIZE - 1);
    if (this.pffft) this.pffftFrame(this.pffft, start);
    else this.genericFrame(start);
    this.frameCount++;
  }

  /** PFFFT: window straight into its float32 input, and |X[k]|² summed from its ordered output (no spectrum copy). */
  private pffftFrame(fft: PffftRealFft, start: number): void {
    const { ring, powerSum } = this;
    const input = fft.input;
    const firstRun = BANDWIDTH_FFT_SIZE - start;
    for (let n = 0; n < firstRun; n++) input[n] = HANN[n] * ring[start + n];
    for (let n = firstRun; n < BANDWIDTH_FFT_SIZE; n++) input[n] = HANN[n] * ring[n - firstRun];
    fft.transform();
    // pffft.h ordered real output: [X0.re, X(N/2).re, X1.re, X1.im, X2.re, X2.im, ...].
    const y = this.pffftOut!;
    powerSum[0] += y[0] * y[0];
    powerSum[NYQUIST_BIN] += y[1] * y[1];
    for (let k = 1; k < NYQUIST_BIN; k++) {
      const re = y[2 * k];
      const im = y[2 * k + 1];
      powerSum[k] += re * re + im * im;
    }
  }

  private genericFrame(start: number): void {
    const { ring, fft, framePower, powerSum } = this;
    const input = fft.input;
    const firstRun = BANDWIDTH_FFT_SIZE - start;
    for (let n = 0; n < firstRun; n++) input[n] = HANN[n] * ring[start + n];
    for (let n = firstRun; n < BANDWIDTH_FFT_SIZE; n++) input[n] = HANN[n] * ring[n - firstRun];
    fft.power(framePower);
    for (let k = 0; k < BANDWIDTH_BINS; k++) powerSum[k] += framePower[k];
  }

  /** P[k] = mean over frames of |X[k]|², k = 0..1024; null before the first whole frame. A new array. */
  meanPower(): Float64Array | null {
    if (this.frameCount === 0) return null;
    const p = new Float64Array(BANDWIDTH_BINS);
    for (let k = 0; k < BANDWIDTH_BINS; k++) p[k] = this.powerSum[k] / this.frameCount;
    return p;
  }

  /** bandwidthHz of what was pushed: null when shorter than 2048 samples or P is all zero. */
  finish(sampleRate: number): number | null {
    const p = this.meanPower();
    return p ? bandwidthFromPower(p, sampleRate) : null;
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

/** Inserts v into sorted[0..len) keeping it ascending; returns the new length. */
function insertSorted(sorted: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  sorted.copyWithin(lo + 1, lo, len);
  sorted[lo] = v;
  return len + 1;
}

/** Removes one copy of v (present) from sorted[0..len). */
function removeSorted(sorted: Float64Array, len: number, v: number): void {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  sorted.copyWithin(lo, lo + 1, len);
}
