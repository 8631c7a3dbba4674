// One report panel (viewType audioAudit.report): posts the view of the latest report, live progress, and answers
// the webview's requests (open a file, a manifest line or a duplicate pair, save the normalization stats, export).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { packView, type PackedReportView } from '../../core/report/pack';
import { toReportView } from '../../core/report/view';
import type { AuditReport } from '../../core/types';
import type { ExportKind, HostToReport, ReportProgress, ReportToHost } from '../../protocol/report';
import { reportPanelHtml } from './html';
import type { LargeReport } from './largeReport';

export const REPORT_VIEW_TYPE = 'audioAudit.report';
export const PREVIEW_VIEW_TYPE = 'audioAudit.preview';
/** Live updates of a running audit are coalesced to at most one view per this many ms (a view is O(files)). */
const UPDATE_INTERVAL_MS = 500;

/** Reports are replaced, never changed in place, so a report's packed view is computed once (every panel, every show). */
const packedViews = new WeakMap<AuditReport, PackedReportView>();

function packedViewOf(report: AuditReport): PackedReportView {
  let view = packedViews.get(report);
  if (!view) packedViews.set(report, view = packView(toReportView(report)));
  return view;
}

export interface ReportPanelHooks {
  getReport(): AuditReport | undefined;
  /** A large report file the panel shows instead (paged from the host), if any. */
  getLarge?(): LargeReport | undefined;
  /** The panel's Cancel while a report file is read. */
  cancelLoading?(): void;
  saveStats(report: AuditReport): Promise<void>;
  exportReport(report: AuditReport, kind: ExportKind): Promise<void>;
  /** Timings posted by the webview, for the output log. */
  log?(msg: string): void;
}

export class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastPost = 0;
  private ready = false;
  private readonly createdAt = Date.now();
  /** The report file being read, if any: the panel shows that instead of posting the report it is replacing. */
  private loading: string | undefined;
  /** A view was held back while loading: post the current one when loading ends, even if the file failed. */
  private heldBack = false;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly hooks: ReportPanelHooks) {
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
    panel.webview.html = reportPanelHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ReportToHost) => this.onMessage(m).catch((e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        this.hooks.log?.(`report panel: ${m.type} failed: ${msg}`);
        void vscode.window.showErrorMessage(`Audio Audit: ${msg}`);
      })),
      panel.onDidDispose(() => this.dispose()),
    );
    // Pack while the webview loads (it takes a second to say 'ready'), so the view can go out the moment it does.
    const early = setTimeout(() => { const r = this.hooks.getReport(); if (r && this.loading === undefined && !this.hooks.getLarge?.()) packedViewOf(r); }, 0);
    this.disposables.push({ dispose: () => clearTimeout(early) });
  }

  /** The report changed: post it now, or at the end of the current interval while updates stream in. */
  reportChanged(): void {
    if (!this.ready || this.timer) return;
    const wait = Math.max(0, this.lastPost + UPDATE_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => { this.timer = undefined; this.postReport(); }, wait);
  }

  /** A report file is being read: the panel says so instead of posting the report it is about to replace. */
  loadingFile(name: string, bytesRead?: number, bytesTotal?: number): void {
    this.loading = name;
    if (this.ready) this.post({ type: 'loading', name, bytesRead, bytesTotal });
  }

  /** Reading ended. The stored report's view ends the loading state in the webview; a failed file ends it here. */
  loadingDone(stored: boolean): void {
    if (this.loading === undefined) return;
    this.loading = undefined;
    if (!this.ready) return;
    if (!stored) this.post({ type: 'loading', name: null });
    if (this.heldBack || stored) {
      this.heldBack = false;
      this.reportChanged();
    }
  }

  progress(p: ReportProgress | null): void {
    if (this.ready) this.post({ type: 'progress', progress: p });
  }

  reveal(): void {
    this.panel.reveal();
  }

  private post(msg: HostToReport): void {
    void this.panel.webview.postMessage(msg);
  }

  private postReport(): void {
    if (this.loading !== undefined) {
      this.heldBack = true;
      this.post({ type: 'loading', name: this.loading });
      return;
    }
    this.lastPost = Date.now();
    const large = this.hooks.getLarge?.();
    if (large) {
      this.post({ type: 'paged', summary: large.summary(), sentAt: Date.now() });
      return;
    }
    const report = this.hooks.getReport();
    const view = report ? packedViewOf(report) : null;
    this.post({ type: 'report', view, sentAt: Date.now() });
  }

  private async onMessage(m: ReportToHost): Promise<void> {
    const large = this.hooks.getLarge?.();
    // A large report has no file objects: what the handlers below read of it (root, manifests, pairs, stats) is its head.
    const report = large ? large.headReport : this.hooks.getReport();
    switch (m.type) {
      case 'rows': {
        if (!large) return;
        const order = large.table.query(m.filter, m.sort);
        this.post({ type: 'rows', seq: m.seq, total: order.length, start: m.start, rows: large.table.page(order, m.start, Math.min(m.count, 1000)) });
        return;
      }
      case 'cancelLoading':
        this.hooks.cancelLoading?.();
        return;
      case 'ready':
        this.ready = true;
        this.hooks.log?.(`report panel: webview ready ${Date.now() - this.createdAt} ms after the panel was created${m.loadMs === undefined ? '' : ` (its page ran ${m.loadMs.toFixed(0)} ms of that)`}`);
        this.postReport();
        return;
      case 'openFile':
        if (report) await openAudioFile(report, m.path, large ? large.table.indexOf(m.path) >= 0 : undefined);
        return;
      case 'openManifest':
        if (report) await openManifestAt(report, m.path, m.line);
        return;
      case 'openPair':
        if (report) await openDuplicatePair(report, m.a, m.b);
        return;
      case 'saveStats':
        if (report) await this.hooks.saveStats(report);
        return;
      case 'export':
        if (large) {
          void vscode.window.showInformationMessage(`Audio Audit: ${large.file} is the JSON report; exports of a report opened this large (${large.table.count.toLocaleString('en-US')} files) are not offered, use audio-audit merge --csv/--html.`);
          return;
        }
        if (report) await this.hooks.exportReport(report, m.kind);
        return;
      case 'chartsRendered':
        this.hooks.log?.(`report view: charts drawn in ${m.ms.toFixed(0)} ms`);
        return;
      case 'rendered':
        // Timed when a report arrived (phases), not on every sort or filter.
        if (m.phases) this.hooks.log?.(`report view: ${m.rows} rows in ${m.ms.toFixed(0)} ms (${Object.entries(m.phases).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')})`);
        return;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/**
 * Opens a file of the report in the audio preview (the custom editor), or as a plain file when the preview is not
 * there. Only paths that are in the report are opened: the webview's message is not trusted to name any file.
 */
export async function openAudioFile(report: AuditReport, relPath: string, inReport = report.files.some((f) => f.path === relPath)): Promise<void> {
  if (!inReport) return;
  const uri = await existingUri(report, relPath);
  if (!uri) return;
  const options = { preview: true, viewColumn: vscode.ViewColumn.Beside };
  if (previewEditorContributed()) {
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, PREVIEW_VIEW_TYPE, options);
      return;
    } catch {
      // fall through to the default editor
    }
  }
  await vscode.commands.executeCommand('vscode.open', uri, options);
}

