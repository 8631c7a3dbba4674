// Parses the audio-audit command line into a typed request; every mistake becomes a UsageError (exit 2).
import type { MelPresetName } from '../core/types';
import { MAX_SHARDS, parseShardSpec, type ShardSpec } from '../core/shard/assign';

export type FailOn = 'error' | 'warning' | 'info' | 'never';
export type MelChoice = MelPresetName | 'none';
export type DropSeverity = 'error' | 'warning' | 'info' | 'none';

export interface CliArgs {
  paths: string[];
  json: boolean;
  out: string | null;
  csv: string | null;
  html: string | null;
  qLevels: number | null;
  config: string | null;
  jobs: number | null;
  failOn: FailOn;
  progress: boolean;
  mel: MelChoice | null;
  statsOut: string | null;
  cache: string | null;
  /** --ffmpeg PATH: the ffmpeg that decodes formats no bundled reader handles. */
  ffmpeg: string | null;
  include: string[];
  exclude: string[];
  /** --manifest FILE: manifests to check besides those recognized in the folder (repeatable). */
  manifests: string[];
  help: boolean;
  version: boolean;
  /**
   * `audio-audit merge PART...`: the paths are part files of a sharded audit; `filter MANIFEST...`: manifests to
   * filter; `fix PATH --out DIR`: corrected copies of the audio.
   */
  command: 'audit' | 'merge' | 'filter' | 'fix';
  /** fix --dc: subtract each channel's mean, or the 5 Hz high-pass. */
  dc: 'mean' | 'highpass' | null;
  /** fix --gain dataset: one gain for the corpus. */
  gain: 'dataset' | null;
  /** fix --peak-dbfs: the corpus peak after --gain dataset (default -1). */
  peakDbfs: number | null;
  /** fix --mono: average the channels. */
  mono: boolean;
  /** filter --drop-severity: findings at or above it drop an entry (default error). */
  dropSeverity: DropSeverity;
  /** filter --drop-rules a,b: findings of these rules drop an entry. */
  dropRules: string[];
  /** filter --fix-durations: write the decoded durations instead of the declared ones. */
  fixDurations: boolean;
  /** filter and fix --force: replace an existing output. */
  force: boolean;
  /** filter --report FILE: the findings of a saved report instead of a fresh audit. */
  report: string | null;
  /** filter --from-folder DIR: a NeMo manifest of the folder's audio files that pass. */
  fromFolder: string | null;
  /** --shard I/N or auto: audit only this share of the files and write it as a part (--out). */
  shard: ShardSpec | 'auto' | null;
  /** --shards N: the shard count for --shard auto where the environment has only an index (Kubernetes). */
  shards: number | null;
  /** The options given, as spelled without a value ('--fail-on'): what a merge or a shard refuses. */
  given: Set<string>;
}

export class UsageError extends Error {}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
const MEL: readonly MelChoice[] = ['tacotron', 'librosa', 'custom', 'none'];
const DROP_SEVERITY: readonly DropSeverity[] = ['error', 'warning', 'info', 'none'];
const VALUE_OPTIONS = new Set([
  '--out', '--csv', '--html', '--q-levels', '--config', '--jobs', '--fail-on', '--mel', '--stats-out', '--cache', '--include', '--exclude',
  '--manifest', '--ffmpeg', '--shard', '--shards', '--drop-severity', '--drop-rules', '--report', '--from-folder',
  '--dc', '--gain', '--peak-dbfs',
]);
const FLAG_OPTIONS = new Set(['--json', '--no-progress', '--help', '-h', '--version', '--fix-durations', '--force', '--mono']);

