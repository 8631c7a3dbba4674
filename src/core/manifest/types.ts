// What every manifest dialect yields: entries (one per utterance/clip the manifest lists) and problems (lines that
// do not parse or lack the audio path: rule manifest-bad-line), each naming the file and 1-based line it comes from.
// One parser per dialect yields the same entry type (huggingface/datasets packaged_modules, lhotse recipes).

export type DialectId = 'nemo' | 'ljspeech' | 'commonvoice' | 'kaldi' | 'librispeech' | 'audiofolder';

/** The role a manifest plays in training, read from its path (split.ts). */
export type Split = 'train' | 'dev' | 'test' | 'eval';

/** A physical line of a file: what a finding points at. */
export interface SourceLine {
  /** Absolute path. */
  readonly file: string;
  /** 1-based; a TSV/CSV header is line 1; a quoted CSV record spanning lines is at the line where it starts. */
  readonly line: number;
}

/**
 * Where a field came from when it is not the entry's own file and line. Only joined dialects set it (Kaldi: an
 * entry is a `segments` or `wav.scp` line, its duration an `utt2dur` line, its transcript a `text` line).
 */
export interface FieldSources {
  readonly audioPath?: SourceLine;
  readonly durationSec?: SourceLine;
  readonly text?: SourceLine;
}

export interface ManifestEntry extends SourceLine {
  readonly kind: 'entry';
  /** Absolute, resolved by the dialect's rule; null when the line lacks it (a problem is yielded too). */
  readonly audioPath: string | null;
  readonly uttId: string | null;
  /** Segment start in the audio file, seconds. */
  readonly offsetSec: number | null;
  /** Declared duration, seconds (NeMo `duration`, Kaldi `utt2dur` or segments end - start). */
  readonly durationSec: number | null;
  /** Transcript, for dialects that carry one. */
  readonly text: string | null;
  readonly from?: FieldSources;
}

export interface ManifestProblem extends SourceLine {
  readonly kind: 'problem';
  /** A sentence fragment naming the reason ("no audio_filepath key"). */
  readonly message: string;
}

export type ManifestItem = ManifestEntry | ManifestProblem;

/** Where a field of an entry was declared: the line a finding about that field points at. */
export function sourceOf(entry: ManifestEntry, field: keyof FieldSources): SourceLine {
  return entry.from?.[field] ?? { file: entry.file, line: entry.line };
}

/** A manifest file found in an audited folder. */
export interface ManifestSource {
  readonly dialect: DialectId;
  /** Absolute path of the file that lists the entries (Kaldi: the data dir's wav.scp). */
  readonly path: string;
  /** Relative to the audited root, '/'-separated. */
  readonly relPath: string;
  readonly split: Split | null;
}

/** A file that may be a manifest, as a dialect sees it before parsing. */
export interface ManifestCandidate {
  readonly absPath: string;
  readonly relPath: string;
  /** The first bytes decoded as UTF-8 (BOM removed, cut after the last complete line when the file is longer). */
  readonly head: string;
  /** Names of the files and folders beside it. */
  readonly siblings: ReadonlySet<string>;
}

export interface ManifestDialect {
  readonly id: DialectId;
  /** A cheap test on the base name before any byte is read. */
  claimsName(baseName: string): boolean;
  /** True when the candidate's name, head and siblings have this dialect's shape. */
  recognize(candidate: ManifestCandidate): boolean;
  /** Streams the manifest: memory does not grow with its length; a bad line is a problem, parsing goes on. */
  parse(absPath: string): AsyncGenerator<ManifestItem>;
}

export function problem(file: string, line: number, message: string): ManifestProblem {
  return { kind: 'problem', file, line, message };
}
