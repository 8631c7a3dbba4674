// The "audio-audit" DiagnosticCollection: mirrors the audited reports of the store (not opened report files), plus
// the files of a run still in flight.
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import { descriptorFor, diagnosticsByFile, type DiagnosticDescriptor } from './diagnosticMapping';
import type { ReportStore } from './reportStore';

const SEVERITIES: Record<DiagnosticDescriptor['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

// The extension host forwards at most ~1 100 markers per DiagnosticCollection.set() call and silently drops the
// rest (ExtHostDiagnostics' total cap), so large updates are sent in batches below it.
const MARKERS_PER_SET = 1000;

// Audio files have no text lines; the diagnostic sits at the start so a click opens the file.
const FILE_START = new vscode.Range(0, 0, 0, 0);

export function toDiagnostic(d: DiagnosticDescriptor): vscode.Diagnostic {
  // A manifest finding covers its whole line (the editor clamps the end to the line's length).
  const range = d.line === undefined ? FILE_START : new vscode.Range(d.line, 0, d.line, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITIES[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = d.source;
  return diagnostic;
}

export class AuditDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('audio-audit');
  /** Files that currently carry diagnostics (absolute path → signature of what is shown, to skip resending it). */
  private shown = new Map<string, string>();
  /** Per-file findings of a running audit, shown before its report is finalized. */
  private readonly live = new Map<string, DiagnosticDescriptor[]>();
  /** Live entries not yet sent. */
  private readonly pending = new Map<string, DiagnosticDescriptor[]>();
  private liveTimer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ReportStore) {
    // A live (partial) report of a running audit is not re-derived: showLive already shows each finished file's own
    // findings, and the dataset rules of a partial report would come and go while the run fills it.
    this.subscription = store.subscribe((_, change) => { if (!change.live) this.refresh(); });
  }

  /** A file finished during a run: show its own findings now (batched, one IPC message per 500 ms). */
  showLive(absPath: string, findings: readonly Finding[]): void {
    const descriptors = findings.map(descriptorFor);
    this.live.set(absPath, descriptors);
    this.pending.set(absPath, descriptors);
    this.liveTimer ??= setTimeout(() => this.flushLive(), 500);
  }

  /** The run's report replaces its live entries (call before storing the report). */
  endLive(): void {
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.live.clear();
    this.pending.clear();
  }

  /** Re-derive every diagnostic from the store; files no longer wanted lose theirs; unchanged files are not resent. */
  refresh(): void {
    const wanted = diagnosticsByFile(this.store.audited);
    for (const [file, d] of this.live) wanted.set(file, d);
    this.apply(wanted, true);
  }

  private flushLive(): void {
    this.liveTimer = undefined;
    this.apply(this.pending, false);
    this.pending.clear();
  }

  /** Sends the files whose diagnostics differ from what is shown; `complete` = files missing from `wanted` are cleared. */
  private apply(wanted: ReadonlyMap<string, DiagnosticDescriptor[]>, complete: boolean): void {
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    if (complete) {
      for (const file of this.shown.keys()) {
        if (!wanted.get(file)?.length) {
          entries.push([vscode.Uri.file(file), undefined]);
          this.shown.delete(file);
        }
      }
    }
    for (const [file, d] of wanted) {
      if (d.length === 0) {
        if (this.shown.delete(file)) entries.push([vscode.Uri.file(file), undefined]);
        continue;
      }
      const signature = JSON.stringify(d);
      if (this.shown.get(file) === signature) continue;
      this.shown.set(file, signature);
      entries.push([vscode.Uri.file(file), d.map(toDiagnostic)]);
    }
    this.setInBatches(entries);
  }

  private setInBatches(entries: [vscode.Uri, vscode.Diagnostic[] | undefined][]): void {
    let batch: typeof entries = [];
    let markers = 0;
    for (const entry of entries) {
      const n = entry[1]?.length ?? 0;
      if (batch.length && markers + n > MARKERS_PER_SET) {
        this.collection.set(batch);
        batch = [];
        markers = 0;
      }
      batch.push(entry);
      markers += n;
    }
    if (batch.length) this.collection.set(batch);
  }

  clear(): void {
    this.endLive();
    this.shown.clear();
    this.collection.clear();
  }

  dispose(): void {
    this.endLive();
    this.subscription.dispose();
    this.collection.dispose();
  }
}
