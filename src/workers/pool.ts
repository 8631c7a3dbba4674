// A small worker_threads pool: workers start lazily (up to `size`), each audits one file at a time, and dispose()
// terminates them all (used for cancellation too). A caller may lend its own thread as one more lane (the CLI).
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditSettings, FileReport } from '../core/types';
import type { AuditRequest, WorkerToHost } from '../protocol/worker';
import { failedReport } from './failedReport';

export interface PoolJob {
  absPath: string;
  relPath: string;
  settings: AuditSettings;
  onBytes?: (bytesRead: number) => void;
  /** The file's size, when known: with a local lane, small files are sent further ahead (SMALL_AHEAD_BYTES). */
  bytes?: number;
}

interface Pending {
  id: number;
  job: PoolJob;
  resolve: (r: FileReport) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** When the worker last started or answered: its JIT may still be compiling for a moment after that. */
  lastActive: number;
  /** Sent and not yet answered, in the order the worker runs them (it audits one file at a time). */
  inFlight: Pending[];
  exited: Promise<void>;
  /** Posted 'ready' (its code is loaded). */
  ready: boolean;
  /** Terminated by fitTo(): its exit is not a failure. */
  retired: boolean;
}

/** Audits one file on the calling thread; never throws for a bad file (src/workers/auditJob.ts). */
export type LocalLane = (job: PoolJob, signal: AbortSignal) => Promise<FileReport>;

export interface PoolOptions {
  /** See IDLE_GRACE_MS; 0 where the process has turned concurrent recompilation off (the CLI). */
  idleGraceMs?: number;
  /**
   * The caller's thread as a lane besides the `size` workers: it takes a file whenever it is idle, and workers get
   * files only once they are ready, so files are audited while the workers still start (a small folder may finish
   * before any is ready; `size` may then be 0).
   */
  localLane?: LocalLane;
}

/**
 * Requests sent ahead to each worker: while the main thread handles one result the worker already reads the next
 * file, instead of idling for a thread round trip per file (costly with many small files on a busy machine).
 */
const PER_WORKER_DEPTH = 2;

/**
 * With a local lane the main thread answers a worker only between its own files, so a worker holding two small
 * files can run dry (200 × 10 s FLAC, medians of 9 on a busy machine: 0.66 s wall with 2 ahead, 0.57 s with 4,
 * 0.56 s with 8). Small files go further ahead: up to SMALL_AHEAD_FILES while those a worker holds total at most
 * SMALL_AHEAD_BYTES, a tail the other lanes never wait long for; large files keep PER_WORKER_DEPTH.
 */
const SMALL_AHEAD_FILES = 8;
const SMALL_AHEAD_BYTES = 4 << 20;

/**
 * How long a worker that has gone idle is left before terminate(). Node 20 aborts the whole process (Assertion
 * `data.first != nullptr` in NodePlatform::ForIsolate) when a concurrent TurboFan job of a worker outlives the
 * worker's isolate; such jobs start while the worker runs hot code and end within milliseconds of it going idle.
 * Measured: about 1 process in 8 crashed over 80 pool lifetimes of `runAudit(demo, { jobs: 4 })` without it.
 */
export const IDLE_GRACE_MS = 100;

let liveWorkers = 0;
/** Worker threads of every pool that have started and not yet exited (tests assert 0 after dispose). */
export function liveWorkerCount(): number {
  return liveWorkers;
}

export class PoolDisposedError extends Error {
  constructor() {
    super('the audit was cancelled');
  }
}

/** dist/worker.js next to the running bundle; from the TypeScript sources (tests) the built one in dist/. */
export function defaultWorkerPath(): string {
  const besideBundle = path.join(__dirname, 'worker.js');
  return existsSync(besideBundle) ? besideBundle : path.resolve(__dirname, '..', '..', 'dist', 'worker.js');
}

