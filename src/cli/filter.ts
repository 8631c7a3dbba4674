// audio-audit filter MANIFEST... --out FILE|DIR: each manifest again in its own dialect, without the entries whose
// audio or line has findings at or above --drop-severity (or of --drop-rules), beside a dropped.csv. The findings
// come from a saved report (--report) or from an audit of exactly the audio the manifests list, run here so they
// are current. --from-folder DIR: a NeMo JSONL of the folder's files that pass.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, AuditSettings } from '../core/types';
import type { AuditTarget } from '../core/discovery';
import { commonDirectory, comparePaths } from '../core/discovery';
import { AuditCache } from '../core/cache';
import { finalizeReport } from '../core/audit/finalize';
import { checkManifests } from '../core/manifest/check';
import { parseManifest } from '../core/manifest/detect';
import { recipeRoot } from '../core/manifest/dialects/kaldi';
import { splitOf } from '../core/manifest/split';
import type { ManifestSource } from '../core/manifest/types';
import { FilterError, detectNamedManifest, filterManifest, type FilterResult } from '../core/manifest/filter';
import { writeFolderManifest } from '../core/manifest/fromFolder';
import { writeAtomically } from '../core/manifest/write/atomicFile';
import { writeDroppedCsv, type DroppedEntry } from '../core/manifest/write/droppedCsv';
import { parseReportJson, ReportFileError } from '../core/report/load';
import { auditTargets, runAudit } from '../workers/runAudit';
import { defaultWorkerPath } from '../workers/pool';
import { mainThreadLane } from '../workers/localLane';
import { UsageError, type CliArgs } from './args';
import { settingsFromArgs } from './config';
import { ProgressBar } from './progress';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, type CliIo } from './main';

export async function runFilter(args: CliArgs, io: CliIo): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`audio-audit: ${msg}\n`);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const settings = settingsFromArgs(args);
    const given = args.fromFolder !== null ? [args.fromFolder] : args.paths;
    for (const p of given) if (!(await exists(p))) throw new UsageError(`path not found: ${p}`);
    const sources = args.fromFolder !== null ? [] : await Promise.all(args.paths.map(sourceOf));
    const outputs = args.fromFolder !== null ? [] : await outputPaths(args, sources);

    const report = args.report !== null ? await readReport(args.report)
      : args.fromFolder !== null ? await runAudit(args.fromFolder, {
        settings, jobs: args.jobs ?? undefined, workerPath: io.workerPath ?? defaultWorkerPath(),
        localLane: mainThreadLane().lane, signal: controller.signal, onWarning: (m) => err(`warning: ${m}`),
      })
      : await auditListedAudio(sources, settings, args, io, controller.signal);
    if (controller.signal.aborted || report.partial) {
      err('interrupted: no manifest written');
      return EXIT_INTERRUPTED;
    }
    const criteria = { dropSeverity: args.dropSeverity, dropRules: args.dropRules, force: args.force };

    if (args.fromFolder !== null) {
      const r = await writeFolderManifest(report, report.root, args.out!, criteria, controller.signal);
      io.stdout.write(`${path.relative(process.cwd(), r.outPath) || r.outPath}: ${r.kept} file${r.kept === 1 ? '' : 's'} kept, ${r.dropped} left out\n`);
      return EXIT_OK;
    }
    const several = sources.length > 1;
    const droppedCsv = several ? path.join(path.resolve(args.out!), 'dropped.csv') : null;
    if (droppedCsv && (await exists(droppedCsv)) && !args.force) throw new FilterError(`refusing to overwrite ${droppedCsv}: it exists (pass --force to replace it)`);
    const results: FilterResult[] = [];
    for (let i = 0; i < sources.length; i++) {
      const r = await filterManifest({
        manifestPath: sources[i].path, outPath: outputs[i], report, root: report.root, fixDurations: args.fixDurations,
        ...criteria, ...(several ? { droppedCsvPath: null } : {}),
      }, controller.signal);
      for (const w of r.warnings) err(`warning: ${w}`);
      results.push(r);
      io.stdout.write(`${shown(sources[i].dialect === 'kaldi' ? path.dirname(sources[i].path) : sources[i].path)}: ${r.kept} kept, ${r.dropped} dropped -> ${shown(r.outPath)}\n`);
    }
    if (droppedCsv) {
      const all: DroppedEntry[] = results.flatMap((r) => r.droppedEntries);
      await writeAtomically(droppedCsv, (out) => writeDroppedCsv(out, all));
    }
    io.stdout.write(`dropped entries listed in ${shown(droppedCsv ?? results[0].droppedCsvPath)}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError || e instanceof FilterError || e instanceof ReportFileError) {
      err(`${e.message}${e instanceof UsageError ? "\nTry 'audio-audit --help'." : ''}`);
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) {
      err('interrupted: no manifest written');
      return EXIT_INTERRUPTED;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const shown = (p: string): string => path.relative(process.cwd(), p) || p;
const exists = (p: string): Promise<boolean> => fs.stat(p).then(() => true, () => false);

/** The manifest at a path the user gave (a Kaldi data dir stands for its wav.scp), with its dialect from its shape. */
async function sourceOf(given: string): Promise<ManifestSource> {
  const abs = path.resolve(given);
  const file = (await fs.stat(abs)).isDirectory() ? path.join(abs, 'wav.scp') : abs;
  const found = await detectNamedManifest(file);
  if (!found) throw new UsageError(`${given} is not a manifest of any known dialect (NeMo, LJSpeech, Common Voice, Kaldi data dir, LibriSpeech, audiofolder)`);
  return found;
}

/**
 * --out as the output of one manifest, or the folder that receives each manifest under its own name (also one
 * manifest file given an existing folder or a path ending in '/', as cp does).
 */
async function outputPaths(args: CliArgs, sources: readonly ManifestSource[]): Promise<string[]> {
  const out = path.resolve(args.out!);
  const intoFolder = /[\\/]$/.test(args.out!) || (await fs.stat(out).then((s) => s.isDirectory(), () => false));
  if (sources.length === 1 && (sources[0].dialect === 'kaldi' || !intoFolder)) return [out];
  const names = sources.map((s) => (s.dialect === 'kaldi' ? path.basename(path.dirname(s.path)) : path.basename(s.path)));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`two of the manifests are named ${twice}: filter them one at a time, each with its own --out`);
  return names.map((n) => path.join(out, n));
}

async function readReport(file: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --report ${file}: ${(e as Error).message}`);
  }
  try {
    return parseReportJson(text);
  } catch (e) {
    if (e instanceof ReportFileError) throw new UsageError(`--report ${file}: ${e.message}`);
    throw e;
  }
}

