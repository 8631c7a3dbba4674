// "Write a corrected copy…" and "Write a filtered copy of this manifest…": choose where (outside the audited folder),
// run the core's writer under a cancellable progress notification, then offer the result. The writers are passed
// in (src/core/fix/fixFiles.ts, src/core/manifest/filter.ts), so this file holds only the editor's side of the flow.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport, Severity } from '../core/types';
import { EDITOR_COMMANDS } from './codeActions';
import { activeResource } from './commands';
import type { ReportStore } from './reportStore';

/** The options and result of src/core/fix/fixFiles.ts, as this flow uses them. */
export interface FixRequest {
  root: string; files: readonly string[]; outDir: string; dc?: 'mean' | 'highpass';
  gain?: { mode: 'dataset'; peakDbfs: number }; mono?: boolean; ffmpegPath?: string; force?: boolean;
}
export interface FixOutcome { files: { file: string; out?: string; changes: string[]; error?: string }[]; logPath: string }
export type FixFilesFn = (opts: FixRequest, progress?: (done: number, total: number, file: string) => void, signal?: AbortSignal) => Promise<FixOutcome>;

/** The options and result of src/core/manifest/filter.ts. */
export interface FilterRequest {
  manifestPath: string; outPath: string; report: AuditReport; root: string; dropSeverity?: Severity | 'none';
  dropRules?: readonly string[]; fixDurations?: boolean; force?: boolean;
}
export type FilterManifestFn = (opts: FilterRequest, signal?: AbortSignal) => Promise<{ kept: number; dropped: number; outPath: string; droppedCsvPath: string }>;

export interface WriteEngines {
  readonly fixFiles: FixFilesFn;
  readonly filterManifest: FilterManifestFn;
}

/** True when p is root or inside it. */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function registerWriteCommands(reports: ReportStore, engines: WriteEngines, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(EDITOR_COMMANDS.writeCorrectedCopy, (uri?: vscode.Uri, rule?: string) =>
      guarded(log, 'Write a corrected copy', () => writeCorrectedCopy(reports, engines.fixFiles, uri, rule))),
    vscode.commands.registerCommand(EDITOR_COMMANDS.writeFilteredManifest, (uri?: vscode.Uri) =>
      guarded(log, 'Write a filtered copy', () => writeFilteredManifest(reports, engines.filterManifest, uri))),
  );
}

async function writeCorrectedCopy(reports: ReportStore, fixFiles: FixFilesFn, uri = activeResource(), rule?: string): Promise<void> {
  if (!uri) return void vscode.window.showWarningMessage('Audio Audit: open or select an audited audio file first.');
  const report = reports.reportFor(uri.fsPath, path.sep);
  if (!report) return void vscode.window.showWarningMessage(`Audio Audit: ${path.basename(uri.fsPath)} is in no audit report; audit it first.`);
  const rel = path.relative(report.root, uri.fsPath).split(path.sep).join('/');
  const outDir = await chooseOutside(report.root, vscode.Uri.file(`${report.root}-fixed`), 'Write corrected copies here',
    'Folder for the corrected copy (outside the audited folder; the tree below it mirrors the dataset)');
  if (!outDir) return;
  const result = await withCancellableProgress(`Audio Audit: writing a corrected copy of ${rel}`, (signal, report_) =>
    fixFiles({ root: report.root, files: [rel], outDir, dc: rule === 'dc-offset' ? 'mean' : undefined, ffmpegPath: report.settings.ffmpegPath || undefined },
      (done, total, file) => report_(`${done} / ${total}: ${file}`), signal));
  if (!result) return;
  const failed = result.files.filter((f) => f.error);
  if (failed.length) {
    void vscode.window.showErrorMessage(`Audio Audit: no corrected copy of ${failed[0].file}: ${failed[0].error}`);
    return;
  }
  const written = result.files.find((f) => f.out);
  const changes = result.files.flatMap((f) => f.changes).join('; ') || 'nothing needed changing';
  // Beside: in the same group it would take the place of a preview tab (the audio preview opened from Problems).
  await vscode.window.showTextDocument(vscode.Uri.file(result.logPath), { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
  const pick = await vscode.window.showInformationMessage(
    `Audio Audit: wrote ${written?.out ?? 'no file'} under ${outDir} (${changes}). The original is unchanged.`,
    'Open Folder', 'Reveal');
  if (pick === 'Open Folder') await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(outDir), { forceNewWindow: true });
  if (pick === 'Reveal' && written?.out) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(outDir, ...written.out.split('/'))));
}

