// Runs audits for the extension: full runs of folders (with a cancellable progress notification), single files,
// and incremental re-audits of changed files. The audio is read by the core's worker pool, never on this thread.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import type { AuditReport, FileReport } from '../core/types';
import { AuditCache } from '../core/cache';
import { discoverAudio, discoveryOptions, type AuditTarget } from '../core/discovery';
import { finalizeReport } from '../core/audit/finalize';
import { findManifests } from '../core/manifest/find';
import { checkManifests, type ManifestCheck } from '../core/manifest/check';
import type { ManifestSource } from '../core/manifest/types';
import { auditTargets } from '../workers/runAudit';
import { absolutePathOf } from './diagnosticMapping';
import { CONFIGURATION_KEYS, optionsFromConfiguration, type ExtensionOptions, type RawConfiguration } from './settingsMapping';
import type { AuditDiagnostics } from './diagnostics';
import type { AuditStatusBar } from './statusBar';
import type { ReportStore } from './reportStore';

/** Cadence of the live report while a run goes, the same as the live diagnostics' batches. */
const LIVE_INTERVAL_MS = 500;

/** What an audited root covers: its whole tree (include/exclude applied) or the files audited one by one. */
type Scope = { kind: 'folder' } | { kind: 'files'; relPaths: Set<string> };

interface RootState {
  readonly root: string;
  scope: Scope;
  /** The manifests found under a folder root (none for single files), and their last check against the audio. */
  manifests: ManifestSource[];
  check?: ManifestCheck;
  /** Size and mtime each file had when audited, to find what changed. */
  readonly audited: Map<string, { size: number; mtimeMs: number; report: FileReport }>;
  partial: boolean;
}

export interface AuditControllerDeps {
  readonly extensionPath: string;
  /** Where the per-root caches live (context.storageUri, or the global storage without a workspace). */
  readonly storageDir: string;
  readonly store: ReportStore;
  readonly diagnostics: AuditDiagnostics;
  readonly status: AuditStatusBar;
  readonly log: vscode.LogOutputChannel;
}

export class AuditController implements vscode.Disposable {
  private readonly roots = new Map<string, RootState>();
  /** One run at a time: user runs and watcher runs are queued behind each other. */
  private queue: Promise<unknown> = Promise.resolve();
  private running: AbortController | undefined;
  private stale = false;

  constructor(private readonly deps: AuditControllerDeps) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  options(): ExtensionOptions {
    const cfg = vscode.workspace.getConfiguration('audioAudit');
    const raw = Object.fromEntries(CONFIGURATION_KEYS.map((k) => [k, cfg.get(k)])) as RawConfiguration;
    const options = optionsFromConfiguration(raw);
    for (const w of options.warnings) this.deps.log.warn(w);
    return options;
  }

  /** Settings that change results were edited: old results stay visible but are marked, and re-audited on demand. */
  settingsChanged(): void {
    for (const s of this.roots.values()) s.audited.clear();
    this.stale = this.roots.size > 0;
    this.deps.status.setStale(this.stale);
  }

