// The report as the webview needs it: column arrays (no per-file mel band sums), small enough to post 100 000 files.
import type { AuditReport, AuditSettings, DatasetSummary, FileReport, RuleId, Severity } from '../types';
import type { MetricId } from './metrics';

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
  }
}

const METRIC_IDS: readonly MetricId[] = ['peakDbfs', 'rmsDbfs', 'dcOffset', 'zeroBin', 'melMinDb', 'melMaxDb', 'durationSec'];

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
  return { version: 1, root: report.root, partial: report.partial, settings: report.settings, dataset: report.dataset, expectedZeroBin, files };
}

/**
 * The view as the panel posts it. VS Code's postMessage moves typed arrays as binary but JSON-encodes everything
 * else, and 100 000 small objects are slow to write and parse; so every column goes as a typed array, and the
 * strings (paths, errors, finding messages) as one concatenated string each with a Uint32Array of lengths
 * (lengths, not separators: a report loaded from a file may hold any character).
 */
export interface PackedReportView extends Omit<ReportView, 'files'> {
  readonly files: PackedColumns;
}

export interface PackedColumns {
  readonly count: number;
  readonly paths: PackedStrings;
  /** Errors; hasError[i] = 0 means null. */
  readonly errors: PackedStrings;
  readonly hasError: Uint8Array;
  /** null → NaN. */
  readonly sampleRate: Float64Array;
  readonly channels: Float64Array;
  readonly bits: Float64Array;
  readonly findingCount: Uint32Array;
  /** Per finding, in file order: index into `rules`, severity index into SEVERITIES, message. */
  readonly findingRule: Uint8Array;
  readonly findingSeverity: Uint8Array;
  readonly messages: PackedStrings;
  readonly rules: readonly RuleId[];
  readonly metrics: Readonly<Record<MetricId, Float64Array>>;
}

export interface PackedStrings {
  readonly text: string;
  readonly lengths: Uint32Array;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function packView(view: ReportView): PackedReportView {
  const f = view.files;
  const n = f.path.length;
  const nullToNaN = (col: readonly (number | null)[]) => Float64Array.from(col, (v) => (v === null ? NaN : v));
  const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, nullToNaN(f.metrics[m])])) as Record<MetricId, Float64Array>;
  const all = f.findings.flat();
  const rules = [...new Set(all.map((x) => x.rule))];
  const ruleIndex = new Map(rules.map((r, i) => [r, i]));
  return {
    ...view,
    files: {
      count: n,
      paths: packStrings(f.path),
      errors: packStrings(f.error.map((e) => e ?? '')),
      hasError: Uint8Array.from(f.error, (e) => (e === null ? 0 : 1)),
      sampleRate: nullToNaN(f.sampleRate),
      channels: nullToNaN(f.channels),
      bits: nullToNaN(f.bits),
      findingCount: Uint32Array.from(f.findings, (xs) => xs.length),
      findingRule: Uint8Array.from(all, (x) => ruleIndex.get(x.rule)!),
      findingSeverity: Uint8Array.from(all, (x) => SEVERITIES.indexOf(x.severity)),
      messages: packStrings(all.map((x) => x.message)),
      rules,
      metrics,
    },
  };
}

/** Back to the plain view; a view whose columns are plain arrays (standalone HTML, tests) passes through. */
export function unpackView(view: ReportView | PackedReportView): ReportView {
  if (!('count' in view.files)) return view as ReportView;
  const p = view.files;
  const naNToNull = (col: Float64Array) => Array.from(col, (v) => (Number.isNaN(v) ? null : v));
  const paths = unpackStrings(p.paths);
  const errors = unpackStrings(p.errors);
  const messages = unpackStrings(p.messages);
  const findings: ViewFinding[][] = new Array(p.count);
  for (let i = 0, k = 0; i < p.count; i++) {
    const list: ViewFinding[] = new Array(p.findingCount[i]);
    for (let j = 0; j < list.length; j++, k++) {
      list[j] = { rule: p.rules[p.findingRule[k]], severity: SEVERITIES[p.findingSeverity[k]], message: messages[k] };
    }
    findings[i] = list;
  }
  const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, naNToNull(p.metrics[m])])) as Record<MetricId, (number | null)[]>;
  return {
    ...view,
    files: {
      path: paths,
      error: errors.map((e, i) => (p.hasError[i] ? e : null)),
      findings,
      sampleRate: naNToNull(p.sampleRate),
      channels: naNToNull(p.channels),
      bits: naNToNull(p.bits),
      metrics,
    },
  };
}

function packStrings(values: readonly string[]): PackedStrings {
  return { text: values.join(''), lengths: Uint32Array.from(values, (v) => v.length) };
}

function unpackStrings(p: PackedStrings): string[] {
  const out = new Array<string>(p.lengths.length);
  for (let i = 0, at = 0; i < out.length; i++) {
    out[i] = p.text.slice(at, at + p.lengths[i]);
    at += p.lengths[i];
  }
  return out;
}
