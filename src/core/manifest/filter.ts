// audio-audit filter: a manifest without the entries whose audio or line has findings at or above a severity (or of
// named rules), in the same dialect, beside a dropped.csv that lists what was removed and why. Kept entries are
// copied byte for byte; only --fix-durations rewrites a field (the decoded frames / sample rate in place of the
// declared duration), and relative audio paths are rewritten only when the output lives in another folder.
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, Finding, Severity } from '../types';
import { detectManifests, parseManifest } from './detect';
import { DropPolicy, unknownRule } from './dropPolicy';
import type { DialectId, ManifestEntry, ManifestSource } from './types';
import { sourceOf } from './types';
import { writeAtomically } from './write/atomicFile';
import { writeDroppedCsv, type DroppedEntry } from './write/droppedCsv';
import { jsonLinesWriter } from './write/jsonLines';
import { plainLinesWriter } from './write/plainLines';
import { audioFolderCsvWriter } from './write/csvRecords';
import { writeKaldiDir } from './write/kaldiDir';
import { kaldiRecords } from './kaldiTables';
import type { ManifestWriter } from './write/lineEdits';

export interface FilterOptions {
  /** The manifest file (Kaldi: the data dir or its wav.scp). */
  manifestPath: string;
  /** The new manifest (Kaldi: the new data dir). */
  outPath: string;
  report: AuditReport;
  /** The folder the report's paths are relative to. */
  root: string;
  dropSeverity?: Severity | 'none';
  dropRules?: readonly string[];
  fixDurations?: boolean;
  force?: boolean;
  /** Where dropped.csv goes: default `dropped.csv` beside the output; null: not written (the caller collects `droppedEntries`). */
  droppedCsvPath?: string | null;
}

export interface FilterResult {
  kept: number;
  dropped: number;
  outPath: string;
  /** '' when dropped.csv was not written (droppedCsvPath: null). */
  droppedCsvPath: string;
  droppedEntries: DroppedEntry[];
  /** Things the user should know (a dialect whose audio is found beside the manifest, written elsewhere). */
  warnings: string[];
}

/** A refusal (output over the input, an existing file without force, an unknown rule): the CLI exits 2. */
export class FilterError extends Error {}

/** Dialects whose audio path is implied by where the manifest is (wavs/, clips/, the same folder). */
const IMPLIED_AUDIO: Partial<Record<DialectId, string>> = {
  ljspeech: 'wavs/<id>.wav beside metadata.csv',
  commonvoice: 'clips/<path> beside the TSV',
  librispeech: '<utt-id>.flac in the same folder',
};

const WRITERS: Record<Exclude<DialectId, 'kaldi' | 'audiofolder'>, ManifestWriter> = {
  nemo: jsonLinesWriter({ pathKeys: ['audio_filepath', 'audio_filename'], addDuration: true }),
  ljspeech: plainLinesWriter(false),
  commonvoice: plainLinesWriter(true),
  librispeech: plainLinesWriter(false),
};
const AUDIOFOLDER_JSONL = jsonLinesWriter({ pathKeys: ['file_name'], addDuration: false });