export function parseArgs(argv: readonly string[]): CliArgs {
  const a: CliArgs = {
    paths: [], json: false, out: null, csv: null, html: null, qLevels: null, config: null, jobs: null, failOn: 'error',
    progress: true, mel: null, statsOut: null, cache: null, ffmpeg: null, include: [], exclude: [], manifests: [], help: false,
    version: false, command: 'audit', shard: null, shards: null, given: new Set(),
    dropSeverity: 'error', dropRules: [], fixDurations: false, force: false, report: null, fromFolder: null,
    dc: null, gain: null, peakDbfs: null, mono: false,
  };
  const rest = [...argv];
  // `audit` is the only (and default) command; `./audit` audits a folder of that name.
  if (rest[0] === 'audit') rest.shift();
  else if (rest[0] === 'merge' || rest[0] === 'filter' || rest[0] === 'fix') {
    a.command = rest.shift() as 'merge' | 'filter' | 'fix';
  }
  let onlyPaths = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      a.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    a.given.add(name);
    if (FLAG_OPTIONS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      if (name === '--json') a.json = true;
      else if (name === '--no-progress') a.progress = false;
      else if (name === '--version') a.version = true;
      else if (name === '--fix-durations') a.fixDurations = true;
      else if (name === '--force') a.force = true;
      else if (name === '--mono') a.mono = true;
      else a.help = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option ${name}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= rest.length) throw new UsageError(`${name} needs a value`);
      value = rest[++i];
    }
    if (value === '') throw new UsageError(`${name} needs a non-empty value`);
    switch (name) {
      case '--out': a.out = value; break;
      case '--csv': a.csv = value; break;
      case '--html': a.html = value; break;
      case '--config': a.config = value; break;
      case '--stats-out': a.statsOut = value; break;
      case '--cache': a.cache = value; break;
      case '--ffmpeg': a.ffmpeg = value; break;
      case '--include': a.include.push(value); break;
      case '--exclude': a.exclude.push(value); break;
      case '--manifest': a.manifests.push(value); break;
      case '--q-levels': a.qLevels = positiveInt(name, value, 2); break;
      case '--jobs': a.jobs = positiveInt(name, value, 1); break;
      case '--fail-on': a.failOn = oneOf(name, value, FAIL_ON); break;
      case '--mel': a.mel = oneOf(name, value, MEL); break;
      case '--shard': a.shard = value === 'auto' ? 'auto' : shardSpec(value); break;
      case '--shards': a.shards = positiveInt(name, value, 1); break;
      case '--drop-severity': a.dropSeverity = oneOf(name, value, DROP_SEVERITY); break;
      case '--drop-rules': a.dropRules.push(...value.split(',').map((r) => r.trim()).filter((r) => r !== '')); break;
      case '--report': a.report = value; break;
      case '--from-folder': a.fromFolder = value; break;
      case '--dc': a.dc = oneOf(name, value, ['mean', 'highpass'] as const); break;
      case '--gain': a.gain = oneOf(name, value, ['dataset'] as const); break;
      case '--peak-dbfs': a.peakDbfs = dbfs(name, value); break;
    }
  }
  if (a.command === 'merge') checkMergeOptions(a);
  if (a.command === 'filter') return checkFilterOptions(a);
  if (a.command === 'fix') return checkFixOptions(a);
  for (const name of FIX_ONLY_OPTIONS) if (a.given.has(name)) throw new UsageError(`${name} applies to fix (audio-audit fix PATH --out DIR ${name} ...)`);
  for (const name of FILTER_ONLY_OPTIONS) if (a.given.has(name)) throw new UsageError(`${name} applies to audio-audit filter MANIFEST... --out FILE`);
  if (a.shard !== null || a.shards !== null) checkShardOptions(a);
  if (!a.help && !a.version && a.paths.length === 0) throw new UsageError('no path given: audio-audit <path...>');
  if (a.json && a.csv === '-') throw new UsageError('--json and --csv - would both write to stdout; give --csv a file');
  return a;
}

/** What `merge` takes: its outputs; the settings come from the parts. */
const MERGE_OPTIONS = new Set(['--out', '--csv', '--html', '--stats-out', '--fail-on', '--json', '--no-progress', '--help', '-h', '--version']);
/** Outputs of a whole-dataset report, which a shard does not have: they go to merge. */
const MERGED_REPORT_OPTIONS = ['--json', '--csv', '--html', '--stats-out', '--fail-on'];

function checkMergeOptions(a: CliArgs): void {
  for (const name of a.given) {
    if (!MERGE_OPTIONS.has(name)) throw new UsageError(`${name} does not apply to merge: the parts carry the settings they were audited with`);
  }
  if (!a.help && !a.version && a.paths.length === 0) throw new UsageError('no part given: audio-audit merge PART... --out report.json');
}

/** What `filter` takes: its own options, and the settings of the audit it runs when no --report is given. */
const FILTER_OPTIONS = new Set([
  '--out', '--drop-severity', '--drop-rules', '--fix-durations', '--force', '--report', '--from-folder', '--config', '--jobs',
  '--cache', '--mel', '--q-levels', '--ffmpeg', '--no-progress', '--help', '-h', '--version',
]);
const FILTER_ONLY_OPTIONS = ['--drop-severity', '--drop-rules', '--fix-durations', '--force', '--report', '--from-folder'];

