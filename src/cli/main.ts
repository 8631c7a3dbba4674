// audio-audit entry (dist/cli.js): parse, discover, audit on the worker pool, print the summary or JSON, exit 0/1/2.
// What only some runs need (subcommands, manifests, report writers, the audit code itself) is imported when first
// used: the bundle is split there (scripts/build.mjs), so a WAV audit parses only its own code.
import { promises as fs, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, AuditSettings } from '../core/types';
import { discoverMany, discoveryOptions, walkFsSync } from '../core/discovery';
import { auditTargets, finishAudit, preloadFinishCode } from '../workers/runAudit';
import { WorkerPool, defaultJobs, defaultWorkerPath } from '../workers/pool';
import { mainThreadLane } from '../workers/localLane';
import { HELP, UsageError, parseArgs, type CliArgs } from './args';
import { settingsFromArgs } from './config';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ProgressBar } from './progress';
import { failsAt } from './severity';
import { version } from '../../package.json';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Workers started before the file count is known: a few, so a single-file audit on a many-core machine stays light. */
const PRESTARTED_WORKERS = 4;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  /** Draw the progress bar (stderr is a terminal). */
  stderrIsTty: boolean;
  workerPath?: string;
  /** The pool's idle grace before terminating workers (see IDLE_GRACE_MS); the command line sets 0, see below. */
  idleGraceMs?: number;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`audio-audit: ${msg}\n`);
  let args: CliArgs;
  let settings: AuditSettings;
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    if (args.version) {
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    }
    if (args.command === 'merge') return (await import('./merge')).runMerge(args, io);
    if (args.command === 'filter') return (await import('./filter')).runFilter(args, io);
    if (args.command === 'fix') return (await import('./fix')).runFix(args, io);
    settings = settingsFromArgs(args);
    for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`path not found: ${p}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\nTry 'audio-audit --help'.`);
    return EXIT_USAGE;
  }
  if (args.shard !== null) return (await import('./shard')).runShard(args, settings, io);

  // The main thread is one of the `jobs` lanes: it audits files while the workers start (~50 ms each, overlapping
  // discovery), so a small folder is done before they are ready and `--jobs 1` starts none. With a cache every file
  // may be a hit, so workers wait for it.
  const jobs = args.jobs ?? defaultJobs();
  const workerPath = io.workerPath ?? defaultWorkerPath();
  const local = mainThreadLane();
  let pool: WorkerPool | undefined;
  if (!args.cache && existsSync(workerPath)) {
    pool = new WorkerPool(workerPath, jobs - 1, { idleGraceMs: io.idleGraceMs, localLane: local.lane });
    // Paths that are all files bound the file count (`audio-audit one.wav` needs no worker); after the walk the pool
    // drops the workers that the file count leaves without work (auditTargets: fitTo).
    const filesAtMost = args.paths.every((p) => statSync(p).isFile()) ? args.paths.length : Infinity;
    pool.prestart(Math.min(PRESTARTED_WORKERS, filesAtMost - 1)); // the rest start when files are queued
  }
  local.warm();
  // The report's code loads meanwhile too.
  preloadFinishCode();
  let discovered;
  const otherFiles: string[] = [];
  try {
    discovered = await discoverMany(args.paths, {
      ...discoveryOptions(settings), onWarning: (m) => err(`warning: ${m}`), onOtherFile: (f) => otherFiles.push(f),
      fs: walkFsSync,
    });
  } catch (e) {
    await pool?.dispose();
    throw e;
  }
  const { root, targets } = discovered;
  if (targets.length === 0) {
    await pool?.dispose();
    err(`no audio found (*.wav, *.flac, *.mp3, *.ogg, *.opus, *.aiff …) under ${args.paths.join(', ')}`);
    return EXIT_USAGE;
  }

  const cache = args.cache
    ? await (await import('../core/cache')).AuditCache.load(args.cache, (m) => err(`warning: ${m}`)) : undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    if (++interrupts > 1) process.exit(EXIT_INTERRUPTED);
    err('interrupted: stopping the audit (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const bar = args.progress && io.stderrIsTty ? new ProgressBar(io.stderr) : null;

  let report: AuditReport;
  try {
    const { files, partial } = await auditTargets(targets, {
      settings,
      jobs: args.jobs ?? undefined,
      signal: controller.signal,
      cache,
      workerPath,
      pool,
      localLane: local.lane,
      onProgress: bar ? (p) => bar.update(p) : undefined,
      onWarning: (m) => err(`warning: ${m}`),
    });
    // The manifests a training script reads, checked line by line against the decoded audio.
    report = await finishAudit(root, otherFiles, files, partial, { settings, signal: controller.signal, onWarning: (m) => err(`warning: ${m}`) });
  } finally {
    bar?.clear();
    process.off('SIGINT', onSigint);
  }

  try {
    await writeOutputs(args, report, io, targets.length);
  } catch (e) {
    err(`cannot write output: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  if (controller.signal.aborted && report.partial) return EXIT_INTERRUPTED;
  return failsAt([...report.files, ...(report.manifests ?? [])], args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

export async function writeOutputs(args: CliArgs, report: AuditReport, io: CliIo, filesFound: number): Promise<void> {
  if (args.out) {
    const { reportJsonChunks } = await import('../core/report/jsonChunks');
    await fs.mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
    await writeChunks(createWriteStream(args.out), reportJsonChunks(report), true);
  }
  if (args.statsOut) await writeStatsOut(args.statsOut, report);
  // The same self-contained page the report panel exports (bundle next to dist/cli.js).
  if (args.html) {
    const { renderStandaloneHtml } = await import('../core/report/html');
    await writeFileMakingDir(args.html, renderStandaloneHtml(report));
  }
  if (args.csv) {
    const { toCsv } = await import('./csv');
    if (args.csv === '-') io.stdout.write(toCsv(report.files, report.manifests));
    else await writeFileMakingDir(args.csv, toCsv(report.files, report.manifests));
  }
  if (args.json) {
    const { reportJsonChunks } = await import('../core/report/jsonChunks');
    await writeChunks(io.stdout, reportJsonChunks(report), false);
  } else if (args.csv !== '-') io.stdout.write((await import('./summary')).formatSummary(report, filesFound));
}

/** --stats-out: the normalization statistics alone, for a training script. */
export async function writeStatsOut(file: string, report: Pick<AuditReport, 'root' | 'settings' | 'dataset'>): Promise<void> {
  const stats = {
    version: 1,
    root: report.root,
    fileCount: report.dataset.fileCount,
    mel: report.settings.mel,
    normalization: report.dataset.normalization ?? null,
  };
  await writeFileMakingDir(file, JSON.stringify(stats, null, 2) + '\n');
}

/**
 * Pieces joined up to this many characters per write: one write per file entry filled a file stream's 16 KiB buffer
 * every few entries and waited for a thread-pool round trip each time (a 200-file report: 15-30 ms against 5 ms).
 */
const WRITE_BATCH_CHARS = 1 << 20;

/**
 * Pieces for one stream, written WRITE_BATCH_CHARS at a time with backpressure: `if (w.add(s)) await w.flush()`, then
 * finish(). `ends`: finish() also ends the stream (a file; not stdout).
 */
export class BatchedWriter {
  private batch = '';
  /** False once a write has filled the stream's buffer (flush() then waits for 'drain'). */
  private drained = true;
  constructor(private readonly out: NodeJS.WritableStream, private readonly ends: boolean) {}

  /** Queues a piece; true when the batch is full and should be flushed. Bytes (a MiB of entries) are written at once. */
  add(piece: string | Buffer): boolean {
    if (typeof piece === 'string') {
      this.batch += piece;
      return this.batch.length >= WRITE_BATCH_CHARS;
    }
    this.writeBatch();
    if (!this.out.write(piece)) this.drained = false;
    return true;
  }

  async flush(): Promise<void> {
    this.writeBatch();
    if (this.drained) return;
    this.drained = true;
    await once(this.out, 'drain');
  }

  private writeBatch(): void {
    if (this.batch === '') return;
    if (!this.out.write(this.batch)) this.drained = false;
    this.batch = '';
  }

  async finish(): Promise<void> {
    await this.flush();
    if (!this.ends) return;
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}

/** Writes the pieces with backpressure; a file stream is closed at the end, stdout is not. */
export async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string> | AsyncIterable<string>, close: boolean): Promise<void> {
  const w = new BatchedWriter(out, close);
  for await (const chunk of chunks) if (w.add(chunk)) await w.flush();
  await w.finish();
}

async function writeFileMakingDir(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, text);
}
