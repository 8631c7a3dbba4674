// Streaming log-mel analyzer: preemphasis → center padding → periodic Hann STFT → Slaney mel → dB, reduced to MelReport.
import type { MelReport } from '../types';
import type { FftBackendName } from '../fft/realFft';
import { slaneyFilterbank, type MelFilterbank } from './filterbank';
import { createMelFrontEnd, type MelFrontEnd, type MelFrontEndName } from './frontEnd';
import type { ResolvedMel } from './params';

export interface MelAnalyzerOptions {
  /** Called per STFT frame with its dB values (length nMels); the array is reused, copy it to keep it. */
  onFrame?: (frame: number, db: Float64Array) => void;
  /** 'auto' (default): WASM SIMD when it loads, else TypeScript. Tests pin each path. */
  frontEnd?: MelFrontEndName | 'auto';
  /** FFT of the TypeScript front end; 'fft.js' also forces that front end. */
  fft?: FftBackendName | 'auto';
}

/**
 * Feed mono samples in blocks of any size with push(), then finish(). Frame t covers padded samples
 * [t·hop, t·hop + nFft) where the signal is padded by nFft/2 on both ends (librosa.stft center=True), so a signal of
 * L >= 1 samples gives 1 + floor(L/hop) frames. Non-finite samples are read as 0 (the stats engine reports them).
 */
export class MelAnalyzer {
  private readonly pad: number;
  /** Holds padded samples z[bufStart .. bufStart + bufLen); owned by the front end (WASM memory on the fast path). */
  private readonly buf: Float64Array;
  private bufStart = 0;
  private bufLen = 0;
  /** The first pad + 1 samples: reflect padding at the start needs y[1..pad] before any frame can be cut. */
  private readonly head: Float64Array;
  private headLen = 0;
  private started = false;
  private finished = false;
  private inputLen = 0;
  /** Previous raw sample for preemphasis; 0 makes y[0] = x[0] (scipy.signal.lfilter zero initial state). */
  private prevX = 0;
  private nextFrameStart = 0;

  private frames = 0;
  private maxFrame = 0;
  /** Frozen at finish(): the front end's WASM memory is returned then. */
  private final: MelReport | null = null;

  private constructor(
    readonly params: ResolvedMel,
    private readonly frontEnd: MelFrontEnd,
    private readonly onFrame: MelAnalyzerOptions['onFrame'],
  ) {
    this.pad = params.nFft >> 1;
    this.buf = frontEnd.buf;
    this.head = new Float64Array(this.pad + 1);
  }

  static async create(r: ResolvedMel, opts: MelAnalyzerOptions = {}): Promise<MelAnalyzer> {
    if (r.winLength > r.nFft) throw new RangeError(`winLength ${r.winLength} > nFft ${r.nFft}`);
    const frontEnd = await createMelFrontEnd({
      r,
      filterbank: cachedFilterbank(r),
      window: cachedWindow(r.winLength),
      // 8·nFft: room for several frames per copy, while compaction moves at most nFft samples
      capacity: 8 * r.nFft,
      frontEnd: opts.frontEnd ?? 'auto',
      fft: opts.fft ?? 'auto',
    });
    return new MelAnalyzer(r, frontEnd, opts.onFrame);
  }

  /** Which front end runs the frames: 'wasm-simd' or 'js/<fft backend>' (for the benchmark and diagnostics). */
  get backend(): string {
    return this.frontEnd.name;
  }

  push(mono: Float64Array, frames: number): void {
    if (this.finished) throw new Error('MelAnalyzer.push() after finish()');
    const a = this.params.preemphasis;
    const n = Math.min(frames, mono.length);
    let prev = this.prevX;
    let i = 0;
    while (i < n && !this.started) {
      let x = mono[i++];
      if (x - x !== 0) x = 0; // NaN or ±Inf
      this.head[this.headLen++] = x - a * prev; // preemphasis: y[n] = x[n] - a·x[n-1] (Tacotron util/audio.py)
      prev = x;
      if (this.headLen === this.head.length) this.startBody();
    }
    const buf = this.buf;
    while (i < n) {
      if (this.bufLen === buf.length) this.drain();
      const take = Math.min(n - i, buf.length - this.bufLen);
      // Bulk copy, then preemphasis in place (WASM on the fast path); a view only when the block is split.
      buf.set(i === 0 && take === mono.length ? mono : mono.subarray(i, i + take), this.bufLen);
      prev = this.frontEnd.preemphasis(this.bufLen, this.bufLen + take, prev, a);
      this.bufLen += take;
      i += take;
    }
    this.prevX = prev;
    this.inputLen += n;
    if (this.started) this.drain();
  }

  /** Flushes the end padding and returns the report. An empty input gives frames 0 and zeros (never NaN). */
  finish(): MelReport {
    if (!this.finished) {
      this.finished = true;
      if (this.started) this.finishLong();
      else if (this.headLen > 0) this.finishShort();
      this.final = this.report();
      this.frontEnd.release();
    }
    return this.final!;
  }

  /** Head complete: lay out [left pad | y[0..pad]] at the start of the buffer. */
  private startBody(): void {
    const { pad, head, buf } = this;
    const reflect = this.params.padMode === 'reflect';
    for (let j = 0; j < pad; j++) buf[j] = reflect ? head[pad - j] : 0; // numpy.pad reflect: z[-j] = y[j]
    buf.set(head, pad);
    this.bufStart = 0;
    this.bufLen = 2 * pad + 1;
    this.started = true;
  }

