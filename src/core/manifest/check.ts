// Checks what a training script will read: every detected manifest, streamed, against the decoded audio's reports.
// Findings sit on the manifest line that causes them (Kaldi: the file and line that declared the value). What the
// dataset rules need afterwards (which audio each split lists, which folders have manifests) is returned beside them.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuditSettings, FileReport, ManifestFinding, ManifestReport, RuleId } from '../types';
import { DEFAULT_SEVERITY } from '../rules/severity';
import { median } from '../audit/distribution';
import { parseManifest } from './detect';
import { recipeRoot } from './dialects/kaldi';
import { sourceOf, type ManifestSource, type Split } from './types';

/** Manifests print times rounded to centiseconds: a segment may end this far past the audio. */
const SEGMENT_END_TOLERANCE_SEC = 0.01;
/** Duration pairs kept per manifest for the report's scatter. */
const MAX_PAIRS = 2000;

/** One manifest line that lists an audio file (for split-leakage and manifest-unlisted-audio). */
export interface Listing {
  /** Index into ManifestCheck.reports. */
  readonly report: number;
  readonly line: number;
  readonly split: Split | null;
}

export interface ManifestCheck {
  readonly reports: ManifestReport[];
  /** Audio relPath ('/'-separated, relative to the root) -> the manifest lines that list it. */
  readonly listed: Map<string, Listing[]>;
  /** Folders (relPaths, '' = the root) whose audio the manifests are expected to list. */
  readonly coveredDirs: readonly string[];
}

export interface CheckOptions {
  readonly signal?: AbortSignal;
}

/** A finding on a manifest line, with the configured severity; null when the rule is off. */
export function manifestFinding(settings: AuditSettings, rule: RuleId, line: number, message: string): ManifestFinding | null {
  const severity = settings.severities[rule] ?? DEFAULT_SEVERITY[rule];
  return severity === 'off' ? null : { rule, severity, message, line };
}

const relOf = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join('/');

/** Code points of the transcript, whitespace excluded. */
function transcriptChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

