// The last audit report of each audited root, shared by the diagnostics, the status bar, the report panel and
// the preview. Pure (no `vscode` import): listeners are plain functions, disposal returns `{ dispose() }`.
import type { AuditReport } from '../core/types';

export type ReportListener = (store: ReportStore) => void;

export class ReportStore {
  /** Insertion order = audit order; a re-audited root moves to the end (it is the latest). */
  private readonly byRoot = new Map<string, AuditReport>();
  private readonly listeners = new Set<ReportListener>();

  /** Every current report, oldest first. */
  get reports(): AuditReport[] {
    return [...this.byRoot.values()];
  }

  /** The most recently stored report, or undefined before the first audit. */
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

  set(report: AuditReport): void {
    this.byRoot.delete(report.root);
    this.byRoot.set(report.root, report);
    this.emit();
  }

  delete(root: string): void {
    if (this.byRoot.delete(root)) this.emit();
  }

  clear(): void {
    if (this.byRoot.size === 0) return;
    this.byRoot.clear();
    this.emit();
  }

  /** Called after every change; returns a disposable that unsubscribes. */
  subscribe(listener: ReportListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of [...this.listeners]) l(this);
  }
}
