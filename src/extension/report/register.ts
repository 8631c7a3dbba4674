// registerReport: the report panel (show, revive after reload, live updates), Open Report File… and Export Report… (JSON/CSV/HTML).
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toCsv } from '../../cli/csv';
import { loadStandaloneAssets, renderStandaloneHtml } from '../../core/report/html';
import { parseReportJson, ReportFileError } from '../../core/report/load';
import { normalizationStatsJson } from '../../core/report/stats';
import type { AuditReport } from '../../core/types';
import type { ExportKind, ReportProgress } from '../../protocol/report';
import { REPORT_VIEW_TYPE, ReportPanel } from './panel';
import { reportJsonChunks } from '../../core/report/jsonChunks';
import { LARGE_REPORT_BYTES, LargeReport, ReadCancelled, readLargeReport } from './largeReport';

type Listen<T> = (listener: (e: T) => unknown) => { dispose(): unknown };

export interface ReportDeps {
  /** The report the panel shows (the latest audit), undefined before the first one. */
  getReport(): AuditReport | undefined;
  /** Every stored report (one per audited root), for Export Report… to choose from; defaults to [getReport()]. */
  getReports?(): AuditReport[];
  onDidChangeReport: Listen<unknown>;
  /** Progress of a running audit; null (or undefined) when it ends. */
  onProgress?: Listen<ReportProgress | null | undefined>;
  /** Stores a report read from a file (Open Report File…) so the panel shows it; without it the command is absent. */
  loadReport?(report: AuditReport): void;
  log?(msg: string): void;
}

export const REPORT_COMMANDS = { show: 'audioAudit.showReport', export: 'audioAudit.exportReport', openFile: 'audioAudit.openReportFile' } as const;

const EXPORTS: Record<ExportKind, { label: string; description: string; ext: string; filter: string }> = {
  json: { label: 'JSON', description: 'the full report (version 1), as the CLI\'s --json', ext: 'json', filter: 'JSON' },
  csv: { label: 'CSV', description: 'one row per file, the CLI\'s --csv columns', ext: 'csv', filter: 'CSV' },
  html: { label: 'HTML', description: 'a standalone report page, opens in any browser without network', ext: 'html', filter: 'HTML' },
};

export function registerReport(context: vscode.ExtensionContext, deps: ReportDeps): vscode.Disposable {
  let current: ReportPanel | undefined;
  const distDir = path.join(context.extensionPath, 'dist');
  /** A large report file being shown (paged from the host); dropped when the store's report changes (an audit). */
  let large: LargeReport | undefined;
  let cancelRead: (() => void) | undefined;

  const hooks = {
    getReport: () => deps.getReport(),
    getLarge: () => large,
    cancelLoading: () => cancelRead?.(),
    saveStats: (r: AuditReport) => saveStats(r),
    exportReport: (r: AuditReport, kind: ExportKind) => exportReport(r, kind, distDir),
    log: deps.log,
  };

  const adopt = (panel: vscode.WebviewPanel): ReportPanel => {
    const p = new ReportPanel(panel, context.extensionUri, hooks);
    current = p;
    p.onDidDispose(() => { if (current === p) current = undefined; });
    return p;
  };

  const show = () => {
    if (current) { current.reveal(); return; }
    adopt(vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Audio Audit Report', vscode.ViewColumn.Active, { retainContextWhenHidden: false }));
  };

  const disposables: { dispose(): unknown }[] = [
    vscode.commands.registerCommand(REPORT_COMMANDS.show, show),
    vscode.commands.registerCommand(REPORT_COMMANDS.export, async (kind?: ExportKind) => {
      const latest = deps.getReport();
      const reports = deps.getReports?.() ?? (latest ? [latest] : []);
      if (reports.length === 0) {
        void vscode.window.showInformationMessage('Audio Audit: nothing to export yet; run "Audio Audit: Audit Workspace" first.');
        return;
      }
      let report = reports[reports.length - 1];
      if (reports.length > 1) {
        const pick = await vscode.window.showQuickPick(
          [...reports].reverse().map((r) => ({ label: r.root, description: `${r.files.length} files`, report: r })),
          { title: 'Export which audit?' },
        );
        if (!pick) return;
        report = pick.report;
      }
      await exportReport(report, kind, distDir);
    }),
    vscode.commands.registerCommand(REPORT_COMMANDS.openFile, async (uri?: vscode.Uri) => {
      const load = deps.loadReport;
      if (!load) return;
      if (!(uri instanceof vscode.Uri)) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Open Audio Audit Report', openLabel: 'Open Report', canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
          filters: { 'Audio Audit report (JSON)': ['json'] },
        });
        if (!picked?.length) return;
        uri = picked[0];
      }
      // The panel opens (or comes forward) at once and says what it is reading; a fresh webview loads meanwhile.
      show();
      const name = path.basename(uri.path);
      current?.loadingFile(name);
      const size = uri.scheme === 'file' ? await stat(uri.fsPath).then((s) => s.size, () => 0) : 0;
      if (size >= LARGE_REPORT_BYTES) {
        cancelRead?.();
        const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Audio Audit: opening report…' },
          () => readLargeReport(path.join(distDir, 'reportReader.js'), uri.fsPath, {
            onProgress: (done, total) => current?.loadingFile(name, done, total),
            onCancel: (cancel) => { cancelRead = cancel; },
            log: deps.log,
          }).catch((e: unknown) => {
            if (!(e instanceof ReadCancelled)) {
              const reason = e instanceof Error ? e.message : String(e);
              void vscode.window.showErrorMessage(`Audio Audit: cannot open ${uri.fsPath} as a report: ${reason}.`);
            }
            return undefined;
          }));
        cancelRead = undefined;
        if (read) large = read;
        current?.loadingDone(read !== undefined);
        return;
      }
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Audio Audit: opening report…' },
        () => readReportFile(uri, deps.log));
      if (report) { large = undefined; load(report); }
      current?.loadingDone(report !== undefined);
    }),
    // After a window reload VS Code recreates the panel and hands it back with the webview's saved state.
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => { current?.dispose(); adopt(panel); },
    }),
    // An audit's report (or a smaller report file) replaces a large one in the panel; its columns are let go.
    deps.onDidChangeReport(() => { large = undefined; current?.reportChanged(); }),
  ];
  if (deps.onProgress) disposables.push(deps.onProgress((p) => current?.progress(p ?? null)));
  return new vscode.Disposable(() => {
    current?.dispose();
    for (const d of disposables) d.dispose();
  });
}