export async function checkManifests(
  root: string, sources: readonly ManifestSource[], files: readonly Pick<FileReport, 'path' | 'error' | 'format'>[], settings: AuditSettings, opts: CheckOptions = {},
): Promise<ManifestCheck> {
  const byRel = new Map(files.map((f) => [f.path, f]));
  const reports: ManifestReport[] = [];
  const reportIndex = new Map<string, number>();
  const listed = new Map<string, Listing[]>();
  const coveredDirs = new Set<string>();
  const t = settings.thresholds;

  for (const source of sources) {
    const split = source.split;
    /** The report of the file a finding points at (a Kaldi companion gets its own). */
    const reportFor = (absFile: string): ManifestReport & { findings: ManifestFinding[] } => {
      let i = reportIndex.get(absFile);
      if (i === undefined) {
        i = reports.length;
        reportIndex.set(absFile, i);
        reports.push({ path: relOf(root, absFile), dialect: source.dialect, split, entries: 0, totalDeclaredSec: 0, findings: [] });
      }
      return reports[i] as ManifestReport & { findings: ManifestFinding[] };
    };
    const primary = reportFor(source.path);
    const primaryIndex = reportIndex.get(source.path)!;
    coveredDirs.add(relOf(root, coverageDir(source)));
    const add = (file: string, rule: RuleId, line: number, message: string) => {
      const f = manifestFinding(settings, rule, line, message);
      if (f) reportFor(file).findings.push(f);
    };
    const seen = new Map<string, number>();
    const rates: { rate: number; line: number; file: string }[] = [];
    let entries = 0;
    let declaredSec = 0;
    const scatter = new DurationSample();
    const existence = new Map<string, Promise<boolean>>();

    for await (const item of parseManifest(source)) {
      opts.signal?.throwIfAborted();
      if (item.kind === 'problem') {
        add(item.file, 'manifest-bad-line', item.line, `${capitalize(item.message)}.`);
        continue;
      }
      entries++;
      if (item.file !== source.path) reportFor(item.file).entries++;
      const e = item;
      const audioLine = sourceOf(e, 'audioPath');
      const key = e.uttId !== null ? `utt:${e.uttId}` : e.audioPath !== null ? `audio:${e.audioPath}@${e.offsetSec ?? 0}` : null;
      if (key !== null) {
        const first = seen.get(key);
        if (first !== undefined) {
          const what = e.uttId !== null ? `utterance id ${JSON.stringify(e.uttId)}` : `audio ${JSON.stringify(relOf(root, e.audioPath!))}${e.offsetSec ? ` at offset ${e.offsetSec} s` : ''}`;
          add(e.file, 'manifest-duplicate-entry', e.line, `The ${what} is listed twice in this manifest (first on line ${first}).`);
        } else seen.set(key, e.line);
      }
      if (e.text !== null && e.text.trim() === '') add(sourceOf(e, 'text').file, 'manifest-empty-text', sourceOf(e, 'text').line, 'The transcript is empty.');
      if (e.audioPath === null) continue;

      const rel = relOf(root, e.audioPath);
      const report = rel.startsWith('..') ? undefined : byRel.get(rel);
      if (!report) {
        if (!existence.has(e.audioPath)) existence.set(e.audioPath, fs.stat(e.audioPath).then((s) => s.isFile(), () => false));
        if (!(await existence.get(e.audioPath))) {
          add(audioLine.file, 'manifest-missing-audio', audioLine.line, `The audio file ${JSON.stringify(rel)} does not exist.`);
          continue;
        }
      }
      const list = listed.get(rel);
      const listing: Listing = { report: reportIndex.get(audioLine.file) ?? primaryIndex, line: audioLine.line, split };
      if (list) list.push(listing);
      else listed.set(rel, [listing]);

      const decoded = report && report.error === null && report.format ? report.format.frames / report.format.sampleRate : null;
      if (e.durationSec !== null) declaredSec += e.durationSec;
      else if (decoded !== null) declaredSec += decoded;
      let spoken: number | null = decoded;
      if (e.offsetSec !== null) {
        // A segment of the file: its own duration is what is trained on; its end must lie inside the audio.
        const start = e.offsetSec ?? 0;
        const end = e.durationSec !== null ? start + e.durationSec : null;
        spoken = e.durationSec;
        if (decoded !== null && end !== null && end - decoded > SEGMENT_END_TOLERANCE_SEC) {
          add(e.file, 'manifest-segment-out-of-range', e.line,
            `The segment ends at ${end.toFixed(3)} s (offset ${start} s + duration ${e.durationSec} s) but ${JSON.stringify(rel)} lasts ${decoded.toFixed(3)} s.`);
        } else if (decoded !== null && start > decoded) {
          add(e.file, 'manifest-segment-out-of-range', e.line, `The segment starts at ${start} s, after the end of ${JSON.stringify(rel)} (${decoded.toFixed(3)} s).`);
        }
      } else if (e.durationSec !== null && decoded !== null && Math.abs(e.durationSec - decoded) > t.manifestDurationSec) {
        scatter.add(e.durationSec, decoded);
        const at = sourceOf(e, 'durationSec');
        add(at.file, 'manifest-duration-mismatch', at.line,
          `The declared duration ${e.durationSec} s differs from the decoded ${decoded.toFixed(3)} s of ${JSON.stringify(rel)} by ${Math.abs(e.durationSec - decoded).toFixed(3)} s (threshold ${t.manifestDurationSec} s).`);
      } else if (e.durationSec !== null) {
        if (decoded !== null) scatter.add(e.durationSec, decoded);
        spoken = e.durationSec;
      }
      if (spoken !== null && spoken > t.maxUtteranceSec) {
        add(e.file, 'long-utterance', e.line, `The utterance lasts ${spoken.toFixed(1)} s, over the ${t.maxUtteranceSec} s limit (long utterances run GPUs out of memory).`);
      }
      if (e.text !== null && e.text.trim() !== '' && spoken !== null && spoken > 0) {
        const at = sourceOf(e, 'text');
        rates.push({ rate: transcriptChars(e.text) / spoken, line: at.line, file: at.file });
      }
    }
    // Characters per second against this manifest's median: misaligned transcripts stand out by a factor.
    const mid = median(rates.map((r) => r.rate));
    if (mid !== null && mid > 0) {
      for (const r of rates) {
        if (r.rate >= mid * t.charRateRatio || r.rate <= mid / t.charRateRatio) {
          add(r.file, 'char-rate-outlier', r.line,
            `The transcript runs at ${r.rate.toFixed(1)} characters per second, ${(r.rate / mid).toFixed(2)}× this manifest's median of ${mid.toFixed(1)} (threshold ${t.charRateRatio}×): the text may not match the audio.`);
        }
      }
    }
    primary.entries = entries;
    primary.totalDeclaredSec = declaredSec;
    primary.durationPairs = scatter.pairs;
  }
  for (const r of reports) r.findings.sort((a, b) => a.line - b.line);
  return { reports, listed, coveredDirs: [...coveredDirs] };
}

/** The folder whose audio files a manifest is expected to list (Kaldi: where recipes run; the others: its own folder). */
function coverageDir(source: ManifestSource): string {
  return source.dialect === 'kaldi' ? recipeRoot(path.dirname(source.path)) : path.dirname(source.path);
}

/** At most MAX_PAIRS (declared, decoded) pairs, evenly over the manifest: past the limit every other one is dropped. */
class DurationSample {
  readonly pairs: number[] = [];
  private stride = 1;
  private seen = 0;

  add(declared: number, decoded: number): void {
    if (this.seen++ % this.stride !== 0) return;
    this.pairs.push(declared, decoded);
    if (this.pairs.length >= 2 * MAX_PAIRS) {
      let w = 0;
      for (let r = 0; r < this.pairs.length; r += 4) { this.pairs[w++] = this.pairs[r]; this.pairs[w++] = this.pairs[r + 1]; }
      this.pairs.length = w;
      this.stride *= 2;
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