export async function filterManifest(opts: FilterOptions, signal?: AbortSignal): Promise<FilterResult> {
  const unknown = unknownRule(opts.dropRules ?? []);
  if (unknown !== null) throw new FilterError(`--drop-rules: no rule named ${JSON.stringify(unknown)}`);
  const root = path.resolve(opts.root);
  const source = await manifestSource(path.resolve(opts.manifestPath), root, opts.report);
  const outPath = path.resolve(opts.outPath);
  const droppedCsvPath = opts.droppedCsvPath === null ? '' : path.resolve(opts.droppedCsvPath ?? path.join(path.dirname(outPath), 'dropped.csv'));
  const inputs = source.dialect === 'kaldi' ? [path.dirname(source.path)] : [source.path];
  await refuseOverwrite(outPath, inputs, opts.force === true, source.dialect === 'kaldi');
  if (droppedCsvPath) await refuseOverwrite(droppedCsvPath, [...inputs, outPath], opts.force === true, false);

  const policy = new DropPolicy(opts.report, root, { dropSeverity: opts.dropSeverity, dropRules: opts.dropRules });
  const plan = await planEntries(source, policy, opts.fixDurations === true, signal);
  const warnings: string[] = [];
  if (opts.report.partial) warnings.push('the report is partial (a cancelled audit): entries whose audio it did not reach are kept');
  if (plan.uncovered > 0) {
    warnings.push(`${plan.uncovered} kept entr${plan.uncovered === 1 ? 'y names' : 'ies name'} audio the report does not cover (missing, or outside the audit): nothing is known against ${plan.uncovered === 1 ? 'it' : 'them'}`);
  }
  if (source.dialect === 'kaldi') {
    const dataDir = path.dirname(source.path);
    const utts = new Set([...plan.droppedKeys].filter((k) => !plan.keptKeys.has(k)));
    // A new utt2dur must list every utterance (validate_data_dir.sh compares it with utt2spk): only when all were decoded.
    const complete = plan.keyDurations.size === plan.kept;
    if (opts.fixDurations && !complete) {
      warnings.push(`${plan.kept - plan.keyDurations.size} kept utterance(s) have no decoded duration: an existing utt2dur keeps their declared values; none is created`);
    }
    warnings.push(...(await writeKaldiDir(dataDir, outPath, {
      primaryLines: plan.dropLines, utts, durations: plan.keyDurations, fixDurations: opts.fixDurations === true, durationsComplete: complete,
    }, signal)));
  } else {
    const implied = IMPLIED_AUDIO[source.dialect];
    if (implied && path.dirname(outPath) !== path.dirname(source.path)) {
      warnings.push(`${opts.outPath}: ${source.dialect} finds its audio at ${implied}; in another folder the kept entries point at audio that is not there`);
    }
    const writer = source.dialect === 'audiofolder' ? (source.path.endsWith('.jsonl') ? AUDIOFOLDER_JSONL : audioFolderCsvWriter) : WRITERS[source.dialect];
    await fs.mkdir(path.dirname(outPath), { recursive: true });
    await writeAtomically(outPath, (out) => writer(source.path, out, {
      drop: plan.dropLines, durations: plan.lineDurations, fromDir: path.dirname(source.path), toDir: path.dirname(outPath), signal,
    }));
  }
  if (droppedCsvPath) {
    await fs.mkdir(path.dirname(droppedCsvPath), { recursive: true });
    await writeAtomically(droppedCsvPath, (out) => writeDroppedCsv(out, plan.dropped));
  }
  return { kept: plan.kept, dropped: plan.dropped.length, outPath, droppedCsvPath, droppedEntries: plan.dropped, warnings };
}

/** The dialect of the manifest: as the report found it, else from its shape (any name: the user named it). */
async function manifestSource(manifestPath: string, root: string, report: AuditReport): Promise<ManifestSource> {
  const stat = await fs.stat(manifestPath).catch(() => null);
  if (!stat) throw new FilterError(`${manifestPath}: no such manifest`);
  const file = stat.isDirectory() ? path.join(manifestPath, 'wav.scp') : manifestPath;
  const rel = path.relative(root, file).split(path.sep).join('/');
  const known = report.manifests?.find((m) => m.path === rel);
  // A Kaldi table other than wav.scp (text, segments) stands for its data dir, which wav.scp names.
  if (known?.dialect === 'kaldi' && path.basename(file) !== 'wav.scp') return manifestSource(path.dirname(file), root, report);
  if (known) return { dialect: known.dialect, path: file, relPath: rel, split: known.split };
  const found = await detectNamedManifest(file);
  if (!found) throw new FilterError(`${manifestPath}: not a manifest of any known dialect (NeMo, LJSpeech, Common Voice, Kaldi, LibriSpeech, audiofolder)`);
  return { ...found, relPath: rel };
}

