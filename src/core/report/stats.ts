// The dataset normalization statistics as a JSON file a training script loads (what "Save normalization stats…" writes).
import type { AuditReport } from '../types';

export interface NormalizationStatsFile {
  readonly version: 1;
  readonly root: string;
  readonly fileCount: number;
  readonly globalPeak: number | null;
  readonly globalPeakDbfs: number | null;
  /** Gain that brings the global peak to -1 dBFS. */
  readonly recommendedGainDb: number | null;
  /** The mel settings the band statistics were computed with. */
  readonly mel: AuditReport['settings']['mel'];
  readonly melMeanDb: number[];
  readonly melStdDb: number[];
  readonly melMinDb: number | null;
  readonly melMaxDb: number | null;
}

export function normalizationStats(report: AuditReport): NormalizationStatsFile {
  const n = report.dataset.normalization;
  return {
    version: 1,
    root: report.root,
    fileCount: report.dataset.fileCount,
    globalPeak: n?.globalPeak ?? null,
    globalPeakDbfs: n?.globalPeakDbfs ?? null,
    recommendedGainDb: n?.recommendedGainDb ?? null,
    mel: report.settings.mel,
    melMeanDb: n?.melMeanDb ?? [],
    melStdDb: n?.melStdDb ?? [],
    melMinDb: n?.melMinDb ?? null,
    melMaxDb: n?.melMaxDb ?? null,
  };
}

export function normalizationStatsJson(report: AuditReport): string {
  return JSON.stringify(normalizationStats(report), null, 2) + '\n';
}