export function defaultJobs(): number {
  return os.availableParallelism();
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Exit of every worker ever started, including crashed ones already removed from `slots`. */
  private readonly exits: Promise<void>[] = [];
  private nextId = 1;
  private disposed = false;
  private disposing: Promise<void> | null = null;
  /** The file the local lane is auditing, if any. */
  private localJob: Pending | null = null;
  private readonly localAbort = new AbortController();
  /** A worker died before it was ready: with a local lane no more are started (that lane audits the rest). */
  private workerFailedToStart = false;

  constructor(
    private readonly workerPath: string = defaultWorkerPath(),
    private maxWorkers: number = defaultJobs(),
    private readonly opts: PoolOptions = {},
  ) {
    const least = opts.localLane ? 0 : 1;
    if (!Number.isInteger(maxWorkers) || maxWorkers < least) {
      throw new RangeError(`pool size must be an integer >= ${least}, got ${maxWorkers}`);
    }
  }

  /** Worker threads this pool may run. */
  get size(): number {
    return this.maxWorkers;
  }

  run(job: PoolJob): Promise<FileReport> {
    if (this.disposed) return Promise.reject(new PoolDisposedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  /** Starts the workers now rather than at the first run(), so their start-up overlaps the caller's own work. */
  prestart(count: number = this.size): void {
    while (!this.disposed && this.slots.length < Math.min(count, this.size)) this.startWorker();
  }

  /**
   * Once the file count is known: no more workers than files the local lane leaves them (none for one file, which
   * the lane audits before a worker could start). Idle workers beyond that are terminated, even while starting.
   */
  fitTo(files: number): void {
    const most = Math.max(0, this.opts.localLane ? files - 1 : files);
    if (this.opts.localLane === undefined && most === 0) return; // keep a pool without a lane usable
    if (most >= this.maxWorkers) return;
    this.maxWorkers = most;
    const grace = this.opts.idleGraceMs ?? IDLE_GRACE_MS;
    for (const s of this.slots.filter((x) => x.inFlight.length === 0).slice(most)) {
      s.retired = true;
      this.slots.splice(this.slots.indexOf(s), 1);
      const wait = Math.max(0, s.lastActive + grace - Date.now());
      if (wait === 0) void s.worker.terminate();
      else setTimeout(() => void s.worker.terminate(), wait);
    }
  }

  /** Terminates every worker; queued and in-flight jobs reject with PoolDisposedError. */
  dispose(): Promise<void> {
    this.disposing ??= this.terminateAll();
    return this.disposing;
  }

  private async terminateAll(): Promise<void> {
    this.disposed = true;
    for (const p of this.queue.splice(0)) p.reject(new PoolDisposedError());
    // The local lane's file stops at its next block (auditFile rethrows the abort); its report is not awaited.
    this.localJob?.reject(new PoolDisposedError());
    this.localAbort.abort();
    const grace = this.opts.idleGraceMs ?? IDLE_GRACE_MS;
    for (const s of this.slots) {
      // A busy worker (cancellation) stops now; an idle one gets the rest of its grace period first.
      const wait = s.inFlight.length > 0 ? 0 : Math.max(0, s.lastActive + grace - Date.now());
      for (const p of s.inFlight.splice(0)) p.reject(new PoolDisposedError());
      if (wait === 0) void s.worker.terminate();
      else setTimeout(() => void s.worker.terminate(), wait);
    }
    await Promise.all(this.exits);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.disposed) {
      if (this.opts.localLane && this.localJob === null) {
        // The next file in the queue's order, as a worker would get it: largest first, then path order, which a
        // shard's part relies on to write its lines as the files finish (taking the smallest first held them all).
        this.runLocally(this.queue.shift()!);
        continue;
      }
      // An idle worker first, then a new one (up to size), then the least loaded under the depth. With a local lane
      // a worker that is still starting gets nothing: the lane would audit it sooner.
      const usable = this.opts.localLane ? this.slots.filter((s) => s.ready) : this.slots;
      let slot = usable.find((s) => s.inFlight.length === 0);
      if (!slot && this.slots.length < this.size && !(this.opts.localLane && this.workerFailedToStart)) {
        const started = this.startWorker();
        if (!this.opts.localLane) slot = started;
      }
      if (!slot) {
        const next = this.queue[0].job.bytes;
        const open = usable.filter((s) => this.hasRoom(s, next));
        if (open.length === 0) return;
        slot = open.reduce((a, b) => (b.inFlight.length < a.inFlight.length ? b : a));
      }
      const pending = this.queue.shift()!;
      slot.inFlight.push(pending);
      const req: AuditRequest = {
        type: 'audit',
        id: pending.id,
        absPath: pending.job.absPath,
        relPath: pending.job.relPath,
        settings: pending.job.settings,
        progress: pending.job.onBytes !== undefined,
      };
      slot.worker.postMessage(req);
    }
  }

  private hasRoom(slot: Slot, nextBytes: number | undefined): boolean {
    const held = slot.inFlight.length;
    if (held < PER_WORKER_DEPTH) return true;
    if (!this.opts.localLane || held >= SMALL_AHEAD_FILES || nextBytes === undefined) return false;
    let bytes = nextBytes;
    for (const p of slot.inFlight) bytes += p.job.bytes ?? Infinity;
    return bytes <= SMALL_AHEAD_BYTES;
  }

  private runLocally(pending: Pending): void {
    this.localJob = pending;
    // The next file after a turn of the event loop: a file's audit may complete in microtasks alone (synchronous
    // reads), and without the turn the workers' 'ready' and results would wait until the lane had done every file.
    const settle = (): void => {
      this.localJob = null;
      setImmediate(() => this.pump());
    };
    this.opts.localLane!(pending.job, this.localAbort.signal).then(
      (report) => {
        if (!this.disposed) pending.resolve(report);
        settle();
      },
      (e: unknown) => {
        pending.reject(this.disposed ? new PoolDisposedError() : (e as Error));
        settle();
      },
    );
  }

  private startWorker(): Slot {
    // execArgv: [] so a worker never inherits the host's loaders or flags (tsx in tests, the extension host's own).
    const worker = new Worker(this.workerPath, { execArgv: [] });
    liveWorkers++;
    let markExited: () => void = () => undefined;
    const slot: Slot = {
      worker, lastActive: Date.now(), inFlight: [], exited: new Promise((r) => (markExited = r)),
      ready: false, retired: false,
    };
    this.slots.push(slot);
    this.exits.push(slot.exited);

    worker.on('message', (msg: WorkerToHost) => {
      slot.lastActive = Date.now();
      if (msg.type === 'ready') {
        slot.ready = true;
        this.pump();
        return;
      }
      const i = slot.inFlight.findIndex((p) => p.id === msg.id);
      if (i < 0) return;
      const cur = slot.inFlight[i];
      if (msg.type === 'progress') cur.job.onBytes?.(msg.bytesRead);
      else if (msg.type === 'result') {
        slot.inFlight.splice(i, 1);
        cur.resolve(msg.report);
        this.pump();
      }
    });
    // A crashed worker fails only the file it was reading; the ones sent after it go back to the queue.
    const fail = (reason: string): void => {
      if (slot.retired) return;
      if (!slot.ready) this.workerFailedToStart = true;
      const [cur, ...notStarted] = slot.inFlight.splice(0);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (!this.disposed) {
        this.queue.unshift(...notStarted);
        if (cur) cur.resolve(failedReport(cur.job.relPath, `the audit worker failed (${reason})`));
      }
      this.pump();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => {
      liveWorkers--;
      markExited();
      if (!this.disposed) fail(`worker exited with code ${code}`);
    });
    return slot;
  }
}
