// Merges the parts of a sharded audit into the report one machine would have written: a pure function of the parts.
// Every check names the part files involved; nothing is merged unless all of them pass.
import type { ManifestCheck } from '../manifest/check';
import type { AuditReport, FileReport } from '../types';
import { finalizeReport } from '../audit/finalize';
import { stableJson } from '../cache';
import { checkShard, shardOf } from './assign';
import { datasetIdentity, type EndRecord, type PartHeader } from './part';

/** One part as read: `problem` is set when a line could not be read (the reader stops there). */
export interface PartContents {
  readonly name: string;
  readonly header: PartHeader;
  readonly files: FileReport[];
  readonly end: EndRecord | null;
  readonly problem?: string;
}

export class MergeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** At most this many misplaced files are named per part; the rest are counted. */
const NAMED_FILES = 3;

/** What is inconsistent between the parts' headers (empty when they belong together and none is missing). */
export function headerProblems(parts: readonly { name: string; header: PartHeader }[]): string[] {
  if (parts.length === 0) return ['no part files given'];
  const problems: string[] = [];
  for (const { name, header } of parts) {
    const bad = checkShard(header.shard.index, header.shard.count);
    if (typeof bad === 'string') problems.push(`${name}: shard ${bad}`);
  }
  const differ = (what: string, key: (h: PartHeader) => string, show: (h: PartHeader) => string): boolean => {
    const groups = new Map<string, { shown: string; names: string[] }>();
    for (const { name, header } of parts) {
      const k = key(header);
      const g = groups.get(k) ?? { shown: show(header), names: [] };
      g.names.push(name);
      groups.set(k, g);
    }
    if (groups.size < 2) return false;
    problems.push(`${what}: ${[...groups.values()].map((g) => `${g.shown} (${g.names.join(', ')})`).join('; ')}`);
    return true;
  };
  differ('the parts were written by different audio-audit versions', (h) => h.toolVersion, (h) => h.toolVersion);
  differ('the parts audited different roots', (h) => h.root, (h) => h.root);
  const first = parts[0].header.settings as unknown as Record<string, unknown>;
  differ(
    'the parts were made with different settings',
    (h) => stableJson(h.settings),
    (h) => {
      const s = h.settings as unknown as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(first), ...Object.keys(s)])].filter((k) => stableJson(first[k]) !== stableJson(s[k]));
      return keys.length ? `${keys.join(', ')} differing from ${parts[0].name}` : `the settings of ${parts[0].name}`;
    },
  );
  differ(
    'the dataset changed between the shards (each lists the whole tree)',
    (h) => `${h.dataset.files} ${h.dataset.pathsSha256}`,
    (h) => `${h.dataset.files} files, paths digest ${h.dataset.pathsSha256.slice(0, 12)}`,
  );
  differ('the parts found different manifests', (h) => stableJson(h.manifests ?? []), (h) => `${(h.manifests ?? []).length} manifests`);
  if (differ('the parts split the dataset into different shard counts', (h) => String(h.shard.count), (h) => `${h.shard.count} shards`)) {
    return problems;
  }
  const count = parts[0].header.shard.count;
  const byIndex = new Map<number, string[]>();
  for (const { name, header } of parts) byIndex.set(header.shard.index, [...(byIndex.get(header.shard.index) ?? []), name]);
  for (const [index, names] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (names.length > 1) problems.push(`shard ${index}/${count} was given more than once: ${names.join(', ')}`);
  }
  const missing: number[] = [];
  for (let i = 0; i < count && missing.length <= 20; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).map((i) => `${i}/${count}`).join(', ');
    const given = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i} (${byIndex.get(i)!.join(', ')})`);
    problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${shown}${missing.length > 20 ? ', …' : ''} of ${count}; given: ${given.join(', ')}`);
  }
  return problems;
}

/** What is wrong inside one part: a cut or unreadable line, no end record, files that belong to another shard. */
export function bodyProblems(part: PartContents): string[] {
  const problems: string[] = [];
  const { name, header, files, end } = part;
  if (part.problem !== undefined) problems.push(`${name}: ${part.problem}`);
  else if (end === null) {
    problems.push(`${name} is truncated: no end record after its ${files.length} file record${files.length === 1 ? '' : 's'} (the task was stopped, failed or is still running)`);
  } else if (end.files !== files.length) {
    problems.push(`${name}: its end record counts ${end.files} files, but it holds ${files.length}`);
  }
  const misplaced = files.filter((f) => shardOf(f.path, header.shard.count) !== header.shard.index);
  if (misplaced.length > 0) {
    const named = misplaced.slice(0, NAMED_FILES).map((f) => `${f.path} (shard ${shardOf(f.path, header.shard.count)})`);
    const more = misplaced.length > NAMED_FILES ? ` and ${misplaced.length - NAMED_FILES} more` : '';
    problems.push(`${name} is shard ${header.shard.index}/${header.shard.count} but holds files of other shards: ${named.join(', ')}${more}`);
  }
  return problems;
}

/**
 * The dataset report of all parts: finalizeReport over their files (dataset rules, summary, normalization statistics),
 * exactly as a single run finalizes its files. Throws MergeError listing every problem found.
 */
export function mergeParts(parts: readonly PartContents[], manifests?: ManifestCheck): AuditReport {
  const problems = headerProblems(parts);
  for (const p of parts) problems.push(...bodyProblems(p));
  if (problems.length > 0) throw new MergeError(problems);

  const { root, settings, dataset } = parts[0].header;
  const files: FileReport[] = [];
  for (const p of parts) for (const f of p.files) files.push(f);
  const report = finalizeReport(root, settings, files, false, manifests);
  for (let i = 1; i < report.files.length; i++) {
    if (report.files[i].path === report.files[i - 1].path) throw new MergeError([`${report.files[i].path} appears more than once in the parts`]);
  }
  if (files.length !== dataset.files) {
    throw new MergeError([`the parts hold ${files.length} files, but the dataset the shards listed had ${dataset.files} (${parts.map((p) => `${p.name}: ${p.files.length}`).join(', ')})`]);
  }
  if (datasetIdentity(report.files.map((f) => f.path)).pathsSha256 !== dataset.pathsSha256) {
    throw new MergeError([`the parts' file paths are not the ${dataset.files} paths the shards listed (paths digest differs)`]);
  }
  return { ...report, merged: { parts: parts.length } };
}
