// The report as the webview needs it: column arrays (no per-file mel band sums), small enough to post 100 000 files.
import type { AuditReport, AuditSettings, DatasetSummary, FileReport, RuleId, Severity } from '../types';
import type { MetricId } from './metrics';
import { toDuplicatesView, type DuplicatesView } from './duplicateView';
import { DEFAULT_MANIFEST_DURATION_SEC, toManifestsView, type ManifestsView } from './manifestView';

export interface ViewFinding {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly message: string;
}

/** One array per column, index = file (sorted by path as in the report). */
export interface ViewColumns {
  readonly path: string[];
  readonly error: (string | null)[];
  readonly findings: ViewFinding[][];
  readonly sampleRate: (number | null)[];
  readonly channels: (number | null)[];
  readonly bits: (number | null)[];
  readonly metrics: Readonly<Record<MetricId, (number | null)[]>>;
}

export interface ReportView {
  readonly version: 1;
  readonly root: string;
  readonly partial: boolean;
  readonly settings: AuditSettings;
  readonly dataset: DatasetSummary;
  /** MinMaxReport.expectedZeroBin of the first file that has one (it depends only on qLevels). */
  readonly expectedZeroBin: number | null;
  readonly files: ViewColumns;
  /** The manifests section (null: the report has no manifests); small, posted as it is beside the packed columns. */
  readonly manifests: ManifestsView | null;
  /** The duplicates and leakage table (null: no duplicate pairs). */
  readonly duplicates: DuplicatesView | null;
  /** How many shard parts `audio-audit merge` made the report from; null for a single run. */
  readonly mergedParts: number | null;
}

export function metricOf(f: FileReport, metric: MetricId): number | null {
  switch (metric) {
    case 'peakDbfs': return f.peakDbfs;
    case 'rmsDbfs': return f.rmsDbfs;
    case 'dcOffset': return f.dcOffset;
    case 'zeroBin': return f.minMax?.zeroBin ?? null;
    case 'melMinDb': return f.mel?.minDb ?? null;
    case 'melMaxDb': return f.mel?.maxDb ?? null;
    case 'durationSec': return f.format?.durationSec ?? null;
    // bandwidthHz / (sr/2) = kc/1024 exactly (bandwidthHz = kc·sr/2048), so the packed column is a Float32Array.
    case 'bandwidthRatio': return f.bandwidthHz != null && f.format ? f.bandwidthHz / (f.format.sampleRate / 2) : null;
  }
}

export const METRIC_IDS: readonly MetricId[] = ['peakDbfs', 'rmsDbfs', 'dcOffset', 'zeroBin', 'melMinDb', 'melMaxDb', 'durationSec', 'bandwidthRatio'];

/** Non-finite numbers become null (JSON has no NaN/Infinity). */
function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

export function toReportView(report: AuditReport): ReportView {
  const n = report.files.length;
  const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, new Array<number | null>(n)])) as Record<MetricId, (number | null)[]>;
  const files: ViewColumns = {
    path: new Array(n), error: new Array(n), findings: new Array(n),
    sampleRate: new Array(n), channels: new Array(n), bits: new Array(n), metrics,
  };
  report.files.forEach((f, i) => {
    files.path[i] = f.path;
    files.error[i] = f.error;
    files.findings[i] = f.findings.map((x) => ({ rule: x.rule, severity: x.severity, message: x.message }));
    files.sampleRate[i] = f.format?.sampleRate ?? null;
    files.channels[i] = f.format?.channels ?? null;
    files.bits[i] = f.format?.validBits ?? null;
    for (const m of METRIC_IDS) metrics[m][i] = finite(metricOf(f, m));
  });
  const expectedZeroBin = report.files.find((f) => f.minMax)?.minMax?.expectedZeroBin ?? null;
  const thresholdSec = (report.settings.thresholds as Partial<AuditSettings['thresholds']> | undefined)?.manifestDurationSec ?? DEFAULT_MANIFEST_DURATION_SEC;
  return {
    version: 1, root: report.root, partial: report.partial, settings: report.settings, dataset: report.dataset, expectedZeroBin, files,
    manifests: report.manifests?.length ? toManifestsView(report.manifests, thresholdSec) : null,
    duplicates: report.duplicates?.length ? toDuplicatesView(report.duplicates) : null,
    mergedParts: report.merged?.parts ?? null,
  };
}
