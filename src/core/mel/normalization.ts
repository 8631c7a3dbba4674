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
  let bands = -1;
  let frames = 0;
  let sum: Float64Array = new Float64Array(0);
  let sumSq: Float64Array = new Float64Array(0);
  let min = Infinity;
  let max = -Infinity;
  for (const r of reports) {
    if (!r || r.frames === 0) continue;
    if (bands < 0) {
      bands = r.bandSumDb.length;
      sum = new Float64Array(bands);
      sumSq = new Float64Array(bands);
    } else if (r.bandSumDb.length !== bands || r.bandSumSqDb.length !== bands) {
      throw new Error(`melNormalization: reports have ${bands} and ${r.bandSumDb.length} mel bands`);
    }
    for (let b = 0; b < bands; b++) {
      sum[b] += r.bandSumDb[b];
      sumSq[b] += r.bandSumSqDb[b];
    }
    frames += r.frames;
    if (r.minDb < min) min = r.minDb;
    if (r.maxDb > max) max = r.maxDb;
  }
  if (frames === 0) return { melMeanDb: [], melStdDb: [], melMinDb: null, melMaxDb: null };
  const melMeanDb = Array.from(sum, (s) => s / frames);
  const melStdDb = Array.from(sumSq, (s, b) => Math.sqrt(Math.max(0, s / frames - melMeanDb[b] ** 2)));
  return { melMeanDb, melStdDb, melMinDb: min, melMaxDb: max };
}