function checkFilterOptions(a: CliArgs): CliArgs {
  for (const name of a.given) {
    if (!FILTER_OPTIONS.has(name)) throw new UsageError(`${name} does not apply to filter`);
  }
  if (a.help || a.version) return a;
  if (a.fromFolder !== null && a.paths.length > 0) throw new UsageError('--from-folder DIR writes a manifest of the folder: give no MANIFEST with it');
  if (a.fromFolder === null && a.paths.length === 0) throw new UsageError('no manifest given: audio-audit filter MANIFEST... --out FILE (or --from-folder DIR --out FILE)');
  if (a.out === null) throw new UsageError('filter writes a new manifest: give --out FILE (a folder for several manifests or a Kaldi data dir)');
  if (a.fromFolder !== null && a.fixDurations) throw new UsageError('--fix-durations applies to manifests; --from-folder writes decoded durations already');
  return a;
}

/** What `fix` takes: its own transforms and the discovery settings. */
const FIX_OPTIONS = new Set(['--out', '--dc', '--gain', '--peak-dbfs', '--mono', '--force', '--ffmpeg', '--include', '--exclude', '--config',
  '--no-progress', '--help', '-h', '--version']);
const FIX_ONLY_OPTIONS = ['--dc', '--gain', '--peak-dbfs', '--mono'];

function checkFixOptions(a: CliArgs): CliArgs {
  for (const name of a.given) {
    if (!FIX_OPTIONS.has(name)) throw new UsageError(`${name} does not apply to fix`);
  }
  if (a.help || a.version) return a;
  if (a.paths.length !== 1) throw new UsageError(`fix takes one PATH (a folder or a file), got ${a.paths.length}: audio-audit fix PATH --out DIR`);
  if (a.out === null) throw new UsageError('fix needs --out DIR: the folder the corrected copies go to (outside PATH)');
  if (a.peakDbfs !== null && a.gain === null) throw new UsageError('--peak-dbfs goes with --gain dataset');
  return a;
}

function dbfs(name: string, value: string): number {
  const v = Number(value);
  if (!/^[-+]?\d+(\.\d+)?$/.test(value) || !(v <= 0) || v < -100) throw new UsageError(`${name} must be a level in dBFS between -100 and 0, got "${value}"`);
  return v;
}

function checkShardOptions(a: CliArgs): void {
  if (a.shard === null) throw new UsageError('--shards N goes with --shard auto (the count of a Kubernetes Indexed Job)');
  if (a.shard !== 'auto' && a.shards !== null && a.shards !== a.shard.count) {
    throw new UsageError(`--shards ${a.shards} disagrees with --shard ${a.shard.index}/${a.shard.count}`);
  }
  if (a.shards !== null && a.shards > MAX_SHARDS) throw new UsageError(`--shards: at most ${MAX_SHARDS} shards`);
  for (const name of MERGED_REPORT_OPTIONS) {
    if (a.given.has(name)) {
      throw new UsageError(`${name} applies to the merged report (audio-audit merge PART... ${name} ...); a shard writes only its part (--out)`);
    }
  }
  if (a.out === null) throw new UsageError('--shard writes a part file: give --out PART.jsonl (e.g. --out part-0.jsonl)');
}

function shardSpec(value: string): ShardSpec {
  const spec = parseShardSpec(value);
  if (typeof spec === 'string') throw new UsageError(`--shard ${spec}`);
  return spec;
}

