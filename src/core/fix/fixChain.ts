// The per-file transform of `fix`, applied to decoded planar blocks in this order:
//   1. NaN/±Inf → 0 (always; counted)
//   2. DC: --dc mean subtracts each channel's mean over the whole file (mean of the samples after step 1, from a
//      first pass), or --dc highpass runs the 5 Hz high-pass of dcBlocker.ts per channel
//   3. --mono: m = (1/C)·Σc x_c, the same downmix the audit measures (src/core/stats/downmix.ts)
//   4. gain: one factor for every file of the corpus (--gain dataset)
import type { SampleBlock } from '../types';
import { DcBlocker } from './dcBlocker';
import { stereoDownmixLossDb } from '../stats/downmix';

export interface ChainOptions {
  /** Per-channel means to subtract (--dc mean), from a first pass over the file. */
  readonly means?: readonly number[] | null;
  readonly highpass?: boolean;
  readonly mono?: boolean;
  readonly gain?: number;
}

export class FixChain {
  /** Non-finite samples set to 0 so far. */
  nonFinite = 0;
  /** max |y| over the output so far (after every step, gain included). */
  peak = 0;
  /** Per input channel Σx after step 1: the input's mean once the file has been read. */
  readonly sums: number[];
  frames = 0;
  private readonly blockers: DcBlocker[] | null;
  private planes: Float64Array[] = [];
  private monoPlane = new Float64Array(0);
  /** Σ over channels of Σx² after DC removal, and Σm² of the downmix: the stereo-downmix-loss of the output. */
  private channelEnergy = 0;
  private monoEnergy = 0;

  constructor(readonly channels: number, sampleRate: number, private readonly opts: ChainOptions) {
    this.sums = new Array<number>(channels).fill(0);
    this.blockers = opts.highpass ? Array.from({ length: channels }, () => new DcBlocker(sampleRate)) : null;
  }

  /** Output channels: 1 with --mono, else the input's. */
  get outChannels(): number {
    return this.opts.mono ? 1 : this.channels;
  }

  /** The transformed block: planes reused between calls, valid until the next call. */
  process(block: SampleBlock): readonly Float64Array[] {
    const n = block.frames;
    if (this.planes.length === 0 || this.planes[0].length < n) {
      this.planes = Array.from({ length: this.channels }, () => new Float64Array(n));
    }
    const { means, mono } = this.opts;
    for (let c = 0; c < this.channels; c++) {
      const src = block.channels[c], x = this.planes[c];
      const m = means ? means[c] : 0;
      let sum = 0, zeroed = 0;
      // One loop: non-finite → 0, the input's sum, the mean removed (m = 0 without --dc mean).
      for (let i = 0; i < n; i++) {
        let v = src[i];
        if (v - v !== 0) { v = 0; zeroed++; } // NaN and ±Inf: Inf − Inf is NaN
        sum += v;
        x[i] = v - m;
      }
      this.sums[c] += sum;
      this.nonFinite += zeroed;
      this.blockers?.[c].process(x, n);
    }
    this.frames += n;
    let out: Float64Array[] = this.planes;
    if (mono && this.channels > 1) out = [this.downmix(n)];
    const gain = this.opts.gain ?? 1;
    let peak = this.peak;
    for (const x of out) {
      for (let i = 0; i < n; i++) {
        const y = x[i] * gain;
        x[i] = y;
        const a = y < 0 ? -y : y;
        if (a > peak) peak = a;
      }
    }
    this.peak = peak;
    return out;
  }

  /** 10·log10(mean channel power / downmix power) of the DC-free signal (stats/downmix.ts); null without --mono on several channels. */
  get downmixLossDb(): number | null {
    if (!this.opts.mono || this.channels < 2 || this.frames === 0) return null;
    return stereoDownmixLossDb(this.channelEnergy / (this.channels * this.frames), this.monoEnergy / this.frames);
  }

  private downmix(n: number): Float64Array {
    if (this.monoPlane.length < n) this.monoPlane = new Float64Array(n);
    const m = this.monoPlane, k = 1 / this.channels;
    let chE = 0, mE = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < this.channels; c++) {
        const v = this.planes[c][i];
        s += v;
        chE += v * v;
      }
      const v = s * k;
      m[i] = v;
      mE += v * v;
    }
    this.channelEnergy += chE;
    this.monoEnergy += mE;
    return m;
  }
}
