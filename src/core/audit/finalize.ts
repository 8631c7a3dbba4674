// Turns per-file reports into the dataset report: dataset rules, the summary, and the normalization statistics.
import type { AuditReport, AuditSettings, DatasetSummary, FileReport, NormalizationStats, RuleId } from '../types';
import { DATASET_RULES } from '../rules/severity';
import { bitDepthKey, datasetFindings } from '../rules/datasetRules';
import { duplicateFindings } from '../rules/duplicateRules';
import { listingFindings } from '../rules/listingRules';
import type { ManifestCheck } from '../manifest/check';
import { median, minMedianMax, tally } from './distribution';
import { amplitudeToDb } from '../stats/decibels';
import { melNormalization } from '../mel/normalization';

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

export function summarize(files: readonly FileReport[]): DatasetSummary {
  const readable = files.filter((f) => f.error === null && f.format !== null);
  const findingsByRule: Partial<Record<RuleId, number>> = {};
  for (const f of files) for (const x of f.findings) findingsByRule[x.rule] = (findingsByRule[x.rule] ?? 0) + 1;
  const nums = (pick: (f: FileReport) => number | null | undefined) =>
    readable.map(pick).filter((x): x is number => typeof x === 'number');
  const shifts = nums((f) => f.minMax?.binShift);
  return {
    fileCount: files.length,
    errorCount: files.filter((f) => f.error !== null).length,
    totalDurationSec: readable.reduce((s, f) => s + f.format!.durationSec, 0),
    sampleRates: tally(readable.map((f) => String(f.format!.sampleRate))),
    channels: tally(readable.map((f) => String(f.format!.channels))),
    bitDepths: tally(readable.map((f) => bitDepthKey(f.format!))),
    findingsByRule,
    peakDbfs: minMedianMax(nums((f) => f.peakDbfs)),
    rmsDbfs: minMedianMax(nums((f) => f.rmsDbfs)),
    minMaxShiftedShare: shifts.length ? shifts.filter((s) => s !== 0).length / shifts.length : null,
    minMaxMedianShift: median(shifts),
    normalization: normalization(readable),
  };
}

function normalization(readable: readonly FileReport[]): NormalizationStats {
  const peaks = readable.map((f) => f.peak).filter((x): x is number => x !== null);
  const globalPeak = peaks.length ? peaks.reduce((a, b) => Math.max(a, b)) : null;
  const globalPeakDbfs = globalPeak === null ? null : amplitudeToDb(globalPeak);
  return {
    globalPeak,
    globalPeakDbfs,
    recommendedGainDb: globalPeakDbfs === null ? null : NORMALIZATION_TARGET_DBFS - globalPeakDbfs,
    ...melNormalization(readable.map((f) => f.mel)),
  };
}
