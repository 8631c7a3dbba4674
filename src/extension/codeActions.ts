// The lightbulb on audit findings. Audio files: write a corrected copy (dc-offset, non-finite; clipping says why
// not), show the finding in the preview, exclude the file, the dataset-wide quantization (minmax-zero-shift).
// Manifest lines: remove the entry or set the decoded duration as ordinary undoable edits of the text, or write a
// filtered copy. Nothing here writes audio.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodedDurationsByLine } from '../core/manifest/decodedDurations';
import { fileActions, type FindingActionId } from '../core/fix/findingActions';
import { durationSpan, formatSeconds, isWholeEntryLine } from '../core/manifest/lineEdits';
import type { AuditReport, FileReport, FindingLocation, ManifestReport } from '../core/types';
import { DIAGNOSTIC_SOURCE } from './diagnosticMapping';
import type { ReportStore } from './reportStore';

export const EDITOR_COMMANDS = {
  writeCorrectedCopy: 'audioAudit.writeCorrectedCopy',
  writeFilteredManifest: 'audioAudit.writeFilteredManifest',
  showInPreview: 'audioAudit.showInPreview',
  excludeFromAudits: 'audioAudit.excludeFromAudits',
  showDatasetQuantization: 'audioAudit.showDatasetQuantization',
} as const;

const QUICK_FIX = vscode.CodeActionKind.QuickFix;

export class AuditCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [QUICK_FIX] };
  /** Decoded durations per manifest line, computed once per report (the manifest is re-parsed, no audio decoded). */
  private readonly durations = new WeakMap<AuditReport, Map<string, Promise<Map<number, number>>>>();

  constructor(private readonly reports: ReportStore) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext,
    token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (diagnostics.length === 0 || document.uri.scheme !== 'file') return [];
    const report = this.reports.reportFor(document.uri.fsPath, path.sep);
    if (!report) return [];
    const rel = path.relative(report.root, document.uri.fsPath).split(path.sep).join('/');
    const manifest = report.manifests?.find((m) => m.path === rel);
    if (manifest) return this.manifestActions(document, report, manifest, diagnostics, token);
    const file = report.files.find((f) => f.path === rel);
    return file ? audioActions(document.uri, report, file, diagnostics) : [];
  }

  private async manifestActions(document: vscode.TextDocument, report: AuditReport, manifest: ManifestReport,
    diagnostics: readonly vscode.Diagnostic[], token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const d of diagnostics) {
      const index = d.range.start.line;
      if (index >= document.lineCount) continue;
      const text = document.lineAt(index).text;
      if (d.code === 'manifest-duration-mismatch') {
        const span = durationSpan(manifest, text, headerLine(document));
        const decoded = span ? (await this.decodedDurations(report, manifest)).get(index + 1) : undefined;
        if (token.isCancellationRequested) return [];
        if (span && decoded !== undefined) {
          const value = formatSeconds(decoded);
          const action = new vscode.CodeAction(`Set duration to the decoded ${value} s`, QUICK_FIX);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, new vscode.Range(index, span.start, index, span.end), value, {
            label: 'Set duration to the decoded one', needsConfirmation: false });
          action.diagnostics = [d];
          action.isPreferred = true;
          actions.push(action);
        }
      }
      if (isWholeEntryLine(manifest, index, text)) {
        const action = new vscode.CodeAction('Remove this entry', QUICK_FIX);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.delete(document.uri, wholeLine(document, index));
        action.diagnostics = [d];
        // Preferred only where nothing gentler is offered: a missing file or a line that does not parse.
        action.isPreferred = d.code === 'manifest-missing-audio' || d.code === 'manifest-bad-line';
        actions.push(action);
      }
    }
    const filtered = new vscode.CodeAction('Write a filtered copy of this manifest…', QUICK_FIX);
    filtered.command = { title: filtered.title, command: EDITOR_COMMANDS.writeFilteredManifest, arguments: [document.uri] };
    filtered.diagnostics = [...diagnostics];
    actions.push(filtered);
    return actions;
  }

  private decodedDurations(report: AuditReport, manifest: ManifestReport): Promise<Map<number, number>> {
    let byManifest = this.durations.get(report);
    if (!byManifest) this.durations.set(report, byManifest = new Map());
    let found = byManifest.get(manifest.path);
    if (!found) byManifest.set(manifest.path, found = decodedDurationsByLine(report, manifest).catch(() => new Map()));
    return found;
  }
}

/** The first non-blank line: the column names of a CSV manifest (pandas skips blank lines before it). */
function headerLine(document: vscode.TextDocument): string | undefined {
  for (let i = 0; i < document.lineCount; i++) if (!document.lineAt(i).isEmptyOrWhitespace) return document.lineAt(i).text;
  return undefined;
}

/** The line with its line break (the previous line's break for the last line), so the entry leaves no blank line. */
function wholeLine(document: vscode.TextDocument, index: number): vscode.Range {
  if (index + 1 < document.lineCount) return new vscode.Range(index, 0, index + 1, 0);
  if (index === 0) return document.lineAt(0).rangeIncludingLineBreak;
  return new vscode.Range(index - 1, document.lineAt(index - 1).text.length, index, document.lineAt(index).text.length);
}

function audioActions(uri: vscode.Uri, report: AuditReport, file: FileReport, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
  // The same list, titles and order as the preview's lightbulb and Quick Fix… (src/core/fix/findingActions.ts).
  return fileActions(diagnostics.map((d) => String(d.code))).map(({ finding, action }) => {
    const d = finding === null ? diagnostics : [diagnostics[finding]];
    const a = new vscode.CodeAction(action.title, QUICK_FIX);
    a.diagnostics = [...d];
    if (action.disabledReason) {
      a.disabled = { reason: action.disabledReason };
      return a;
    }
    const rule = finding === null ? '' : String(diagnostics[finding].code);
    const [command, args] = commandOf(action.id, uri, report, rule,
      () => file.findings.find((f) => f.rule === rule && f.message === d[0].message)?.location);
    a.command = { title: action.title, command, arguments: args };
    a.isPreferred = action.id === 'correct';
    return a;
  });
}

function commandOf(id: FindingActionId, uri: vscode.Uri, report: AuditReport, rule: string,
  location: () => FindingLocation | undefined): [command: string, args: unknown[]] {
  switch (id) {
    case 'correct': return [EDITOR_COMMANDS.writeCorrectedCopy, [uri, rule]];
    case 'quantization': return [EDITOR_COMMANDS.showDatasetQuantization, [report.root]];
    case 'show': return [EDITOR_COMMANDS.showInPreview, [uri, location()]];
    case 'exclude': return [EDITOR_COMMANDS.excludeFromAudits, [uri]];
  }
}

export function registerCodeActions(reports: ReportStore): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new AuditCodeActions(reports), AuditCodeActions.metadata);
}
