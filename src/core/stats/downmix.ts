// The mono downmix m = mean over channels (what librosa.load(mono=True) feeds a model), and its level statistics.
import { SUM_CHUNK } from './channelStats';

export interface MonoLevels {
  readonly min: number;
  readonly max: number;
  readonly meanPower: number;
  readonly finiteCount: number;
}

export class MonoDownmix implements MonoLevels {
  private buffer: Float64Array = new Float64Array(0);
  min = Infinity;
  max = -Infinity;
  private sumSq = 0;
  /** The open chunk's running sum of squares, and the frames mixed so far (chunks align to absolute frames). */
  private chunkSumSq = 0;
  private framesSeen = 0;
  private count = 0;

  constructor(private readonly channelCount: number, private readonly mayBeNonFinite: boolean) {}

  /**
   * Returns the downmix of this block: a reused buffer for multichannel input, the channel itself for mono
   * (whose levels the channel statistics already hold). Non-finite samples become 0 so later spectra stay finite.
   */
  mix(channels: readonly Float64Array[], frames: number): Float64Array {
    if (this.channelCount === 1) {
      if (this.mayBeNonFinite) zeroNonFinite(channels[0], frames);
      return channels[0];
    }
    if (this.buffer.length < frames) this.buffer = new Float64Array(frames);
    const m = this.buffer;
    const k = 1 / channels.length;
    m.set(channels[0].subarray(0, frames));
    for (let c = 1; c < channels.length; c++) {
      const ch = channels[c];
      for (let i = 0; i < frames; i++) m[i] += ch[i];
    }
    let min = this.min, max = this.max, sumSq = this.chunkSumSq, count = 0;
    // The next chunk boundary (ChannelAccumulator.push): sums depend on the samples, not on the reader's blocks.
    let boundary = SUM_CHUNK - (this.framesSeen % SUM_CHUNK);
    for (let i = 0; i < frames; i++) {
      if (i === boundary) {
        this.sumSq += sumSq;
        sumSq = 0;
        boundary += SUM_CHUNK;
      }
      const v = m[i] * k;
      // NaN/Inf in any channel makes the mono sample non-finite: left out, as in the channel statistics.
      if (v - v !== 0) {
        m[i] = 0;
        continue;
      }
      m[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
      sumSq += v * v;
      count++;
    }
    this.min = min;
    this.max = max;
    this.chunkSumSq = sumSq;
    if (frames === boundary) {
      this.sumSq += sumSq;
      this.chunkSumSq = 0;
    }
    this.framesSeen += frames;
    this.count += count;
    return m;
  }

  /** Stats-only fast path for interleaved 16-bit PCM: the downmix's levels without materialising it. */
  levelsInt16(codes: Int16Array, frames: number): void {
    const ch = this.channelCount;
    const k = 1 / (ch * 32768);
    let min = this.min, max = this.max, sumSq = 0;
    for (let i = 0, j = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < ch; c++, j++) s += codes[j];
      const v = s * k;
      if (v < min) min = v;
      if (v > max) max = v;
      sumSq += v * v;
    }
    this.min = min;
    this.max = max;
    this.sumSq += sumSq;
    this.count += frames;
  }

  get finiteCount(): number {
    return this.count;
  }
  get meanPower(): number {
    return this.count ? (this.sumSq + this.chunkSumSq) / this.count : 0;
  }
}

function zeroNonFinite(x: Float64Array, frames: number): void {
  for (let i = 0; i < frames; i++) if (x[i] - x[i] !== 0) x[i] = 0;
}

/** Power of the downmix is floored at 1e-20 (-200 dB) so exact cancellation reports ≈ 200 dB, not Infinity. */
export const DOWNMIX_POWER_FLOOR = 1e-20;

/** 10·log10(mean channel power / power of the mono downmix): ≈ 0 for identical channels, +3 dB for uncorrelated, large when they cancel. */
export function stereoDownmixLossDb(meanChannelPower: number, monoPower: number): number | null {
  if (meanChannelPower <= 0) return null;
  return 10 * Math.log10(meanChannelPower / Math.max(monoPower, DOWNMIX_POWER_FLOOR));
}
