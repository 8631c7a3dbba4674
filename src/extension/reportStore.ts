// The last audit report of each audited root, shared by the diagnostics, the status bar, the report panel and
// the preview. Pure (no `vscode` import): listeners are plain functions, disposal returns `{ dispose() }`.
import type { AuditReport } from '../core/types';

/** Where a stored report came from: an audit run in this window, or a report file opened with Open Report File…. */
export type ReportOrigin = 'audit' | 'file';

/** What one change was: `live` = a partial report of a run still in progress (superseded within a second). */
export interface ReportChange {
  readonly live: boolean;
}

export type ReportListener = (store: ReportStore, change: ReportChange) => void;

const SETTLED: ReportChange = { live: false };
const LIVE: ReportChange = { live: true };

export class ReportStore {
  /** Insertion order = audit order; a re-audited root moves to the end (it is the latest). */
  private readonly byRoot = new Map<string, AuditReport>();
  private readonly origins = new Map<string, ReportOrigin>();
  private readonly listeners = new Set<ReportListener>();

  /** Every current report, oldest first. */
  get reports(): AuditReport[] {
    return [...this.byRoot.values()];
  }

  /** The most recently stored report, or undefined before the first audit. */
  /** The reports of audits run in this window (not opened report files), oldest first: diagnostics and totals. */
  get audited(): AuditReport[] {
    return this.reports.filter((r) => this.origins.get(r.root) !== 'file');
  }

  originOf(root: string): ReportOrigin | undefined {
    return this.origins.get(root);
  }

  get latest(): AuditReport | undefined {
    let last: AuditReport | undefined;
    for (const r of this.byRoot.values()) last = r;
    return last;
  }

  get(root: string): AuditReport | undefined {
    return this.byRoot.get(root);
  }

  /** The report whose root contains absPath (the innermost one when roots nest). */
  reportFor(absPath: string, sep = '/'): AuditReport | undefined {
    let best: AuditReport | undefined;
    for (const r of this.byRoot.values()) {
      const prefix = r.root.endsWith(sep) ? r.root : r.root + sep;
      if (absPath.startsWith(prefix) && (!best || r.root.length > best.root.length)) best = r;
    }
    return best;
  }

  /** Stores a report (replacing its root's); `live` marks a partial report of a run that is still going. */
  set(report: AuditReport, opts: { origin?: ReportOrigin; live?: boolean } = {}): void {
    this.byRoot.delete(report.root);
    this.byRoot.set(report.root, report);
    this.origins.set(report.root, opts.origin ?? 'audit');
    this.emit(opts.live ? LIVE : SETTLED);
  }

  delete(root: string): void {
    this.origins.delete(root);
    if (this.byRoot.delete(root)) this.emit(SETTLED);
  }

  clear(): void {
    if (this.byRoot.size === 0) return;
    this.byRoot.clear();
    this.origins.clear();
    this.emit(SETTLED);
  }

  /** Called after every change; returns a disposable that unsubscribes. */
  subscribe(listener: ReportListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: ReportChange): void {
    for (const l of [...this.listeners]) l(this, change);
  }
}
