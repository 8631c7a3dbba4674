// One preview panel: builds the page, starts its worker, relays typed messages between worker and webview.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { openAudio } from '../../core/decode/probe';
import { resolveMel, type ResolvedMel } from '../../core/mel/params';
import type { AudioFormat, AuditSettings, FileReport, Finding, FindingLocation, SourceFormat } from '../../core/types';
import type { FindingActionId } from '../../core/fix/findingActions';
import type { HostToWebview, MelScale, PreviewInit, WebviewToHost } from '../../protocol/preview';
import type { WorkerToHost } from '../../protocol/previewWorker';
import { playbackModeFor } from './playbackMode';
import { previewHtml } from './previewHtml';
import { PreviewWorkerClient } from './workerClient';

/** Overview resolution: enough for a wide screen; zoomed views ask for their own. */
const OVERVIEW_COLUMNS = 2048;

export interface PreviewDeps {
  /** The current settings (mel preset, clip level, q_levels). */
  settings(): AuditSettings;
  /** The file's findings from the last report, or undefined when the file was not audited. */
  findingsFor?(uri: vscode.Uri): readonly Finding[] | undefined;
  /** The file's whole report (findings + statistics), when the last report has it. */
  reportFor?(uri: vscode.Uri): FileReport | undefined;
}

/** Metrics the E2E reads from the output of `audioAudit.preview.metrics`. */
export interface PreviewMetrics {
  readonly file: string;
  readonly openedAt: number;
  firstRenderMs: number | null;
  overviewCompleteMs: number | null;
}

function melScale(r: ResolvedMel | null): MelScale | null {
  if (!r) return null;
  return { preset: r.preset, sampleRate: r.sampleRate, hopLength: r.hopLength, nMels: r.nMels, fmin: r.fmin, fmax: r.fmax,
    topDb: r.topDb, floorDb: r.floorDb };
}

