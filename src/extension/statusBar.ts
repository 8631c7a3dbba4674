// The status bar item: the last audit's totals (click → Show Report), the progress of a run, or "settings changed".
import * as vscode from 'vscode';
import { groupDigits, statusText, totalsOf } from './diagnosticMapping';
import type { ReportStore } from './reportStore';

export class AuditStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('audioAudit.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private running: string | undefined;
  private stale = false;
  private readonly progressListeners = new Set<(p: { filesDone: number; filesTotal: number } | null) => void>();

  constructor(private readonly store: ReportStore) {
    this.item.name = 'Audio Audit';
    this.subscription = store.subscribe(() => this.render());
  }

  /** n / N while a run is in progress; undefined when it ends. */
  setRunning(done: number | undefined, total = 0): void {
    this.running = done === undefined ? undefined : `$(sync~spin) Audio Audit: ${groupDigits(done)} / ${groupDigits(total)} files`;
    this.render();
    const p = done === undefined ? null : { filesDone: done, filesTotal: total };
    for (const l of [...this.progressListeners]) l(p);
  }

  /** Every progress update of a run (the report panel's live progress); null when the run ends. */
  onProgress(listener: (p: { filesDone: number; filesTotal: number } | null) => void): vscode.Disposable {
    this.progressListeners.add(listener);
    return new vscode.Disposable(() => this.progressListeners.delete(listener));
  }

  /** Results no longer match the settings: the item offers a re-run instead of the report. */
  setStale(stale: boolean): void {
    this.stale = stale;
    this.render();
  }

  private render(): void {
    const reports = this.store.audited;   // opened report files are not this window's audit
    if (this.running) {
      this.item.text = this.running;
      this.item.tooltip = 'Audio Audit is running';
      this.item.command = undefined;
    } else if (reports.length === 0) {
      this.item.hide();
      return;
    } else if (this.stale) {
      this.item.text = `${statusText(totalsOf(reports))} · settings changed`;
      this.item.tooltip = 'Audio Audit settings changed since the last audit: click to audit the workspace again';
      this.item.command = 'audioAudit.auditWorkspace';
    } else {
      const partial = reports.some((r) => r.partial) ? ' (cancelled)' : '';
      this.item.text = statusText(totalsOf(reports)) + partial;
      this.item.tooltip = 'Audio Audit: show the report';
      this.item.command = 'audioAudit.showReport';
    }
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
