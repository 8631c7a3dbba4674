// Type-only messages between the extension host and the report webview (and the standalone HTML page).
import type { RuleId, Severity } from '../core/types';
import type { ReportView } from '../core/report/view';
import type { PackedReportView } from '../core/report/pack';
import type { SortState, TableFilter } from '../core/report/table';
import type { PagedSummary, TableRow } from '../core/report/pagedView';

/** Audit progress, structurally the same as the runner's AuditProgress. */
export interface ReportProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
}

/** What the webview keeps with setState (restored on show and after a window reload). */
export interface ReportUiState {
  readonly filter: TableFilter;
  readonly sort: SortState;
  readonly scrollTop: number;
}

export type ExportKind = 'json' | 'csv' | 'html';

export type HostToReport =
  /** The whole view (null before the first audit); sent on open and after every report change (throttled). The panel
   * sends it packed (typed-array columns, see core/report/pack); unpackView accepts both. */
  | { readonly type: 'report'; readonly view: ReportView | PackedReportView | null; readonly sentAt?: number }
  /** A report too large to post whole (a large report file): cards, charts and the row count; rows come by 'rows'. */
  | { readonly type: 'paged'; readonly summary: PagedSummary; readonly sentAt?: number }
  /** The answer to a 'rows' request: the filtered row count and rows start .. start + rows.length - 1 in sort order. */
  | { readonly type: 'rows'; readonly seq: number; readonly total: number; readonly start: number; readonly rows: readonly TableRow[] }
  /** A report file is being read (Open Report File…): its name, or null when that ended (the report follows);
   * bytesRead/bytesTotal when known (a determinate bar). */
  | { readonly type: 'loading'; readonly name: string | null; readonly bytesRead?: number; readonly bytesTotal?: number }
  /** Live progress while an audit runs; null when it ended. */
  | { readonly type: 'progress'; readonly progress: ReportProgress | null }
  /** Sets the table filter from outside (e.g. a command "show files with rule X"). */
  | { readonly type: 'filter'; readonly filter: Partial<{ rule: RuleId | null; severity: Severity | null; text: string }> };

export type ReportToHost =
  /** loadMs: the webview page's performance.now() when its script finished (page start to ready). */
  | { readonly type: 'ready'; readonly loadMs?: number }
  | { readonly type: 'openFile'; readonly path: string }
  /** A paged report's rows start .. start + count - 1 under this filter and sort (answered by 'rows' with the same seq). */
  | { readonly type: 'rows'; readonly seq: number; readonly filter: TableFilter; readonly sort: SortState; readonly start: number; readonly count: number }
  /** Cancel reading the report file (the panel's Cancel button while it shows "Opening NAME…"). */
  | { readonly type: 'cancelLoading' }
  /** Open a manifest of the report (its path as in report.manifests) in a text editor at a 1-based line. */
  | { readonly type: 'openManifest'; readonly path: string; readonly line: number }
  /** Open both files of a duplicate pair (paths as in report.duplicates) side by side in the audio preview. */
  | { readonly type: 'openPair'; readonly a: string; readonly b: string }
  | { readonly type: 'saveStats' }
  | { readonly type: 'export'; readonly kind: ExportKind }
  /** The charts of the last view are drawn (they follow the rows by a frame), for timing. */
  | { readonly type: 'chartsRendered'; readonly ms: number }
  /** The view rendered (row count shown), for tests and timing. */
  | { readonly type: 'rendered'; readonly rows: number; readonly ms: number; readonly phases?: Readonly<Record<string, number>> };
