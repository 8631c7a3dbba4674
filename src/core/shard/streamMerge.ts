// Merges part bodies in bounded memory, in two streamed passes over the parts (each a k-way merge in path order):
//   1. every file parsed: the facts the dataset rules read (FileFacts), the summary (SummaryAccumulator) and the
//      paths' digest; then the manifests are checked and the dataset rules decided, as finalizeReport decides them;
//   2. every file again, its dataset findings added, handed to the writer: as report bytes re-indented from the part's
//      line without parsing it (entryBytes()), or as objects (files(), for --csv, --html and tests).
// Path order is the single run's order, so sums, tallies and pairs come out in the same order, bit for bit.
import { createHash } from 'node:crypto';
import type { AuditReport, AuditSettings, DatasetSummary, FileFacts, FileReport, Finding, ManifestReport, RuleId } from '../types';
import { SummaryAccumulator } from '../audit/finalize';
import { checkManifests } from '../manifest/check';
import { BATCH_BYTES, PrettyBytes } from '../report/prettyBytes';
import { COMMA } from '../report/jsonBytes';
import { DATASET_RULES } from '../rules/severity';
import { datasetFindings } from '../rules/datasetRules';
import { duplicateFindings } from '../rules/duplicateRules';
import { listingFindings } from '../rules/listingRules';
import { inPathOrder } from './kWayMerge';
import { MergeError } from './merge';
import type { PartHeader } from './part';
import { PartCursor } from './partCursor';

/** The report fields that precede `files`, as finalizeReport orders them. */
export interface MergedHead {
  readonly version: 1;
  readonly root: string;
  readonly settings: AuditSettings;
  readonly partial: false;
}

/** The report fields that follow `files`. */
export interface MergedTail {
  readonly manifests: ManifestReport[];
  readonly duplicates: NonNullable<AuditReport['duplicates']>;
  readonly dataset: DatasetSummary;
  readonly merged: { readonly parts: number };
}

export interface MergedReport {
  readonly head: MergedHead;
  readonly tail: MergedTail;
  /** The merged files in path order with their dataset findings (reads the parts again; throws MergeError when they changed). */
  files(): AsyncGenerator<FileReport>;
  /** The same files as UTF-8 report text (as jsonChunks' fileEntry writes each, without parsing the part lines),
   *  comma-separated, in batches of about a MiB (the --out / --json writer). */
  entryBytes(): AsyncGenerator<Buffer>;
  /** Called with every file's path and merged findings as files() or entryBytes() pass it (the CLI summary, --fail-on). */
  onFindings?: (f: Pick<FileReport, 'path' | 'findings'>) => void;
}

/** Findings per file fit in 16 bits; a rule's first appearance is keyed fileIndex · 2^16 + position. */
const POSITIONS = 65536;

