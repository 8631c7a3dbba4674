// Per-channel statistics over a stream of blocks; conventions follow sox `stats` (DC offset = mean, levels in dBFS).
import type { ChannelStats } from '../types';
import { amplitudeToDb, powerToDb } from './decibels';

/** Frames per summation chunk, aligned to absolute frame numbers (ChannelAccumulator.push, MonoDownmix.mix). */
export const SUM_CHUNK = 1 << 16;

/** Exact integer sums of one block of 16-bit codes, and the clip run at its end (longestEnd -1: longest not raised). */
export interface Int16BlockSums {
  sum: number;
  sumSq: number;
  min: number;
  max: number;
  or: number;
  clipped: number;
  run: number;
  longest: number;
  longestEnd: number;
}

export class ChannelAccumulator {
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  private min = Infinity;
  private max = -Infinity;
  private clipped = 0;
  private run = 0;
  private longestRun = 0;
  private longestRunStart: number | null = null;
  private nonFinite = 0;
  private firstNonFinite: number | null = null;
  /** The open chunk's running sums (see push). */
  private chunkSum = 0;
  private chunkSumSq = 0;

  /** @param clipLevel |x| >= clipLevel counts as clipped (default 0.999). @param mayBeNonFinite float files only. */
  constructor(private readonly clipLevel: number, private readonly mayBeNonFinite: boolean) {}

  push(x: Float64Array, frames: number, startFrame: number): void {
    // Sums run sequentially inside chunks aligned to absolute frame numbers, then chunk by chunk: the result depends on
    // the samples only, not on how a reader cut them into blocks (a 24-bit WAV and its FLAC give the same bits).
    for (let from = 0; from < frames; ) {
      const to = Math.min(frames, from + SUM_CHUNK - ((startFrame + from) % SUM_CHUNK));
      if (this.mayBeNonFinite) this.pushChecked(x, from, to, startFrame);
      else this.pushFinite(x, from, to, startFrame);
      if ((startFrame + to) % SUM_CHUNK === 0) this.foldChunk();
      from = to;
    }
  }

  private foldChunk(): void {
    this.sum += this.chunkSum;
    this.sumSq += this.chunkSumSq;
    this.chunkSum = 0;
    this.chunkSumSq = 0;
  }

  /** Integer and G.711 samples are always finite: no NaN test in the hot loop. */
  private pushFinite(x: Float64Array, from: number, to: number, startFrame: number): void {
    const clip = this.clipLevel;
    // Everything the loop touches is a local: field access in a cold branch deoptimizes V8's OSR code on every call.
    let sum = this.chunkSum, sumSq = this.chunkSumSq, min = this.min, max = this.max, clipped = 0, run = this.run;
    let longest = this.longestRun, longestEnd = -1;
    for (let i = from; i < to; i++) {
      const v = x[i];
      sum += v;
      sumSq += v * v;
      min = v < min ? v : min;
      max = v > max ? v : max;
      if (v >= clip || v <= -clip) {
        clipped++;
        run++;
        if (run > longest) {
          longest = run;
          longestEnd = i;
        }
      } else run = 0;
    }
    if (longestEnd >= 0) {
      this.longestRun = longest;
      this.longestRunStart = startFrame + longestEnd - longest + 1;
    }
    this.count += to - from;
    this.chunkSum = sum;
    this.chunkSumSq = sumSq;
    this.min = min;
    this.max = max;
    this.clipped += clipped;
    this.run = run;
  }

  /**
   * Stats-only fast path for 16-bit PCM: reads interleaved codes without converting them to float.
   * Integer sums are exact; |code| / 32768 >= clipLevel  <=>  code >= ceil(clipLevel·32768) or code <= -ceil(...).
   * Returns the OR of the codes (for effectiveBits).
   */
  pushInt16(codes: Int16Array, stride: number, offset: number, frames: number, startFrame: number): number {
    const clipCode = this.clipCode;
    let sum = 0, sumSq = 0, min = 32767, max = -32768, clipped = 0, run = this.run, or = 0;
    let longest = this.longestRun, longestEnd = -1;
    for (let i = 0, j = offset; i < frames; i++, j += stride) {
      const v = codes[j];
      or |= v;
      sum += v;
      sumSq += v * v;
      // Branch-free min/max: measured 30% faster here than if-statements on 16-bit codes.
      min = v < min ? v : min;
      max = v > max ? v : max;
      if (v >= clipCode || v <= -clipCode) {
        clipped++;
        run++;
        if (run > longest) {
          longest = run;
          longestEnd = i;
        }
      } else run = 0;
    }
    this.addInt16Block({ sum, sumSq, min, max, or, clipped, run, longest, longestEnd }, frames, startFrame);
    return or;
  }