/**
 * The dialect of a file the user named: first among the dialects that claim its name (a LibriSpeech transcript is
 * also `key value` lines, which Kaldi's shape test accepts), else any dialect whose shape it has.
 */
export async function detectNamedManifest(file: string): Promise<ManifestSource | null> {
  const [byName] = await detectManifests(path.dirname(file), [path.basename(file)]);
  if (byName) return byName;
  const [byShape] = await detectManifests(path.dirname(file), [path.basename(file)], true);
  return byShape ?? null;
}

/** Same file or folder, following symbolic links where the path exists. */
function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return path.resolve(a) === path.resolve(b) || real(a) === real(b);
}

async function refuseOverwrite(target: string, inputs: readonly string[], force: boolean, isDir: boolean): Promise<void> {
  for (const input of inputs) {
    if (samePath(target, input)) throw new FilterError(`refusing to write ${target}: it is the input (the original is never modified)`);
  }
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return;
  if (!force) throw new FilterError(`refusing to overwrite ${target}: it exists (pass --force to replace it)`);
  if (stat.isDirectory() !== isDir) throw new FilterError(`refusing to replace ${target}: it is a ${stat.isDirectory() ? 'folder' : 'file'}, the output is a ${isDir ? 'folder' : 'file'}`);
  // --force replaces a data dir's tables; a folder that is neither empty nor a data dir (data/ itself) is refused.
  if (isDir) {
    const names = await fs.readdir(target);
    if (names.length > 0 && !names.includes('wav.scp')) throw new FilterError(`refusing to write a data dir into ${target}: it holds files and no wav.scp (give a new folder)`);
  }
}

interface EntryPlan {
  kept: number;
  /** Kept entries whose audio the report does not have. */
  uncovered: number;
  dropped: DroppedEntry[];
  /** Lines of the primary file to leave out. */
  dropLines: Set<number>;
  /** Line -> decoded seconds, for kept entries whose declared duration differs (--fix-durations). */
  lineDurations: Map<number, number>;
  /** Kaldi: utterance ids dropped, and those kept (an id on a dropped and a kept line stays in the other tables). */
  droppedKeys: Set<string>;
  keptKeys: Set<string>;
  /** Kaldi: utterance -> seconds for utt2dur, in the primary's order. */
  keyDurations: Map<string, number>;
}

async function planEntries(source: ManifestSource, policy: DropPolicy, fixDurations: boolean, signal?: AbortSignal): Promise<EntryPlan> {
  const kaldi = source.dialect === 'kaldi';
  const plan: EntryPlan = { kept: 0, uncovered: 0, dropped: [], dropLines: new Set(), lineDurations: new Map(), droppedKeys: new Set(), keptKeys: new Set(), keyDurations: new Map() };
  // Kaldi companion lines with findings no entry field points at (a duplicate, a utt2dur that disagrees with segments).
  const byKey = kaldi ? await flaggedKeys(path.dirname(source.path), policy) : new Map<string, Finding[]>();
  // The file whose lines are the entries (Kaldi: segments when the data dir has them).
  const segments = path.join(path.dirname(source.path), 'segments');
  const primary = kaldi && (await fs.stat(segments).then((s) => s.isFile(), () => false)) ? segments : source.path;
  // Flagged lines of the primary file that turn out to be entries (the others are lines no parser made an entry of).
  const flagged = new Set(policy.flaggedLines(primary));
  const entryLines = new Set<number>();
  for await (const item of parseManifest(source)) {
    signal?.throwIfAborted();
    if (item.kind === 'problem') continue;
    const e = item;
    if (flagged.has(e.line)) entryLines.add(e.line);
    const findings = entryFindings(e, policy, byKey);
    if (findings.length > 0) {
      plan.dropLines.add(e.line);
      if (e.uttId !== null && kaldi) plan.droppedKeys.add(e.uttId);
      plan.dropped.push({
        manifest: policy.rel(e.file), line: e.line, audio: e.audioPath === null ? '' : policy.rel(e.audioPath),
        rules: [...new Set(findings.map((x) => x.rule))], messages: [...new Set(findings.map((x) => x.message))],
      });
      continue;
    }
    plan.kept++;
    if (kaldi && e.uttId !== null) plan.keptKeys.add(e.uttId);
    if (e.audioPath !== null && !policy.covers(e.audioPath)) plan.uncovered++;
    if (!fixDurations || e.audioPath === null) continue;
    const seconds = declaredAfterFix(e, policy.decoded(e.audioPath));
    if (seconds === null) continue;
    if (kaldi && e.uttId !== null) plan.keyDurations.set(e.uttId, seconds);
    else if (seconds !== e.durationSec) plan.lineDurations.set(e.line, seconds);
  }
  // Lines that are no entry (not JSON, no audio column) but carry a dropping finding (manifest-bad-line) go too.
  for (const line of flagged) {
    if (entryLines.has(line) || plan.dropLines.has(line)) continue;
    plan.dropLines.add(line);
    const findings = policy.lineFindings(primary, line);
    plan.dropped.push({ manifest: policy.rel(primary), line, audio: '', rules: [...new Set(findings.map((x) => x.rule))], messages: findings.map((x) => x.message) });
    if (kaldi) plan.droppedKeys.add(await keyAtLine(primary, line));
  }
  plan.dropped.sort((a, b) => (a.manifest < b.manifest ? -1 : a.manifest > b.manifest ? 1 : a.line - b.line));
  return plan;
}