export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly worker: PreviewWorkerClient;
  /** Replayed when the page (re)loads: a hidden editor's webview is rebuilt from scratch when shown again. */
  private lastOverview: Extract<HostToWebview, { type: 'overview' }> | null = null;
  private lastReport: Extract<HostToWebview, { type: 'report' }> | null = null;
  /** Where "Show in preview" asked to zoom (null: the whole file); sent once the page is ready and when it reloads. */
  private location: FindingLocation | null = null;
  /** The findings the page lists: the last report's, else the single-file audit's once it arrives. */
  private shownFindings: readonly Finding[] = [];
  private ready = false;
  readonly metrics: PreviewMetrics;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PreviewDeps,
  ) {
    this.metrics = { file: uri.fsPath, openedAt: Date.now(), firstRenderMs: null, overviewCompleteMs: null };
    this.worker = new PreviewWorkerClient(vscode.Uri.joinPath(extensionUri, 'dist', 'previewWorker.js').fsPath,
      (msg) => this.fromWorker(msg));
    const fileDir = vscode.Uri.file(path.dirname(uri.fsPath));
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'dist', 'media'),
        vscode.Uri.joinPath(extensionUri, 'media'), fileDir],
    };
    this.disposables.push(panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.fromWebview(m)));
  }

  /** Reads the header (cheap), renders the page, then starts the worker's overview pass. */
  async start(): Promise<void> {
    const settings = this.deps.settings();
    const fileName = path.basename(this.uri.fsPath);
    let format: SourceFormat | null = null;
    let notes = 0;
    let error: string | null = null;
    try {
      const src = await openAudio(this.uri.fsPath, { ffmpegPath: settings.ffmpegPath || null });
      format = src.format;
      notes = src.notes.length;
      await src.close();
      // Codec headers may not give a length (0): the worker counts those; a PCM container with 0 frames is empty.
      if (format.frames === 0 && format.storage !== 'lossy' && format.encoding !== 'flac') error = `${fileName}: the data chunk holds no samples (empty file).`;
    } catch (err) {
      error = `${fileName} cannot be read: ${err instanceof Error ? err.message : String(err)}`;
    }
    const report = this.deps.reportFor?.(this.uri) ?? null;
    const findings = this.deps.findingsFor?.(this.uri) ?? report?.findings ?? [];
    this.shownFindings = findings;
    let mel: ResolvedMel | null = null;
    let melProblem: string | null = null;
    try {
      mel = format && !error ? resolveMel(settings.mel, format.sampleRate) : null;
    } catch (err) {
      melProblem = `Mel spectrogram off: ${err instanceof Error ? err.message : String(err)}`;
    }
    const playback = error ? 'none' : playbackModeFor(format, notes);
    const init: PreviewInit = {
      fileName, format: format && pickFormat(format), error, findings, report, mel: melScale(mel),
      clipLevel: settings.clipLevel, qLevels: settings.qLevels, playback,
      audioSrc: playback === 'audio' ? this.panel.webview.asWebviewUri(this.uri).toString() : null,
    };
    const wv = this.panel.webview;
    const asUri = (...p: string[]) => wv.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    wv.html = previewHtml(init, {
      cspSource: wv.cspSource, script: asUri('dist', 'webview', 'preview.js'), css: asUri('media', 'preview.css'),
      codicons: asUri('dist', 'media', 'codicon.css'),
    }, randomBytes(16).toString('base64'));
    if (error || !format) return;
    if (melProblem) this.post({ type: 'error', message: melProblem });
    // The findings came from the last report, but the stats table needs the whole report: audit this one file.
    const audit = report ? null : { relPath: vscode.workspace.asRelativePath(this.uri, false), settings };
    this.worker.send({ type: 'open', absPath: this.uri.fsPath, ffmpegPath: settings.ffmpegPath || null, mel, overviewColumns: OVERVIEW_COLUMNS, audit });
  }

  /** Zooms the page to a finding's frames (null: out to the whole file), now or as soon as the page is ready. */
  locate(location: FindingLocation | null): void {
    this.location = location;
    if (this.ready) this.post({ type: 'locate', location });
  }

  /** Runs a lightbulb action of one of this file's findings: the commands the editor's lightbulb runs (codeActions.ts). */
  runAction(action: FindingActionId, rule: string, location: FindingLocation | null): void {
    switch (action) {
      case 'correct': void vscode.commands.executeCommand('audioAudit.writeCorrectedCopy', this.uri, rule); return;
      case 'quantization': void vscode.commands.executeCommand('audioAudit.showDatasetQuantization', this.uri); return;
      case 'show': this.locate(location); return;
      case 'exclude': void vscode.commands.executeCommand('audioAudit.excludeFromAudits', this.uri); return;
    }
  }

  get resource(): vscode.Uri {
    return this.uri;
  }

  /** True while this preview is the active editor (the target of Audio Audit: Quick Fix…). */
  get active(): boolean {
    return this.panel.active;
  }

  get findings(): readonly Finding[] {
    return this.shownFindings;
  }

  private post(msg: HostToWebview): void {
    void this.panel.webview.postMessage(msg);
  }

  private fromWorker(msg: WorkerToHost): void {
    if (msg.type === 'overview' && msg.done && this.metrics.overviewCompleteMs === null) {
      this.metrics.overviewCompleteMs = Date.now() - this.metrics.openedAt;
    }
    if (msg.type === 'error') { this.post({ type: 'error', message: msg.message }); return; }
    if (msg.type === 'overview') this.lastOverview = msg;
    if (msg.type === 'report') {
      this.lastReport = msg;
      if (this.shownFindings.length === 0) this.shownFindings = msg.report.findings;
    }
    this.post(msg);
  }

  private fromWebview(msg: WebviewToHost): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.lastOverview) this.post(this.lastOverview);
        if (this.lastReport) this.post(this.lastReport);
        if (this.location) this.post({ type: 'locate', location: this.location });
        return;
      case 'requestView':
        this.worker.send({ type: 'view', requestId: msg.requestId, startFrame: msg.startFrame, endFrame: msg.endFrame, columns: msg.columns });
        return;
      case 'requestPcm':
        this.worker.send({ type: 'pcm', requestId: msg.requestId, startFrame: msg.startFrame, frames: msg.frames });
        return;
      case 'findingAction':
        this.runAction(msg.action, msg.rule, msg.location);
        return;
      case 'rendered':
        if (this.metrics.firstRenderMs === null) this.metrics.firstRenderMs = Date.now() - this.metrics.openedAt;
        return;
    }
  }

  dispose(): void {
    this.worker.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Only the user-facing format fields travel to the page (not byte offsets). */
function pickFormat(f: AudioFormat): AudioFormat {
  return { container: f.container, encoding: f.encoding, bitsPerSample: f.bitsPerSample, validBits: f.validBits,
    sampleRate: f.sampleRate, channels: f.channels, frames: f.frames, durationSec: f.durationSec, bitrateKbps: f.bitrateKbps ?? null };
}