  /** Signal of L >= pad + 1 samples: append the right pad y[L-2], y[L-3], ... (or zeros) and cut the last frames. */
  private finishLong(): void {
    this.drain();
    const { pad, buf } = this;
    const reflect = this.params.padMode === 'reflect';
    const L = this.inputLen;
    // z index of y[i] is i + pad; drain() keeps y[L-1-pad..] in the buffer.
    let w = this.bufLen;
    for (let k = 0; k < pad; k++) buf[w++] = reflect ? buf[L - 2 - k + pad - this.bufStart] : 0;
    this.bufLen = w;
    this.cutFrames();
  }

  /**
   * Signal shorter than pad + 1: numpy.pad's reflect repeats the reflection (period 2(L-1); a single sample repeats),
   * which is what librosa 0.10 does (it only warns that n_fft is too large). Constant padding is plain zeros.
   */
  private finishShort(): void {
    const { pad, head, buf } = this;
    const L = this.headLen;
    const reflect = this.params.padMode === 'reflect';
    const period = 2 * (L - 1);
    for (let j = 0; j < L + 2 * pad; j++) {
      const i = j - pad;
      if (i >= 0 && i < L) buf[j] = head[i];
      else if (!reflect) buf[j] = 0;
      else if (L === 1) buf[j] = head[0];
      else {
        let m = ((i % period) + period) % period;
        if (m >= L) m = period - m;
        buf[j] = head[m];
      }
    }
    this.bufStart = 0;
    this.bufLen = L + 2 * pad;
    this.inputLen = L;
    this.cutFrames();
  }

  /** Cut every complete frame, then drop samples no frame needs, keeping y[L-1-pad..] for the end reflection. */
  private drain(): void {
    this.cutFrames();
    const end = this.bufStart + this.bufLen;
    const keepFrom = Math.max(this.bufStart, Math.min(this.nextFrameStart, end - (this.pad + 1)));
    const drop = keepFrom - this.bufStart;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufStart = keepFrom;
      this.bufLen -= drop;
    }
  }

  private cutFrames(): void {
    const nFft = this.params.nFft;
    const hop = this.params.hopLength;
    const end = this.bufStart + this.bufLen;
    if (this.onFrame) {
      while (this.nextFrameStart + nFft <= end) {
        this.analyzeFrame(this.nextFrameStart - this.bufStart);
        this.nextFrameStart += hop;
      }
      return;
    }
    if (this.nextFrameStart + nFft > end) return;
    // Without a per-frame callback the front end runs every complete frame in one call.
    const count = Math.floor((end - nFft - this.nextFrameStart) / hop) + 1;
    const raised = this.frontEnd.frames(this.nextFrameStart - this.bufStart, count, hop);
    if (raised >= 0) this.maxFrame = this.frames + raised;
    this.frames += count;
    this.nextFrameStart += count * hop;
  }

  /** One STFT frame at buffer offset `at`; the front end does the numbers. No allocation. */
  private analyzeFrame(at: number): void {
    if (this.frontEnd.frame(at)) this.maxFrame = this.frames;
    if (this.onFrame) this.onFrame(this.frames, this.frontEnd.db);
    this.frames++;
  }

  private report(): MelReport {
    const [sum, sumSq, min, max, above, below] = this.frontEnd.acc;
    const n = this.frames * this.params.nMels;
    const mean = n > 0 ? sum / n : 0;
    return {
      preset: this.params.preset,
      minDb: n > 0 ? min : 0,
      maxDb: n > 0 ? max : 0,
      meanDb: mean,
      // sqrt(E[d²] - E[d]²), clamped: rounding can make a constant signal's variance a hair negative
      stdDb: n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0,
      fractionAboveTop: n > 0 ? above / n : 0,
      fractionBelowFloor: n > 0 ? below / n : 0,
      frames: this.frames,
      maxFrame: this.maxFrame,
      bandSumDb: Array.from(this.frontEnd.bandSum),
      bandSumSqDb: Array.from(this.frontEnd.bandSumSq),
    };
  }
}

/** scipy.signal.get_window('hann', N, fftbins=True), as librosa.filters.get_window uses: 0.5 - 0.5·cos(2πn/N). */
export function hannPeriodic(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
}

const windows = new Map<number, Float64Array>();
function cachedWindow(winLength: number): Float64Array {
  let w = windows.get(winLength);
  if (!w) {
    if (windows.size >= 32) windows.clear();
    w = hannPeriodic(winLength);
    windows.set(winLength, w);
  }
  return w;
}

/** Filterbanks depend only on (sr, nFft, nMels, fmin, fmax): build each once per thread, not once per file. */
const filterbanks = new Map<string, MelFilterbank>();
function cachedFilterbank(r: ResolvedMel): MelFilterbank {
  const key = `${r.sampleRate}/${r.nFft}/${r.nMels}/${r.fmin}/${r.fmax}`;
  let fb = filterbanks.get(key);
  if (!fb) {
    if (filterbanks.size >= 32) filterbanks.clear(); // bounded: a dataset has a handful of sample rates
    fb = slaneyFilterbank(r.sampleRate, r.nFft, r.nMels, r.fmin, r.fmax);
    filterbanks.set(key, fb);
  }
  return fb;
}
