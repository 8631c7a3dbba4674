// Turns per-file reports into the dataset report: dataset rules, the summary, and the normalization statistics.
import type { AuditReport, AuditSettings, DatasetSummary, FileReport, NormalizationStats, RuleId } from '../types';
import { DATASET_RULES } from '../rules/severity';
import { bitDepthKey, datasetFindings } from '../rules/datasetRules';
import { duplicateFindings } from '../rules/duplicateRules';
import { listingFindings } from '../rules/listingRules';
import type { ManifestCheck } from '../manifest/check';
import { median, minMedianMax } from './distribution';
import { amplitudeToDb } from '../stats/decibels';
import { MelAccumulator } from '../mel/normalization';

/** Target of recommendedGainDb: the global peak brought to -1 dBFS. */
export const NORMALIZATION_TARGET_DBFS = -1;

/** Idempotent: dataset findings from an earlier finalize are dropped and recomputed, so incremental re-audits stay right. */
export function finalizeReport(root: string, settings: AuditSettings, files: FileReport[], partial: boolean, manifests?: ManifestCheck): AuditReport {
  const intrinsic = files
    .map((f) => ({ ...f, findings: f.findings.filter((x) => !DATASET_RULES.has(x.rule)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const format = datasetFindings(intrinsic, settings);
  const duplicates = duplicateFindings(intrinsic, settings);
  const listing = manifests ? listingFindings(intrinsic, manifests, duplicates.pairs, settings) : null;
  const extra = [format, duplicates.files, ...(listing ? [listing.files] : [])];
  const merged = intrinsic.map((f) => {
    const more = extra.flatMap((m) => m.get(f.path) ?? []);
    return more.length ? { ...f, findings: [...f.findings, ...more] } : f;
  });
  const dataset = summarize(merged);
  // Findings on manifest lines count with the files' (the summary, the charts, --fail-on see both).
  for (const m of listing?.manifests ?? []) for (const x of m.findings) dataset.findingsByRule[x.rule] = (dataset.findingsByRule[x.rule] ?? 0) + 1;
  const pairs = duplicates.pairs.map((p) => ({ ...p, leakage: listing?.leaking.has(`${p.a}\u0000${p.b}`) ?? false }));
  return {
    version: 1, root, settings, partial, files: merged, ...(listing ? { manifests: listing.manifests } : {}), duplicates: pairs, dataset,
  };
}

/** The dataset summary of files in path order (sums run in that order, so a merge that streams them gets the same bits). */
export function summarize(files: readonly FileReport[]): DatasetSummary {
  const acc = new SummaryAccumulator();
  for (const f of files) acc.add(f);
  return acc.result();
}

/** summarize() one file at a time: keeps counts, sums and the three value lists the medians need (8 bytes a file each). */
export class SummaryAccumulator {
  private fileCount = 0;
  private errorCount = 0;
  private totalDurationSec = 0;
  private readonly sampleRates: Record<string, number> = {};
  private readonly channels: Record<string, number> = {};
  private readonly bitDepths: Record<string, number> = {};
  private readonly findingsByRule: Partial<Record<RuleId, number>> = {};
  private readonly peaksDbfs: number[] = [];
  private readonly rmsDbfs: number[] = [];
  private readonly shifts: number[] = [];
  private globalPeak: number | null = null;
  private readonly mel = new MelAccumulator();

  add(f: FileReport): void {
    this.fileCount++;
    for (const x of f.findings) this.findingsByRule[x.rule] = (this.findingsByRule[x.rule] ?? 0) + 1;
    if (f.error !== null) this.errorCount++;
    if (f.error !== null || f.format === null) return;
    this.totalDurationSec += f.format.durationSec;
    count(this.sampleRates, String(f.format.sampleRate));
    count(this.channels, String(f.format.channels));
    count(this.bitDepths, bitDepthKey(f.format));
    if (typeof f.peakDbfs === 'number') this.peaksDbfs.push(f.peakDbfs);
    if (typeof f.rmsDbfs === 'number') this.rmsDbfs.push(f.rmsDbfs);
    if (typeof f.minMax?.binShift === 'number') this.shifts.push(f.minMax.binShift);
    if (f.peak !== null) this.globalPeak = this.globalPeak === null ? f.peak : Math.max(this.globalPeak, f.peak);
    this.mel.add(f.mel);
  }

  result(): DatasetSummary {
    const shifts = this.shifts;
    return {
      fileCount: this.fileCount,
      errorCount: this.errorCount,
      totalDurationSec: this.totalDurationSec,
      sampleRates: this.sampleRates,
      channels: this.channels,
      bitDepths: this.bitDepths,
      findingsByRule: this.findingsByRule,
      peakDbfs: minMedianMax(this.peaksDbfs),
      rmsDbfs: minMedianMax(this.rmsDbfs),
      minMaxShiftedShare: shifts.length ? shifts.filter((s) => s !== 0).length / shifts.length : null,
      minMaxMedianShift: median(shifts),
      normalization: this.normalization(),
    };
  }

  private normalization(): NormalizationStats {
    const globalPeak = this.globalPeak;
    const globalPeakDbfs = globalPeak === null ? null : amplitudeToDb(globalPeak);
    return {
      globalPeak,
      globalPeakDbfs,
      recommendedGainDb: globalPeakDbfs === null ? null : NORMALIZATION_TARGET_DBFS - globalPeakDbfs,
      ...this.mel.result(),
    };
  }
}

function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}
