// The "audio-audit" DiagnosticCollection: mirrors the report store, plus the files of a run still in flight.
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import { descriptorFor, diagnosticsByFile, type DiagnosticDescriptor } from './diagnosticMapping';
import type { ReportStore } from './reportStore';

const SEVERITIES: Record<DiagnosticDescriptor['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

// Audio files have no text lines; the diagnostic sits at the start so a click opens the file.
const FILE_START = new vscode.Range(0, 0, 0, 0);

export function toDiagnostic(d: DiagnosticDescriptor): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(FILE_START, d.message, SEVERITIES[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = d.source;
  return diagnostic;
}

export class AuditDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('audio-audit');
  /** Files that currently carry diagnostics (absolute paths). */
  private shown = new Set<string>();
  /** Per-file findings of a running audit, shown before its report is finalized. */
  private readonly live = new Map<string, DiagnosticDescriptor[]>();
  private liveTimer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ReportStore) {
    this.subscription = store.subscribe(() => this.refresh());
  }

  /** A file finished during a run: show its own findings now (batched, one IPC message per 250 ms). */
  showLive(absPath: string, findings: readonly Finding[]): void {
    this.live.set(absPath, findings.map(descriptorFor));
    this.liveTimer ??= setTimeout(() => this.flushLive(), 250);
  }

  /** The run's report replaces its live entries (call before storing the report). */
  endLive(): void {
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.live.clear();
  }

  /** Re-derive every diagnostic from the store; files no longer wanted lose theirs. */
  refresh(): void {
    const wanted = diagnosticsByFile(this.store.reports);
    for (const [file, d] of this.live) wanted.set(file, d);
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    for (const file of this.shown) if (!wanted.has(file) || wanted.get(file)!.length === 0) entries.push([vscode.Uri.file(file), undefined]);
    const next = new Set<string>();
    for (const [file, d] of wanted) {
      if (d.length === 0) continue;
      entries.push([vscode.Uri.file(file), d.map(toDiagnostic)]);
      next.add(file);
    }
    this.shown = next;
    this.collection.set(entries);
  }

  private flushLive(): void {
    this.liveTimer = undefined;
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    for (const [file, d] of this.live) {
      if (d.length === 0 && !this.shown.has(file)) continue;
      entries.push([vscode.Uri.file(file), d.length ? d.map(toDiagnostic) : undefined]);
      if (d.length) this.shown.add(file);
      else this.shown.delete(file);
    }
    this.collection.set(entries);
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