  /** Full audit of folders, with a cancellable "n / N files" notification. */
  auditFolders(folders: readonly string[]): Promise<void> {
    return this.enqueue(() =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Audio Audit', cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          this.running = abort;
          const cancel = token.onCancellationRequested(() => abort.abort());
          try {
            const options = this.options();
            progress.report({ message: 'finding audio files…' });
            const jobs: { root: string; targets: AuditTarget[]; manifests: ManifestSource[] }[] = [];
            for (const root of folders) jobs.push({ root, ...await this.discover(root, options) });
            const total = jobs.reduce((n, j) => n + j.targets.length, 0);
            let before = 0;
            let shownPercent = 0;
            let shownAt = 0;
            const onProgress = (done: number) => {
              // Every update crosses to the UI; four a second keep it live without costing the renderer.
              const now = Date.now();
              if (done < total && done > 0 && now - shownAt < 250) return;
              shownAt = now;
              const percent = total ? (100 * done) / total : 100;
              progress.report({ message: `${done} / ${total} files`, increment: percent - shownPercent });
              shownPercent = percent;
              this.deps.status.setRunning(done, total);
            };
            onProgress(0);
            for (const { root, targets, manifests } of jobs) {
              if (abort.signal.aborted) break;
              const state: RootState = { root, scope: { kind: 'folder' }, audited: new Map(), partial: false, manifests };
              await this.run(state, targets, options, abort.signal, (p) => onProgress(before + p));
              before += targets.length;
            }
            this.stale = false;
            this.deps.status.setStale(false);
            if (abort.signal.aborted) this.deps.log.info(`audit of ${total} files cancelled`);
          } finally {
            cancel.dispose();
            this.running = undefined;
            this.deps.status.setRunning(undefined);
          }
        },
      ),
    );
  }

  /** Audit single files. A file inside an audited folder is re-audited in that folder's report. */
  auditFiles(files: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      const options = this.options();
      const byRoot = new Map<string, string[]>();
      for (const file of files) {
        const owner = this.stateContaining(file);
        const root = owner?.root ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
        byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
      }
      for (const [root, absPaths] of byRoot) {
        let state = this.roots.get(root);
        if (!state) {
          state = { root, scope: { kind: 'files', relPaths: new Set() }, audited: new Map(), partial: false, manifests: [] };
        }
        const relPaths = absPaths.map((p) => toRelPath(root, p));
        if (state.scope.kind === 'files') for (const r of relPaths) state.scope.relPaths.add(r);
        for (const r of relPaths) state.audited.delete(r);   // forced: audit again even when unchanged
        await this.incremental(state, options);
      }
    });
  }

  /** Watcher/explorer changes: re-audit what changed under the affected roots, drop what is gone. */
  filesChanged(absPaths: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      if (this.stale) return;   // results already out of date; the user re-runs on demand
      const affected = new Set<RootState>();
      for (const p of absPaths) {
        for (const s of this.roots.values()) if (isInside(s.root, p) || isInside(p, s.root)) affected.add(s);
      }
      if (affected.size === 0) return;
      const options = this.options();
      for (const s of affected) await this.incremental(s, options);
    });
  }

  /** Forget roots inside removed workspace folders. */
  foldersRemoved(folders: readonly string[]): void {
    for (const s of [...this.roots.values()]) {
      if (folders.some((f) => isInside(f, s.root))) {
        this.roots.delete(s.root);
        this.deps.store.delete(s.root);
      }
    }
  }

  clear(): void {
    this.running?.abort();
    this.roots.clear();
    this.stale = false;
    this.deps.status.setStale(false);
    this.deps.diagnostics.clear();
    this.deps.store.clear();
  }

  dispose(): void {
    this.running?.abort();
  }

  private async incremental(state: RootState, options: ExtensionOptions): Promise<void> {
    const current = await this.targetsOf(state, options);
    const changed = current.filter((t) => {
      const was = state.audited.get(t.relPath);
      return !was || was.size !== t.size || was.mtimeMs !== t.mtimeMs;
    });
    const present = new Set(current.map((t) => t.relPath));
    for (const rel of [...state.audited.keys()]) if (!present.has(rel)) state.audited.delete(rel);
    if (changed.length === 0 && this.deps.store.get(state.root)?.files.length === state.audited.size) return;
    this.deps.log.info(`re-auditing ${changed.length} file(s) under ${state.root}`);
    const abort = new AbortController();
    this.running = abort;
    try {
      this.deps.status.setRunning(0, changed.length);
      await this.run(state, changed, options, abort.signal, (done) => this.deps.status.setRunning(done, changed.length));
    } finally {
      this.running = undefined;
      this.deps.status.setRunning(undefined);
    }
  }

  /** Audits targets into state, then re-finalizes the root's whole report so dataset rules see every file. */
  private async run(state: RootState, targets: AuditTarget[], options: ExtensionOptions, signal: AbortSignal,
    onDone: (filesDone: number) => void): Promise<void> {
    await mkdir(this.deps.storageDir, { recursive: true });
    const warn = (msg: string) => this.deps.log.warn(msg);
    const cache = await AuditCache.load(this.cacheFile(state.root), warn);
    const stats = new Map(targets.map((t) => [t.relPath, t]));
    const received: FileReport[] = [];
    // On Cancel the partial report is shown at once from the files already read; the pool's teardown and the
    // cache write that follow are not on the path of what the user sees.
    const showPartial = () => {
      this.deps.log.info(`cancelled: showing the ${received.length} files read so far`);
      this.deps.status.setRunning(undefined);
      this.publish(state, options, received, true);
    };
    signal.addEventListener('abort', showPartial, { once: true });
    // The report panel fills in while the run goes: the files so far are finalized into a live report at most every
    // LIVE_INTERVAL_MS, and never more than a quarter of the time (finalize is O(n log n) on this thread).
    let liveTimer: NodeJS.Timeout | undefined;
    let liveAt = 0;
    let liveCostMs = 0;
    const publishLive = () => {
      liveTimer = undefined;
      if (signal.aborted) return;
      const t0 = performance.now();
      this.publish(state, options, received, true, true);
      liveAt = Date.now();
      liveCostMs = performance.now() - t0;
    };
    const scheduleLive = () => {
      if (liveTimer) return;
      const interval = Math.max(LIVE_INTERVAL_MS, 4 * liveCostMs);
      liveTimer = setTimeout(publishLive, Math.max(0, liveAt + interval - Date.now()));
    };
    let result: { files: FileReport[]; partial: boolean };
    try {
      // auditTargets saves the cache itself; entries are keyed by the settings hash, so one file per root suffices.
      result = await auditTargets(targets, {
        settings: options.settings,
        jobs: options.jobs,
        signal,
        cache,
        workerPath: path.join(this.deps.extensionPath, 'dist', 'worker.js'),
        onProgress: (p) => onDone(p.filesDone),
        onFile: (f) => {
          received.push(f);
          this.deps.diagnostics.showLive(absolutePathOf(state.root, f), f.findings);
          scheduleLive();
        },
        onWarning: warn,
      });
    } finally {
      clearTimeout(liveTimer);
      signal.removeEventListener('abort', showPartial);
    }
    for (const f of result.files) {
      const t = stats.get(f.path);
      if (t) state.audited.set(f.path, { size: t.size, mtimeMs: t.mtimeMs, report: f });
    }
    state.partial = result.partial;
    this.roots.set(state.root, state);
    if (!signal.aborted) await this.checkManifests(state, options);
    this.publish(state, options, [], result.partial);
  }

  /** Folder walk: the audio to audit and the manifests beside it. */
  private async discover(root: string, options: ExtensionOptions): Promise<{ targets: AuditTarget[]; manifests: ManifestSource[] }> {
    const others: string[] = [];
    const targets = await discoverAudio(root, { ...discoveryOptions(options.settings), onOtherFile: (f) => others.push(f) });
    const manifests = await findManifests(root, others, options.settings, (m) => this.deps.log.warn(m));
    return { targets, manifests };
  }

  /** Checks the root's manifests against the audio already audited (no file is decoded). */
  private async checkManifests(state: RootState, options: ExtensionOptions): Promise<void> {
    const files = [...state.audited.values()].map((a) => a.report);
    state.check = state.scope.kind === 'folder' ? await checkManifests(state.root, state.manifests, files, options.settings) : undefined;
  }

  /** A manifest (or a file that may be one) changed: find and check the manifests again, without decoding audio. */
  manifestsChanged(absPaths: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      if (this.stale) return;
      const options = this.options();
      for (const s of this.roots.values()) {
        if (s.scope.kind !== 'folder' || !absPaths.some((p) => isInside(s.root, p))) continue;
        const others: string[] = [];
        await discoverAudio(s.root, { ...discoveryOptions(options.settings), onOtherFile: (f) => others.push(f) });
        s.manifests = await findManifests(s.root, others, options.settings, (m) => this.deps.log.warn(m));
        await this.checkManifests(s, options);
        this.deps.log.info(`re-checked ${s.manifests.length} manifest(s) under ${s.root}`);
        this.publish(s, options, [], s.partial);
      }
    });
  }

  /**
   * Finalizes the root's files (plus `extra` not yet recorded in state) and stores the report. A `live` report is a
   * run's files so far: the diagnostics keep their per-file live entries until the run's own report replaces it.
   */
  private publish(state: RootState, options: ExtensionOptions, extra: readonly FileReport[], partial: boolean, live = false): void {
    const byPath = new Map([...state.audited].map(([rel, a]) => [rel, a.report]));
    for (const f of extra) byPath.set(f.path, f);
    // A live report (a run still going) shows no manifest checks: they need every file's decoded duration.
    const report: AuditReport = finalizeReport(state.root, options.settings, [...byPath.values()], partial, live ? undefined : state.check);
    if (!live) this.deps.diagnostics.endLive();
    this.deps.store.set(report, { live });
  }

  private async targetsOf(state: RootState, options: ExtensionOptions): Promise<AuditTarget[]> {
    if (state.scope.kind === 'folder') {
      const { targets, manifests } = await this.discover(state.root, options);
      state.manifests = manifests;
      return targets;
    }
    const targets: AuditTarget[] = [];
    for (const relPath of state.scope.relPaths) {
      const absPath = path.join(state.root, ...relPath.split('/'));
      const s = await stat(absPath).catch(() => undefined);
      if (s?.isFile()) targets.push({ absPath, relPath, size: s.size, mtimeMs: s.mtimeMs });
      else state.scope.relPaths.delete(relPath);
    }
    return targets;
  }

  private stateContaining(absPath: string): RootState | undefined {
    let best: RootState | undefined;
    for (const s of this.roots.values()) {
      if (s.scope.kind === 'folder' && isInside(s.root, absPath) && (!best || s.root.length > best.root.length)) best = s;
    }
    return best;
  }

  /** One cache file per audited root, in the extension's workspace storage. */
  private cacheFile(root: string): string {
    return path.join(this.deps.storageDir, `audit-cache-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
  }

  /** Runs job after the previous one; a failure is logged and shown, never left as an unhandled rejection. */
  private enqueue(job: () => Thenable<void> | Promise<void>): Promise<void> {
    const guarded = async () => {
      try {
        await job();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.deps.log.error(`audit failed: ${e instanceof Error ? e.stack ?? message : message}`);
        void vscode.window.showErrorMessage(`Audio Audit failed: ${message}`);
      }
    };
    const next = this.queue.then(guarded);
    this.queue = next;
    return next;
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function toRelPath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}
