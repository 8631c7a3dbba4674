// Corpus-wide mel normalization statistics (per band, over all frames of all files) from the per-file sums.
import type { MelReport } from '../types';

export interface MelNormalization {
  melMeanDb: number[];
  melStdDb: number[];
  melMinDb: number | null;
  melMaxDb: number | null;
}

/**
 * mean[b] = Σ_files bandSumDb[b] / Σ frames, std[b] = sqrt(Σ bandSumSqDb[b] / Σ frames - mean[b]²) (population std,
 * what a training script's zero-mean/unit-variance scaling uses). Null reports and files with 0 frames are skipped;
 * with no frames at all the arrays are empty and min/max null. Reports must share one band count (one audit = one
 * mel setting); a mismatch throws because the bands would not mean the same thing.
 */
export function melNormalization(reports: readonly (MelReport | null)[]): MelNormalization {
  const acc = new MelAccumulator();
  for (const r of reports) acc.add(r);
  return acc.result();
}

/** melNormalization one report at a time (a merge streams its files); sums in the order the reports come. */
export class MelAccumulator {
  private bands = -1;
  private frames = 0;
  private sum: Float64Array = new Float64Array(0);
  private sumSq: Float64Array = new Float64Array(0);
  private min = Infinity;
  private max = -Infinity;

  add(r: MelReport | null | undefined): void {
    if (!r || r.frames === 0) return;
    if (this.bands < 0) {
      this.bands = r.bandSumDb.length;
      this.sum = new Float64Array(this.bands);
      this.sumSq = new Float64Array(this.bands);
    } else if (r.bandSumDb.length !== this.bands || r.bandSumSqDb.length !== this.bands) {
      throw new Error(`melNormalization: reports have ${this.bands} and ${r.bandSumDb.length} mel bands`);
    }
    for (let b = 0; b < this.bands; b++) {
      this.sum[b] += r.bandSumDb[b];
      this.sumSq[b] += r.bandSumSqDb[b];
    }
    this.frames += r.frames;
    if (r.minDb < this.min) this.min = r.minDb;
    if (r.maxDb > this.max) this.max = r.maxDb;
  }

  result(): MelNormalization {
    const frames = this.frames;
    if (frames === 0) return { melMeanDb: [], melStdDb: [], melMinDb: null, melMaxDb: null };
    const melMeanDb = Array.from(this.sum, (s) => s / frames);
    const melStdDb = Array.from(this.sumSq, (s, b) => Math.sqrt(Math.max(0, s / frames - melMeanDb[b] ** 2)));
    return { melMeanDb, melStdDb, melMinDb: this.min, melMaxDb: this.max };
  }
}
