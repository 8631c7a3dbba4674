// Entry point: activate() only wires what the register*() functions return; nothing runs until a command does.
import * as vscode from 'vscode';
import { AuditController } from './auditController';
import { registerAuditCommands } from './commands';
import { AuditDiagnostics } from './diagnostics';
import { ReportStore } from './reportStore';
import { RESULT_KEYS } from './settingsMapping';
import { AuditStatusBar } from './statusBar';
import { registerAuditWatcher } from './watcher';
import { registerPreview } from './preview/registerPreview';
import { previewDepsFrom } from './preview/previewDeps';
import { registerReport } from './report/register';
import { registerCodeActions } from './codeActions';
import { registerEditorCommands } from './editorCommands';
import { registerWriteCommands } from './writeCommands';
import { fixFiles } from '../core/fix/fixFiles';
import { filterManifest } from '../core/manifest/filter';

export { ReportStore } from './reportStore';

/** What the other parts of the extension (report panel, preview) receive from activate(). */
export interface AuditServices {
  readonly reports: ReportStore;
  readonly controller: AuditController;
}

export function activate(context: vscode.ExtensionContext): AuditServices {
  const audit = registerAudit(context);
  context.subscriptions.push(audit.disposable);
  const { reports } = audit.services;
  context.subscriptions.push(registerPreview(context, previewDepsFrom(reports, audit.services.controller)));
  // The lightbulb on findings, and its two write commands with the core's writers.
  context.subscriptions.push(registerCodeActions(reports), registerEditorCommands(reports),
    registerWriteCommands(reports, { fixFiles, filterManifest }, audit.log));
  context.subscriptions.push(registerReport(context, {
    getReport: () => reports.latest,
    getReports: () => reports.reports,
    onDidChangeReport: (listener) => reports.subscribe(listener),
    onProgress: audit.onProgress,
    loadReport: (report) => reports.set(report, { origin: 'file' }),
    log: (msg) => audit.log.info(msg),
  }));
  return audit.services;
}

export function deactivate(): void {}

/** The audit itself: store, diagnostics, status bar, controller, commands, watcher, settings changes. */
export function registerAudit(context: vscode.ExtensionContext): {
  disposable: vscode.Disposable; services: AuditServices;
  onProgress: (listener: (p: { filesDone: number; filesTotal: number } | null) => void) => vscode.Disposable;
  log: vscode.LogOutputChannel;
} {
  const reports = new ReportStore();
  const log = vscode.window.createOutputChannel('Audio Audit', { log: true });
  // The status bar subscribes first: its one-line update reaches the UI before the diagnostics batch.
  const status = new AuditStatusBar(reports);
  const diagnostics = new AuditDiagnostics(reports);
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const controller = new AuditController({ extensionPath: context.extensionPath, storageDir, store: reports, diagnostics, status, log });
  const disposable = vscode.Disposable.from(
    log, diagnostics, status, controller,
    registerAuditCommands(controller, reports),
    registerAuditWatcher(controller),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESULT_KEYS.some((k) => e.affectsConfiguration(`audioAudit.${k}`))) controller.settingsChanged();
    }),
  );
  return { disposable, services: { reports, controller }, onProgress: (l) => status.onProgress(l), log };
}