function positiveInt(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be an integer >= ${min}, got "${value}"`);
  }
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

export const HELP = `audio-audit — audits a folder of training audio (WAV, FLAC, MP3, Ogg Vorbis/Opus, AIFF) before a model sees it

Usage:
  audio-audit [audit] <path...> [options]
  audio-audit <path...> --shard I/N|auto --out PART.jsonl [options]   audit one shard of the files (a part)
  audio-audit merge <part...> [--out FILE] [--csv FILE] [--html FILE] [--stats-out FILE] [--json] [--fail-on LEVEL]
  audio-audit filter <manifest...> --out FILE|DIR [--drop-severity LEVEL] [--drop-rules a,b] [--fix-durations]
                     [--force] [--report REPORT.json]      a manifest without the entries that have findings
  audio-audit filter --from-folder DIR --out FILE.jsonl     a NeMo manifest of the folder's files that pass
  audio-audit fix <path> --out DIR [--dc mean|highpass] [--gain dataset] [--peak-dbfs -1] [--mono] [--force]
                         write corrected copies into DIR (outside PATH), mirroring the tree; inputs are never modified

Paths are folders (searched recursively for *.wav *.wave *.flac *.mp3 *.ogg *.oga *.opus *.aif *.aiff *.aifc, any
case; .git and node_modules skipped) or single files; the format is read from the file's first bytes, not its name. Several paths form one dataset rooted at their deepest common folder.

Options:
  --json                 print the JSON report (version 1) on stdout instead of the summary
  --out FILE             also write the JSON report to FILE
  --csv FILE             write one CSV row per file to FILE ("-" = stdout)
  --html FILE            write a standalone HTML report (charts and table, no network needed) to FILE
  --stats-out FILE       write the dataset normalization statistics (global peak, per-band mel mean/std) as JSON
  --q-levels N           min-max quantization levels (default 256)
  --mel PRESET           tacotron | librosa | custom | none (default tacotron; none skips the mel check)
  --config FILE          JSON settings: qLevels, clipLevel, include, exclude, thresholds, severities, mel, ffmpegPath
  --include GLOB         only audit paths matching GLOB (repeatable; **, *, ?, {a,b})
  --exclude GLOB         skip paths matching GLOB (repeatable)
  --manifest FILE        also check FILE as a manifest (NeMo, LJSpeech, Common Voice, Kaldi wav.scp, LibriSpeech,
                         audiofolder); manifests in the folder are found by name and shape (repeatable)
  --jobs N               files audited at once: the main thread and N-1 worker threads (default: available cores)
  --cache FILE           reuse results of unchanged files (same path, size, mtime and settings)
  --ffmpeg PATH          your ffmpeg executable, to decode formats no bundled decoder reads (M4A/AAC, WMA, WebM,
                         CAF, ...); default: ffmpeg on PATH, if any; "none": no ffmpeg
  --fail-on LEVEL        error | warning | info | never (default error)
  --shard I/N            audit only shard I (0-based) of N: the files whose path hashes to I (FNV-1a 32 mod N);
                         writes a part (JSON Lines) to --out instead of a report; merge the N parts with merge
  --shard auto           I and N from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (a Slurm job array) or from
                         JOB_COMPLETION_INDEX and --shards N (a Kubernetes Indexed Job)
  --shards N             the shard count for --shard auto (Kubernetes)
  --no-progress          no progress bar (it is drawn on stderr only when stderr is a terminal)
  -h, --help             this help
  --version              print the version

Filter (audio-audit filter):
  Writes each manifest again in its own dialect (NeMo, LJSpeech, Common Voice, Kaldi data dir -> a new dir,
  LibriSpeech, audiofolder) without the entries whose audio or line has a finding at or above --drop-severity or of a
  rule in --drop-rules; kept lines are copied byte for byte. A dropped.csv beside the output lists what was removed.
  Without --report the manifests' audio is audited first (--config, --jobs, --cache, --mel apply).
  --out FILE|DIR         the new manifest; a folder for several manifests (each keeps its name) and for a Kaldi dir
  --drop-severity LEVEL  error | warning | info | none (default error): findings at or above it drop an entry
  --drop-rules a,b       findings of these rules drop an entry whatever their severity (e.g. clipping,split-leakage)
  --fix-durations        write the decoded durations (frames / sample rate) instead of the declared ones (and utt2dur)
  --force                replace an existing output (the input is never replaced)
  --report FILE          use the findings of a saved JSON report (audio-audit --out) instead of auditing
  --from-folder DIR      audit DIR and write a NeMo JSONL of its files that pass (audio_filepath, duration, text "")

Fix (audio-audit fix; non-finite samples always become 0; fix-log.csv in DIR records every change):
  --dc mean              subtract each channel's mean
  --dc highpass          first-order high-pass at 5 Hz (-3 dB), for an offset that drifts
  --gain dataset         one gain for the whole corpus, bringing its global peak to --peak-dbfs
  --peak-dbfs DB         the corpus peak after --gain dataset (default -1)
  --mono                 average the channels (warns when they cancel)
  --force                replace existing outputs in DIR
  Lossless files keep container and bit depth (TPDF dither when requantized); lossy files become 24-bit FLAC.
  --include, --exclude, --config and --ffmpeg apply as for an audit.

Exit status:
  0  no finding at or above --fail-on; --shard: the part is complete (findings do not fail a shard)
  1  at least one finding at or above --fail-on; fix: a file could not be fixed (its error is in fix-log.csv)
  2  usage error, unreadable config, or no audio found; merge: missing, duplicated, mismatched or truncated parts;
     filter: an output that is the input or exists (without --force), an unknown rule, a manifest of no known dialect
     (filter exits 0 when the manifests are written, whatever was dropped); fix refused (DIR inside PATH, an output
     that is an input or exists without --force)
  130 interrupted (Ctrl-C): the partial report is still printed (--shard: the part has no end record)
  143 --shard stopped by SIGTERM (Slurm time limit, scancel, requeue): cache saved, the part has no end record
`;
