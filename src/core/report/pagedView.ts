// What the panel posts for a report too large to post row by row: everything of the view but the file columns, with
// the counts and histograms the webview would compute from them computed on the host (columnTable.ts toPagedSummary),
// and the rows it asks for page by page. Types only: the webview imports them.
import type { RuleId, Severity } from '../types';
import type { Histogram } from './histogram';
import type { MetricId } from './metrics';
import type { ReportView } from './view';

/** One table row as the webview draws it. values: sampleRate, channels, bits, then view.ts METRIC_IDS (null = none). */
export interface TableRow {
  readonly file: number;
  readonly path: string;
  /** Worst finding: 2 error, 1 warning, 0 info, -1 none (table.ts worstSeverity). */
  readonly severity: number;
  /** The distinct rules of its findings, comma-separated, in finding order. */
  readonly rules: string;
  readonly values: readonly (number | null)[];
  /** The error, else one line per finding "severity: message" (the row's hover text). */
  readonly title: string;
}

export interface PagedSummary extends Omit<ReportView, 'files'> {
  readonly fileCount: number;
  readonly filesByRule: readonly { rule: RuleId; files: number; severity: Severity }[];
  /** Over the files and the manifests, as table.ts findingsBySeverity counts. */
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  readonly histograms: Partial<Record<MetricId, Histogram>>;
}