/**
 * Audits exactly the audio the manifests list (not the whole folder: a manifest may list audio anywhere), then
 * checks the manifests against it as an ordinary audit does, so line findings (missing audio, duration mismatch,
 * split leakage between the given manifests) are current. The root is the deepest folder holding all of them.
 */
async function auditListedAudio(sources: readonly ManifestSource[], settings: AuditSettings, args: CliArgs, io: CliIo, signal: AbortSignal): Promise<AuditReport> {
  const audio = new Map<string, AuditTarget>();
  const dirs = sources.map((s) => (s.dialect === 'kaldi' ? recipeRoot(path.dirname(s.path)) : path.dirname(s.path)));
  for (const source of sources) {
    for await (const item of parseManifest(source)) {
      if (item.kind !== 'entry' || item.audioPath === null || audio.has(item.audioPath)) continue;
      const stat = await fs.stat(item.audioPath).catch(() => null);
      if (!stat?.isFile()) continue; // manifest-missing-audio, found by checkManifests
      audio.set(item.audioPath, { absPath: item.audioPath, relPath: '', size: stat.size, mtimeMs: stat.mtimeMs });
      dirs.push(path.dirname(item.audioPath));
    }
  }
  const root = commonDirectory(dirs);
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const targets = [...audio.values()].map((t) => ({ ...t, relPath: rel(t.absPath) })).sort((a, b) => comparePaths(a.relPath, b.relPath));
  const cache = args.cache ? await AuditCache.load(args.cache, (m) => io.stderr.write(`audio-audit: warning: ${m}\n`)) : undefined;
  const bar = args.progress && io.stderrIsTty ? new ProgressBar(io.stderr) : null;
  try {
    const { files, partial } = await auditTargets(targets, {
      settings, jobs: args.jobs ?? undefined, signal, cache, workerPath: io.workerPath ?? defaultWorkerPath(),
      localLane: mainThreadLane().lane,
      onProgress: bar ? (p) => bar.update(p) : undefined, onWarning: (m) => io.stderr.write(`audio-audit: warning: ${m}\n`),
    });
    const placed = sources.map((s) => ({ ...s, relPath: rel(s.path), split: splitOf(rel(s.path)) }));
    const check = signal.aborted ? undefined : await checkManifests(root, placed, files, settings, { signal });
    return finalizeReport(root, settings, files, partial, check);
  } finally {
    bar?.clear();
  }
}