/** Pass 1 over parts whose headers have been checked; throws MergeError naming every problem found. */
export async function openMerge(parts: readonly { name: string; header: PartHeader }[]): Promise<MergedReport> {
  const { root, settings, manifests: sources, dataset } = parts[0].header;
  const cursors = parts.map((p) => new PartCursor(p.name, p.header));
  const facts: FileFacts[] = [];
  const digest = createHash('sha256');
  const repeated: string[] = [];
  const summary = new SummaryAccumulator();
  // findingsByRule counts in the order rules first appear in the merged files: kept as keys, ordered at the end.
  const ruleCount = new Map<RuleId, number>();
  const ruleFirst = new Map<RuleId, number>();
  const intrinsicCount: number[] = [];
  let hadDatasetFindings = false;
  const countRule = (rule: RuleId, key: number): void => {
    ruleCount.set(rule, (ruleCount.get(rule) ?? 0) + 1);
    if (!ruleFirst.has(rule)) ruleFirst.set(rule, key);
  };
  for await (const c of inPathOrder(cursors)) {
    const f = c.current!;
    const last = facts.length > 0 ? facts[facts.length - 1].path : null;
    if (f.path === last) {
      repeated.push(f.path);
      continue;
    }
    digest.update(`${f.path}\n`);
    let own = f.findings;
    if (own.some((x) => DATASET_RULES.has(x.rule))) {
      hadDatasetFindings = true;
      own = own.filter((x) => !DATASET_RULES.has(x.rule));
    }
    const index = facts.length;
    for (let p = 0; p < own.length; p++) countRule(own[p].rule, index * POSITIONS + p);
    intrinsicCount.push(own.length);
    summary.add(own === f.findings ? f : { ...f, findings: own });
    facts.push({ path: f.path, error: f.error, format: f.format, rmsDbfs: f.rmsDbfs, contentHash: f.contentHash, fingerprint: f.fingerprint });
  }
  const problems = cursors.flatMap((c) => c.problems());
  if (problems.length > 0) throw new MergeError(problems);
  if (repeated.length > 0) throw new MergeError([`${repeated[0]} appears more than once in the parts${repeated.length > 1 ? ` (and ${repeated.length - 1} more paths)` : ''}`]);
  if (facts.length !== dataset.files) {
    throw new MergeError([`the parts hold ${facts.length} files, but the dataset the shards listed had ${dataset.files} (${cursors.map((c) => `${c.name}: ${c.files}`).join(', ')})`]);
  }
  const pathsSha256 = digest.digest('hex');
  if (pathsSha256 !== dataset.pathsSha256) {
    throw new MergeError([`the parts' file paths are not the ${dataset.files} paths the shards listed (paths digest differs)`]);
  }

  // The manifests are checked here, against every part's audio, as a single run checks them after its audit.
  const check = await checkManifests(root, sources ?? [], facts, settings);
  const format = datasetFindings(facts, settings);
  const duplicates = duplicateFindings(facts, settings);
  const listing = listingFindings(facts, check, duplicates.pairs, settings);
  const extraMaps: Map<string, Finding[]>[] = [format, duplicates.files, listing.files];
  const extra = new Map<string, Finding[]>();
  for (const m of extraMaps) for (const [p, list] of m) extra.set(p, [...(extra.get(p) ?? []), ...list]);
  const indexOf = (p: string): number => {
    let lo = 0;
    let hi = facts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (facts[mid].path < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [p, list] of extra) {
    const i = indexOf(p);
    for (let k = 0; k < list.length; k++) countRule(list[k].rule, i * POSITIONS + intrinsicCount[i] + k);
  }
  facts.length = 0; // pass 2 needs only the findings

  const findingsByRule: Partial<Record<RuleId, number>> = {};
  for (const [rule] of [...ruleFirst].sort((x, y) => x[1] - y[1])) findingsByRule[rule] = ruleCount.get(rule)!;
  // The key stays where summarize() puts it; only its insertion order is the merged files' (own then dataset findings).
  const result: DatasetSummary = { ...summary.result(), findingsByRule };
  // Findings on manifest lines count with the files' (the summary, the charts, --fail-on see both).
  for (const m of listing.manifests) for (const x of m.findings) result.findingsByRule[x.rule] = (result.findingsByRule[x.rule] ?? 0) + 1;
  const pairs = duplicates.pairs.map((p) => ({ ...p, leakage: listing.leaking.has(`${p.a}\u0000${p.b}`) }));

  /** Pass 2: the parts again in path order; checks they still hold the files pass 1 read. */
  async function* again<T>(raw: boolean, take: (c: PartCursor) => T): AsyncGenerator<T> {
    const cursors2 = parts.map((p) => new PartCursor(p.name, p.header, raw));
    const digest2 = createHash('sha256');
    let count = 0;
    for await (const c of inPathOrder(cursors2)) {
      digest2.update(`${c.path!}\n`);
      count++;
      yield take(c);
    }
    // A part rewritten between the passes would give a report of two different datasets.
    if (count !== dataset.files || digest2.digest('hex') !== pathsSha256 || cursors2.some((c) => c.problems().length > 0)) {
      throw new MergeError([`the part files changed while they were being merged: ${parts.map((p) => p.name).join(', ')}`]);
    }
  }

  const merged: MergedReport = {
    head: { version: 1, root, settings, partial: false },
    tail: { manifests: listing.manifests, duplicates: pairs, dataset: result, merged: { parts: parts.length } },
    files: () => again(false, (c) => {
      const f = c.current!;
      const own = hadDatasetFindings && f.findings.some((x) => DATASET_RULES.has(x.rule)) ? f.findings.filter((x) => !DATASET_RULES.has(x.rule)) : f.findings;
      const more = extra.get(f.path) ?? [];
      const file = more.length || own !== f.findings ? { ...f, findings: [...own, ...more] } : f;
      merged.onFindings?.(file);
      return file;
    }),
    entryBytes: async function* () {
      const out = new PrettyBytes();
      // Each file's dataset findings, compact JSON, appended after its own.
      const extraBytes = new Map<string, Buffer[]>();
      for (const [p, list] of extra) extraBytes.set(p, list.map((x) => Buffer.from(JSON.stringify(x))));
      let line = Buffer.allocUnsafe(1 << 16);
      let n = 0;
      for await (const c of again(!hadDatasetFindings, (cursor) => cursor)) {
        const path = c.path!;
        // Raw cursors hand over the part's line as bytes. Parts written by fileLine hold no dataset findings; one that
        // does is parsed and re-serialized without them.
        let src = c.lineBytes;
        let start = c.lineStart + c.reportStart;
        let end = c.lineEnd;
        if (hadDatasetFindings) {
          const text = JSON.stringify(withoutDatasetFindings(c.current!));
          if (line.length < 3 * text.length) line = Buffer.allocUnsafe(3 * text.length);
          src = line;
          start = 0;
          end = line.write(text, 0, 'utf8');
        }
        if (n++ > 0) out.byte(COMMA);
        out.entry(src, start, end, extraBytes.get(path) ?? NONE);
        if (merged.onFindings) {
          const own = out.findingsEnd - out.findingsStart > 2 ? (JSON.parse(src.toString('utf8', out.findingsStart, out.findingsEnd)) as Finding[]) : [];
          const more = extra.get(path) ?? [];
          merged.onFindings({ path, findings: more.length ? [...own, ...more] : own });
        }
        if (out.length >= BATCH_BYTES) yield out.take();
      }
      if (out.length > 0) yield out.take();
    },
  };
  return merged;
}

const NONE: readonly Buffer[] = [];

function withoutDatasetFindings(f: FileReport): FileReport {
  return { ...f, findings: f.findings.filter((x) => !DATASET_RULES.has(x.rule)) };
}

/** The whole merged report in memory (for --html, --csv and tests; a million files want entryBytes()). */
export async function collectReport(m: MergedReport): Promise<AuditReport> {
  const files: FileReport[] = [];
  for await (const f of m.files()) files.push(f);
  return { ...m.head, files, ...m.tail };
}