  /** The code threshold of clipLevel: |code| / 32768 >= clipLevel  <=>  |code| >= clipCode (codes are integers). */
  get clipCode(): number {
    return Math.ceil(this.clipLevel * 32768);
  }
  /** The clip run still open at the end of the last block, and the longest so far (for a kernel that continues them). */
  get openClipRun(): number {
    return this.run;
  }
  get longestClipRun(): number {
    return this.longestRun;
  }

  /** One block's integer sums and clip run, from pushInt16's loop or the WASM kernel (src/core/stats/int16Kernel.ts). */
  addInt16Block(b: Int16BlockSums, frames: number, startFrame: number): void {
    if (b.longestEnd >= 0) {
      this.longestRun = b.longest;
      this.longestRunStart = startFrame + b.longestEnd - b.longest + 1;
    }
    if (frames > 0) {
      this.min = Math.min(this.min, b.min / 32768);
      this.max = Math.max(this.max, b.max / 32768);
    }
    this.count += frames;
    this.sum += b.sum / 32768;
    this.sumSq += b.sumSq / 1073741824;
    this.clipped += b.clipped;
    this.run = b.run;
  }

  /** Float files: NaN and ±Inf are counted and left out of every other statistic; they end a clip run. */
  private pushChecked(x: Float64Array, from: number, to: number, startFrame: number): void {
    const clip = this.clipLevel;
    let sum = this.chunkSum, sumSq = this.chunkSumSq, finite = 0, min = this.min, max = this.max, clipped = 0, run = this.run;
    let longest = this.longestRun, longestEnd = -1, nonFinite = 0, firstNonFinite = -1;
    for (let i = from; i < to; i++) {
      const v = x[i];
      if (v - v !== 0) {
        if (nonFinite++ === 0) firstNonFinite = i;
        run = 0;
        continue;
      }
      finite++;
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v >= clip || v <= -clip) {
        clipped++;
        run++;
        if (run > longest) {
          longest = run;
          longestEnd = i;
        }
      } else run = 0;
    }
    if (longestEnd >= 0) {
      this.longestRun = longest;
      this.longestRunStart = startFrame + longestEnd - longest + 1;
    }
    if (nonFinite > 0 && this.firstNonFinite === null) this.firstNonFinite = startFrame + firstNonFinite;
    this.nonFinite += nonFinite;
    this.count += finite;
    this.chunkSum = sum;
    this.chunkSumSq = sumSq;
    this.min = min;
    this.max = max;
    this.clipped += clipped;
    this.run = run;
  }

  /** Finite samples seen and their sum of squares (file-level RMS pools these over channels). */
  get finiteCount(): number {
    return this.count;
  }
  get sumOfSquares(): number {
    return this.sumSq + this.chunkSumSq;
  }
  /** Mean power, mean(x²). */
  get meanPower(): number {
    return this.count ? this.sumOfSquares / this.count : 0;
  }

  result(effectiveBits: number | null): ChannelStats {
    const n = this.count;
    const min = n ? this.min : 0;
    const max = n ? this.max : 0;
    const peak = Math.max(Math.abs(min), Math.abs(max));
    const peakDbfs = amplitudeToDb(peak);
    const rmsDbfs = n ? powerToDb(this.sumOfSquares / n) : null;
    return {
      dcOffset: n ? (this.sum + this.chunkSum) / n : 0,
      min,
      max,
      peak,
      peakDbfs,
      rmsDbfs,
      crestDb: peakDbfs !== null && rmsDbfs !== null ? peakDbfs - rmsDbfs : null,
      clippedSamples: this.clipped,
      longestClipRun: this.longestRun,
      longestClipRunStart: this.longestRunStart,
      nonFinite: this.nonFinite,
      firstNonFiniteFrame: this.firstNonFinite,
      effectiveBits,
    };
  }
}