/**
 * The file of a report path; undefined (after a warning saying why) when it is not on this machine: a report opened
 * from a file may come from another machine or a dataset that has moved since.
 */
async function existingUri(report: AuditReport, relPath: string): Promise<vscode.Uri | undefined> {
  const uri = vscode.Uri.file(path.join(report.root, ...relPath.split('/')));
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (!exists) {
    void vscode.window.showWarningMessage(`Audio Audit: ${uri.fsPath} does not exist (the report's folder ${report.root} is not on this machine, or the file was moved or deleted).`);
    return undefined;
  }
  return uri;
}

/**
 * Opens a manifest of the report in a text editor with its 1-based `line` selected and centred. Only manifests the
 * report lists are opened; a line past the end goes to the last line.
 */
export async function openManifestAt(report: AuditReport, relPath: string, line: number): Promise<void> {
  if (!report.manifests?.some((m) => m.path === relPath) || !Number.isFinite(line)) return;
  const uri = await existingUri(report, relPath);
  if (!uri) return;
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = Math.min(Math.max(0, Math.floor(line) - 1), doc.lineCount - 1);
  const range = doc.lineAt(at).range;
  const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true, viewColumn: vscode.ViewColumn.Beside });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
}

/**
 * Opens the two files of a duplicate pair side by side in the audio preview (a in the first editor group, b in the
 * second), or in the default editor when the preview is not there. Only pairs the report lists are opened.
 */
export async function openDuplicatePair(report: AuditReport, a: string, b: string): Promise<void> {
  if (!report.duplicates?.some((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))) return;
  const uriA = await existingUri(report, a);
  const uriB = uriA && await existingUri(report, b);
  if (!uriA || !uriB) return;
  const one = { preview: true, viewColumn: vscode.ViewColumn.One };
  const two = { preview: true, viewColumn: vscode.ViewColumn.Two };
  if (previewEditorContributed()) {
    try {
      await vscode.commands.executeCommand('vscode.openWith', uriA, PREVIEW_VIEW_TYPE, one);
      await vscode.commands.executeCommand('vscode.openWith', uriB, PREVIEW_VIEW_TYPE, two);
      return;
    } catch {
      // fall through to the default editor
    }
  }
  await vscode.commands.executeCommand('vscode.open', uriA, one);
  await vscode.commands.executeCommand('vscode.open', uriB, two);
}

/** Whether some installed extension contributes the preview custom editor (it is built in parallel to the report). */
function previewEditorContributed(): boolean {
  return vscode.extensions.all.some((e) =>
    ((e.packageJSON?.contributes?.customEditors ?? []) as { viewType?: string }[]).some((c) => c.viewType === PREVIEW_VIEW_TYPE));
}