/**
 * The duration --fix-durations writes: the decoded frames / sample rate of a whole-file entry; for a Kaldi segment
 * its span end - start, or decoded - start for a segment that runs to the end (end -1, declared only by utt2dur).
 * NeMo entries with an offset are segments too: their declared duration stays (null).
 */
function declaredAfterFix(e: ManifestEntry, decoded: number | null): number | null {
  if (e.offsetSec === null) return decoded;
  if (e.from?.durationSec === undefined && e.durationSec !== null && e.uttId !== null) return e.durationSec; // Kaldi end - start
  if (e.from?.durationSec !== undefined && decoded !== null) return decoded - e.offsetSec;
  return null;
}

function entryFindings(e: ManifestEntry, policy: DropPolicy, byKey: ReadonlyMap<string, Finding[]>): Finding[] {
  const out: Finding[] = [...policy.lineFindings(e.file, e.line)];
  // Kaldi: the other files' lines the entry's fields came from (each once; sourceOf falls back to the entry's line).
  if (e.from) {
    const seen = [`${e.file}\u0000${e.line}`];
    for (const at of [sourceOf(e, 'audioPath'), sourceOf(e, 'durationSec'), sourceOf(e, 'text')]) {
      const key = `${at.file}\u0000${at.line}`;
      if (seen.includes(key)) continue;
      seen.push(key);
      out.push(...policy.lineFindings(at.file, at.line));
    }
  }
  if (e.uttId !== null) out.push(...(byKey.get(e.uttId) ?? []));
  if (e.audioPath !== null) out.push(...policy.audioFindings(e.audioPath));
  return out;
}

/** Per-utterance companion tables of a Kaldi data dir: utterance id -> the dropping findings on its lines. */
async function flaggedKeys(dataDir: string, policy: DropPolicy): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  for (const name of ['utt2dur', 'text', 'utt2spk']) {
    const file = path.join(dataDir, name);
    const lines = new Set(policy.flaggedLines(file));
    if (lines.size === 0) continue;
    for await (const r of kaldiRecords(file)) {
      if (!lines.has(r.line)) continue;
      const list = out.get(r.key) ?? [];
      list.push(...policy.lineFindings(file, r.line));
      out.set(r.key, list);
    }
  }
  return out;
}

async function keyAtLine(file: string, line: number): Promise<string> {
  for await (const r of kaldiRecords(file)) if (r.line === line) return r.key;
  return '';
}