/** Reads and checks a report file; shows the reason and returns undefined when it is not a version-1 report. */
async function readReportFile(uri: vscode.Uri, log?: (msg: string) => void): Promise<AuditReport | undefined> {
  const name = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  try {
    const t0 = Date.now();
    // Straight from disk for local files: workspace.fs copies the bytes through the file service (2-3x slower here).
    const bytes = uri.scheme === 'file' ? await readWholeFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    const t1 = Date.now();
    // V8's longest string is ~512 MiB; a bigger file would throw a bare RangeError in the decoder.
    if (bytes.byteLength >= 0x1fffffe8) throw new ReportFileError(`it is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, more than one JSON text can hold here`);
    const report = parseReportJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    log?.(`opened report ${name}: ${report.files.length} files, ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB read in ${t1 - t0} ms, parsed and checked in ${Date.now() - t1} ms`);
    return report;
  } catch (e) {
    const reason = e instanceof ReportFileError ? e.message : e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`Audio Audit: cannot open ${name} as a report: ${reason}.`);
    return undefined;
  }
}

/** One buffer of the file's size filled by 64 MiB reads: fs.readFile's 512 KiB steps queue behind other work. */
async function readWholeFile(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 64 << 20), at);
      if (bytesRead === 0) break;   // the file shrank while it was read
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** Next to the audited folder, not inside it: nothing is written into the dataset unless the user says so. */
function defaultUri(report: AuditReport, suffix: string): vscode.Uri {
  return vscode.Uri.file(path.join(path.dirname(report.root), `${path.basename(report.root)}-${suffix}`));
}

/** JSON / CSV through the same functions as the CLI; HTML through renderStandaloneHtml. Asks for the kind when not given. */
export async function exportReport(report: AuditReport, kind: ExportKind | undefined, distDir: string): Promise<void> {
  if (!kind) {
    const pick = await vscode.window.showQuickPick(
      (Object.keys(EXPORTS) as ExportKind[]).map((k) => ({ label: EXPORTS[k].label, description: EXPORTS[k].description, exportKind: k })),
      { title: 'Export format' },
    );
    if (!pick) return;
    kind = pick.exportKind;
  }
  const e = EXPORTS[kind];
  const target = await vscode.window.showSaveDialog({
    title: 'Export Audio Audit Report',
    defaultUri: defaultUri(report, `audio-audit.${e.ext}`),
    filters: { [e.filter]: [e.ext] },
  });
  if (!target) return;
  // JSON goes through the chunked writer: a large report exceeds V8's longest string, not a Buffer.
  const bytes = kind === 'json' ? Buffer.concat([...reportJsonChunks(report)].map((c) => Buffer.from(c, 'utf8')))
    : Buffer.from(kind === 'csv' ? toCsv(report.files, report.manifests) : renderStandaloneHtml(report, loadStandaloneAssets(distDir)), 'utf8');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Audio Audit: report written to ${target.fsPath}`);
}

/** "Save normalization stats…": the dataset's global peak, recommended gain and per-band mel mean/std as JSON. */
export async function saveStats(report: AuditReport): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    title: 'Save Normalization Stats',
    defaultUri: defaultUri(report, 'normalization-stats.json'),
    filters: { JSON: ['json'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(normalizationStatsJson(report), 'utf8'));
  void vscode.window.showInformationMessage(`Audio Audit: normalization stats saved to ${target.fsPath}`);
}
