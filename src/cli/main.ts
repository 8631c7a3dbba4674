// audio-audit entry (dist/cli.js): parse, discover, audit on the worker pool, print the summary or JSON, exit 0/1/2.
import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, AuditSettings } from '../core/types';
import { discoverMany, discoveryOptions } from '../core/discovery';
import { AuditCache } from '../core/cache';
import { finalizeReport } from '../core/audit/finalize';
import { findManifests } from '../core/manifest/find';
import { checkManifests } from '../core/manifest/check';
import { auditTargets } from '../workers/runAudit';
import { WorkerPool, defaultJobs, defaultWorkerPath } from '../workers/pool';
import { HELP, UsageError, parseArgs, type CliArgs } from './args';
import { settingsFromArgs } from './config';
import { formatSummary } from './summary';
import { toCsv } from './csv';
import { renderStandaloneHtml } from '../core/report/html';
import { reportJsonChunks } from '../core/report/jsonChunks';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { spawnSync } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { ProgressBar } from './progress';
import { failsAt } from './severity';
import { version } from '../../package.json';
import { runMerge } from './merge';
import { runShard } from './shard';
import { runFilter } from './filter';
import { runFix } from './fix';

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
    if (args.command === 'merge') return runMerge(args, io);
    if (args.command === 'filter') return runFilter(args, io);
    if (args.command === 'fix') return runFix(args, io);
    settings = settingsFromArgs(args);
    for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`path not found: ${p}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\nTry 'audio-audit --help'.`);
    return EXIT_USAGE;
  }
  if (args.shard !== null) return runShard(args, settings, io);

  // Worker start-up (~50 ms each) overlaps discovery; with a cache every file may be a hit, so they wait for it.
  const workerPath = io.workerPath ?? defaultWorkerPath();
  let pool: WorkerPool | undefined;
  if (!args.cache && existsSync(workerPath)) {
    pool = new WorkerPool(workerPath, args.jobs ?? defaultJobs(), { idleGraceMs: io.idleGraceMs });
    pool.prestart(PRESTARTED_WORKERS); // the rest start when files are queued, as many as there are files
  }
  let discovered;
  const otherFiles: string[] = [];
  try {
    discovered = await discoverMany(args.paths, {
      ...discoveryOptions(settings), onWarning: (m) => err(`warning: ${m}`), onOtherFile: (f) => otherFiles.push(f),
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

  const cache = args.cache ? await AuditCache.load(args.cache, (m) => err(`warning: ${m}`)) : undefined;
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
      onProgress: bar ? (p) => bar.update(p) : undefined,
      onWarning: (m) => err(`warning: ${m}`),
    });
    // The manifests a training script reads, checked line by line against the decoded audio.
    const manifests = await findManifests(root, otherFiles, settings, (m) => err(`warning: ${m}`));
    const check = controller.signal.aborted ? undefined : await checkManifests(root, manifests, files, settings, { signal: controller.signal });
    report = finalizeReport(root, settings, files, partial, check);
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
    await fs.mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
    await writeChunks(createWriteStream(args.out), reportJsonChunks(report), true);
  }
  if (args.statsOut) await writeStatsOut(args.statsOut, report);
  // The same self-contained page the report panel exports (bundle next to dist/cli.js).
  if (args.html) await writeFileMakingDir(args.html, renderStandaloneHtml(report));
  if (args.csv === '-') io.stdout.write(toCsv(report.files, report.manifests));
  else if (args.csv) await writeFileMakingDir(args.csv, toCsv(report.files, report.manifests));
  if (args.json) await writeChunks(io.stdout, reportJsonChunks(report), false);
  else if (args.csv !== '-') io.stdout.write(formatSummary(report, filesFound));
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

/** Writes the pieces with backpressure; a file stream is closed at the end, stdout is not. */
export async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string> | AsyncIterable<string>, close: boolean): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (close) {
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  }
}

async function writeFileMakingDir(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, text);
}

/**
 * A merge parses a million part lines: with V8's default 16 MiB semi-space most of them survive a scavenge and are
 * copied into the old generation; with 64 MiB they die young (bench/million.ts, 1 000 000 entries: 62 s of CPU
 * down to 37 s). V8 reads the flag only at start-up, so a merge runs itself again with it.
 */
const MERGE_NODE_FLAG = '--max-semi-space-size=64';

function rerunMergeWithFlag(): number | null {
  if (process.argv[2] !== 'merge' || process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return null;
  const r = spawnSync(process.execPath, [...process.execArgv, MERGE_NODE_FLAG, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) return null; // could not start a node: merge in this process
  return r.status ?? 128 + (r.signal ? (osConstants.signals[r.signal] ?? 0) : 0);
}

if (require.main === module) {
  const rerun = rerunMergeWithFlag();
  if (rerun !== null) process.exit(rerun);
  // Workers created from here on compile optimized code on their own thread, so terminating one can never race a
  // concurrent TurboFan job (a Node 20 abort, see IDLE_GRACE_MS) and the pool needs no grace period at the end.
  setFlagsFromString('--no-concurrent-recompilation');
  // A closed pipe (audio-audit ... | head) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stderrIsTty: process.stderr.isTTY === true, idleGraceMs: 0 }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`audio-audit: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
