// Commands behind the lightbulb that change no file: exclude a file from audits (a workspace-folder setting) and
// the read-only "dataset-wide quantization" document.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exactPathGlob } from '../core/glob';
import { quantizationDocument } from '../core/stats/corpusQuantization';
import type { AuditReport } from '../core/types';
import { EDITOR_COMMANDS } from './codeActions';
import { activeResource } from './commands';
import type { ReportStore } from './reportStore';

/** Scheme of the read-only documents the extension generates (audio-audit:/quantization?<root>). */
export const VIRTUAL_SCHEME = 'audio-audit';

/** audio-audit:/<root folder name>/dataset-quantization.py?<root>: the name shows in the tab, the query says which report. */
export function quantizationUri(root: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VIRTUAL_SCHEME, path: `/${path.basename(root)}/dataset-quantization.py`, query: root });
}

class QuantizationDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly reports: ReportStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const report = this.reports.get(uri.query);
    return report ? quantizationDocument(report) : `# No audit report for ${uri.query} in this window: run Audio Audit: Audit Workspace first.\n`;
  }

  /** A new report of a root refreshes its open document. */
  reportChanged(report: AuditReport): void {
    this.changed.fire(quantizationUri(report.root));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerEditorCommands(reports: ReportStore): vscode.Disposable {
  const documents = new QuantizationDocuments(reports);
  return vscode.Disposable.from(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(VIRTUAL_SCHEME, documents),
    reports.subscribe((store, change) => { if (!change.live && store.latest) documents.reportChanged(store.latest); }),
    // Called with a report root (the lightbulb), a file URI (the preview) or nothing (the palette: the latest report).
    vscode.commands.registerCommand(EDITOR_COMMANDS.showDatasetQuantization, async (target?: string | vscode.Uri) => {
      const report = typeof target === 'string' ? reports.get(target) : target instanceof vscode.Uri ? reports.reportFor(target.fsPath, path.sep) : reports.latest;
      if (!report) {
        void vscode.window.showWarningMessage('Audio Audit: no audit report yet. Run Audio Audit: Audit Workspace first.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument(quantizationUri(report.root));
      await vscode.languages.setTextDocumentLanguage(doc, 'python');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand(EDITOR_COMMANDS.excludeFromAudits, (uri?: vscode.Uri) => excludeFromAudits(reports, uri)),
  );
}

/**
 * Adds the file to the workspace's `audioAudit.exclude` (a window-scoped setting: the audit reads it without a
 * resource, so a folder-level value could not be written nor would it apply) and drops it from the report, so its
 * findings go at once; the next audit skips it. The glob is relative to the audited root, as the setting's are.
 */
async function excludeFromAudits(reports: ReportStore, uri = activeResource()): Promise<void> {
  if (!uri || uri.scheme !== 'file') return;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showWarningMessage(`Audio Audit: ${path.basename(uri.fsPath)} is in no workspace folder; add it to audioAudit.exclude by hand.`);
    return;
  }
  const report = reports.reportFor(uri.fsPath, path.sep);
  const base = report?.root ?? folder.uri.fsPath;
  const rel = path.relative(base, uri.fsPath).split(path.sep).join('/');
  const config = vscode.workspace.getConfiguration('audioAudit');
  const current = config.inspect<string[]>('exclude')?.workspaceValue ?? [];
  const pattern = exactPathGlob(rel);
  try {
    if (!current.includes(pattern)) await config.update('exclude', [...current, pattern], vscode.ConfigurationTarget.Workspace);
  } catch (e) {
    void vscode.window.showErrorMessage(`Audio Audit: could not add ${pattern} to audioAudit.exclude: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (report) {
    const files = report.files.filter((f) => f.path !== rel);
    if (files.length !== report.files.length) reports.set({ ...report, files }, { origin: reports.originOf(report.root) });
  }
  void vscode.window.showInformationMessage(`Audio Audit: ${rel} is excluded from audits (audioAudit.exclude: "${pattern}").`);
}
