// Merges part bodies in bounded memory, in two streamed passes over the parts (each a k-way merge in path order):
//   1. the facts the dataset rules read (FileFacts: path, format, level, content hash, fingerprint) and the paths'
//      digest; then the manifests are checked and the dataset rules decided, as finalizeReport decides them;
//   2. every file again, its dataset findings added, summarized (SummaryAccumulator) and handed to the writer.
// Path order is the single run's order, so sums, tallies and pairs come out in the same order, bit for bit.
import { createHash } from 'node:crypto';
import type { AuditReport, AuditSettings, DatasetSummary, FileFacts, FileReport, Finding, ManifestReport } from '../types';
import { SummaryAccumulator } from '../audit/finalize';
import { checkManifests } from '../manifest/check';
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
  /** The merged files in path order with their dataset findings; iterate once (pass 2 reads the parts again). */
  readonly files: AsyncIterable<FileReport>;
  /** Once `files` has been iterated to its end. */
  tail(): MergedTail;
}

/** Pass 1 over parts whose headers have been checked; throws MergeError naming every problem found. */
export async function openMerge(parts: readonly { name: string; header: PartHeader }[]): Promise<MergedReport> {
  const { root, settings, manifests: sources, dataset } = parts[0].header;
  const cursors = parts.map((p) => new PartCursor(p.name, p.header));
  const facts: FileFacts[] = [];
  const digest = createHash('sha256');
  const repeated: string[] = [];
  for await (const f of inPathOrder(cursors)) {
    const last = facts.length > 0 ? facts[facts.length - 1].path : null;
    if (f.path === last) {
      repeated.push(f.path);
      continue;
    }
    digest.update(`${f.path}\n`);
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
  const extra: Map<string, Finding[]>[] = [format, duplicates.files, listing.files];
  facts.length = 0; // pass 2 needs only the findings

  const summary = new SummaryAccumulator();
  let done = false;
  async function* files(): AsyncGenerator<FileReport> {
    const again = parts.map((p) => new PartCursor(p.name, p.header));
    const digest2 = createHash('sha256');
    let count = 0;
    for await (const f of inPathOrder(again)) {
      digest2.update(`${f.path}\n`);
      count++;
      const intrinsic = f.findings.some((x) => DATASET_RULES.has(x.rule)) ? f.findings.filter((x) => !DATASET_RULES.has(x.rule)) : f.findings;
      const more = extra.flatMap((m) => m.get(f.path) ?? []);
      const merged = more.length || intrinsic !== f.findings ? { ...f, findings: [...intrinsic, ...more] } : f;
      summary.add(merged);
      yield merged;
    }
    // A part rewritten between the passes would give a report of two different datasets.
    if (count !== dataset.files || digest2.digest('hex') !== pathsSha256 || again.some((c) => c.problems().length > 0)) {
      throw new MergeError([`the part files changed while they were being merged: ${parts.map((p) => p.name).join(', ')}`]);
    }
    done = true;
  }

  return {
    head: { version: 1, root, settings, partial: false },
    files: files(),
    tail(): MergedTail {
      if (!done) throw new Error('MergedReport.tail() before its files were read');
      const result = summary.result();
      // Findings on manifest lines count with the files' (the summary, the charts, --fail-on see both).
      for (const m of listing.manifests) for (const x of m.findings) result.findingsByRule[x.rule] = (result.findingsByRule[x.rule] ?? 0) + 1;
      const pairs = duplicates.pairs.map((p) => ({ ...p, leakage: listing.leaking.has(`${p.a}\u0000${p.b}`) }));
      return { manifests: listing.manifests, duplicates: pairs, dataset: result, merged: { parts: parts.length } };
    },
  };
}

/** The whole merged report in memory (for --html, --csv and tests; a million files want the streamed writer). */
export async function collectReport(m: MergedReport): Promise<AuditReport> {
  const files: FileReport[] = [];
  for await (const f of m.files) files.push(f);
  const { manifests, duplicates, dataset, merged } = m.tail();
  return { ...m.head, files, manifests, duplicates, dataset, merged };
}