async function writeFilteredManifest(reports: ReportStore, filterManifest: FilterManifestFn, uri = activeResource()): Promise<void> {
  if (!uri) return void vscode.window.showWarningMessage('Audio Audit: open an audited manifest first.');
  const report = reports.reportFor(uri.fsPath, path.sep);
  const rel = report && path.relative(report.root, uri.fsPath).split(path.sep).join('/');
  if (!report || !report.manifests?.some((m) => m.path === rel)) {
    return void vscode.window.showWarningMessage(`Audio Audit: ${path.basename(uri.fsPath)} is not a manifest of an audit report; audit its folder first.`);
  }
  const suggested = vscode.Uri.file(path.join(`${report.root}-filtered`, ...rel!.split('/')));
  const outPath = await chooseOutside(report.root, suggested, 'Write filtered manifest',
    'Filtered manifest (outside the audited folder; entries with errors are dropped, dropped.csv lists them)', false);
  if (!outPath) return;
  const result = await withCancellableProgress(`Audio Audit: filtering ${rel}`, (signal) =>
    filterManifest({ manifestPath: uri.fsPath, outPath, report, root: report.root }, signal));
  if (!result) return;
  await vscode.window.showTextDocument(vscode.Uri.file(result.outPath), { preview: false });
  const pick = await vscode.window.showInformationMessage(
    `Audio Audit: kept ${result.kept} entries, dropped ${result.dropped} (listed in ${path.basename(result.droppedCsvPath)}). The manifest you audited is unchanged.`,
    'Open dropped.csv', 'Reveal');
  if (pick === 'Open dropped.csv') await vscode.window.showTextDocument(vscode.Uri.file(result.droppedCsvPath));
  if (pick === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.outPath));
}

/** A save dialog for a folder or file, asked again while the answer lies inside the audited folder. */
async function chooseOutside(root: string, suggested: vscode.Uri, saveLabel: string, title: string, folder = true): Promise<string | undefined> {
  let defaultUri = suggested;
  for (;;) {
    const picked = await vscode.window.showSaveDialog({ defaultUri, saveLabel, title, filters: folder ? undefined : { 'Same format': [path.extname(suggested.fsPath).slice(1) || '*'] } });
    if (!picked) return undefined;
    if (!isInside(root, picked.fsPath)) return picked.fsPath;
    void vscode.window.showWarningMessage(`Audio Audit never writes inside the audited folder ${root}; choose a place outside it.`);
    defaultUri = suggested;
  }
}

/** Runs work under a cancellable notification; undefined when the user cancelled (the writers leave no partial file). */
async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal, (message) => progress.report({ message }));
    } catch (e) {
      if (abort.signal.aborted) {
        void vscode.window.showInformationMessage('Audio Audit: cancelled; no partial file was left behind.');
        return undefined;
      }
      throw e;
    } finally {
      cancel.dispose();
    }
  });
}

/** Errors are shown as a sentence and logged with their stack, never left unhandled. */
async function guarded(log: vscode.LogOutputChannel, what: string, job: () => Promise<void>): Promise<void> {
  try {
    await job();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`${what} failed: ${e instanceof Error ? e.stack ?? message : message}`);
    void vscode.window.showErrorMessage(`Audio Audit: ${what} failed: ${message}`);
  }
}
