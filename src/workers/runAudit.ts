// Audits a list of files on the worker pool (cache hits skip it), reports progress, supports cancellation,
// and for a folder finishes with the dataset rules and summary.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, AuditSettings, FileReport } from '../core/types';
import type { AuditCache } from '../core/cache';
import { discoverAudio, discoveryOptions, type AuditTarget } from '../core/discovery';
import { WorkerPool, PoolDisposedError, defaultJobs, defaultWorkerPath, type LocalLane } from './pool';

export interface AuditProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface AuditRunOptions {
  settings: AuditSettings;
  /** Worker threads; default os.availableParallelism(). */
  jobs?: number;
  signal?: AbortSignal;
  onProgress?: (p: AuditProgress) => void;
  /** Each file's report, in completion order. */
  onFile?: (r: FileReport) => void;
  /** Hits skip the audio entirely; new results are added and the cache is saved at the end. */
  cache?: AuditCache;
  workerPath?: string;
  /** Non-fatal problems (cache not saved, directory not listable). */
  onWarning?: (message: string) => void;
  /** A pool already started (the CLI starts it while discovering); used instead of a new one, disposed at the end. */
  pool?: WorkerPool;
  /** For a pool made here: the calling thread audits files too, as one of the `jobs` lanes (the CLI). */
  localLane?: LocalLane;
}

/** Results arrive in completion order; `files` is returned in that order too (finalizeReport sorts by path). */
export async function auditTargets(
  targets: AuditTarget[],
  opts: AuditRunOptions,
): Promise<{ files: FileReport[]; partial: boolean }> {
  const { settings, signal, cache } = opts;
  // The cache module (and node:crypto) loads only for a run that has a cache.
  const hash = cache ? (await import('../core/cache')).settingsHash(settings) : '';
  const files: FileReport[] = [];
  const progress: AuditProgress = {
    filesDone: 0,
    filesTotal: targets.length,
    bytesDone: 0,
    bytesTotal: targets.reduce((sum, t) => sum + t.size, 0),
  };
  let bytesFinished = 0;
  const bytesInFlight = new Map<AuditTarget, number>();
  const emit = (): void => {
    let inFlight = 0;
    for (const b of bytesInFlight.values()) inFlight += b;
    progress.bytesDone = bytesFinished + inFlight;
    opts.onProgress?.({ ...progress });
  };
  const finish = (t: AuditTarget, report: FileReport): void => {
    bytesInFlight.delete(t);
    bytesFinished += t.size;
    progress.filesDone++;
    files.push(report);
    opts.onFile?.(report);
    emit();
  };

  const misses: AuditTarget[] = [];
  for (const t of targets) {
    const hit = cache?.get(t, hash);
    if (hit) finish(t, hit);
    else misses.push(t);
  }
  emit();

  if (misses.length === 0 || signal?.aborted) await opts.pool?.dispose();
  else {
    const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), misses.length));
    const workerPath = opts.workerPath ?? defaultWorkerPath();
    // Without this every file would fail one by one with the same "cannot find module".
    if (!existsSync(workerPath)) throw new Error(`the audit worker ${workerPath} does not exist (run npm run build)`);
    const pool = opts.pool ?? new WorkerPool(workerPath, opts.localLane ? jobs - 1 : jobs, { localLane: opts.localLane });
    pool.fitTo(misses.length); // a pool started before the walk may hold more workers than there are files
    const onAbort = (): void => void pool.dispose();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // Largest files first, so a long file does not start last and leave the other workers idle.
      const bySizeDesc = [...misses].sort((a, b) => b.size - a.size);
      await Promise.all(
        bySizeDesc.map(async (t) => {
          try {
            const report = await pool.run({
              absPath: t.absPath,
              relPath: t.relPath,
              bytes: t.size,
              settings,
              // Byte progress only for a caller that shows it (the CLI without a terminal shows none).
              onBytes: opts.onProgress ? (bytesRead) => {
                bytesInFlight.set(t, Math.min(bytesRead, t.size));
                emit();
              } : undefined,
            });
            cache?.set(t, hash, report);
            finish(t, report);
          } catch (e) {
            if (!(e instanceof PoolDisposedError)) throw e;
          }
        }),
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await pool.dispose();
    }
  }

  if (cache) {
    try {
      await cache.save();
    } catch (e) {
      opts.onWarning?.(`cache not saved: ${(e as Error).message}`);
    }
  }
  return { files, partial: files.length < targets.length };
}

/** discoverAudio + auditTargets + finalizeReport for one folder (or one file). */
export async function runAudit(root: string, opts: AuditRunOptions): Promise<AuditReport> {
  const rootAbs = path.resolve(root);
  const otherFiles: string[] = [];
  const targets = await discoverAudio(rootAbs, {
    ...discoveryOptions(opts.settings), onWarning: opts.onWarning, onOtherFile: (f) => otherFiles.push(f),
  });
  const { files, partial } = await auditTargets(targets, opts);
  return finishAudit(rootAbs, otherFiles, files, partial, opts);
}

/** What finishing an audit runs: the manifest search and check, then the dataset rules and summary. */
function loadFinishCode() {
  return Promise.all([import('../core/manifest/find'), import('../core/manifest/check'), import('../core/audit/finalize')]);
}
let finishCode: ReturnType<typeof loadFinishCode> | undefined;

/**
 * Imported on first use, not above: the CLI audits through auditTargets and calls this early to load the code while
 * its workers start (the module cache makes the later call free).
 */
export function preloadFinishCode(): void {
  (finishCode ??= loadFinishCode()).catch(() => undefined); // a failure surfaces in finishAudit
}

/** The report of audited files: the manifests among `otherFiles` checked against them, the dataset rules decided. */
export async function finishAudit(
  rootAbs: string, otherFiles: readonly string[], files: FileReport[], partial: boolean,
  opts: Pick<AuditRunOptions, 'settings' | 'signal' | 'onWarning'>,
): Promise<AuditReport> {
  const [{ findManifests }, { checkManifests }, { finalizeReport }] = await (finishCode ??= loadFinishCode());
  const manifests = await findManifests(rootAbs, otherFiles, opts.settings, opts.onWarning);
  const check = opts.signal?.aborted ? undefined : await checkManifests(rootAbs, manifests, files, opts.settings, { signal: opts.signal });
  return finalizeReport(rootAbs, opts.settings, files, partial, check);
}
