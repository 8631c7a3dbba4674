// Dataset rules that join the audio with the manifests: manifest-unlisted-audio (a file under a manifest's folder
// that no manifest lists) and split-leakage (the same audio, by path or by content, in two different splits).
import type { AuditSettings, FileReport, Finding, ManifestFinding, ManifestReport } from '../types';
import type { Listing, ManifestCheck } from '../manifest/check';
import { manifestFinding } from '../manifest/check';
import { FindingList } from './severity';

/** Two files whose decoded audio is the same (exact) or nearly (near: the fingerprint matched). */
export interface SameAudio {
  readonly a: string;
  readonly b: string;
  readonly kind: 'exact' | 'near';
  readonly ber: number;
}

export interface ListingFindings {
  readonly files: Map<string, Finding[]>;
  /** The manifests with their split-leakage line findings added. */
  readonly manifests: ManifestReport[];
  /** The same-audio pairs that cross splits, as "a\u0000b". */
  readonly leaking: Set<string>;
}

const isUnder = (dir: string, rel: string): boolean => dir === '' || rel.startsWith(`${dir}/`);

export function listingFindings(
  files: readonly Pick<FileReport, 'path'>[], check: ManifestCheck, sameAudio: readonly SameAudio[], settings: AuditSettings,
): ListingFindings {
  const out = new Map<string, FindingList>();
  const listFor = (p: string) => {
    let l = out.get(p);
    if (!l) out.set(p, (l = new FindingList(settings)));
    return l;
  };
  const extra = check.reports.map(() => [] as ManifestFinding[]);
  const where = (l: Listing) => `${check.reports[l.report].path} line ${l.line}`;
  const leaking = new Set<string>();
  const splitsOf = (rel: string) => (check.listed.get(rel) ?? []).filter((l) => l.split !== null);

  for (const f of files) {
    if (check.listed.has(f.path)) continue;
    const dirs = check.coveredDirs.filter((d) => isUnder(d, f.path));
    if (dirs.length === 0) continue;
    const names = check.reports.filter((r) => dirs.some((d) => isUnder(d, r.path))).map((r) => r.path);
    listFor(f.path).add('manifest-unlisted-audio', `No manifest lists this file, though ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} cover its folder.`);
  }

  // The same path in two splits.
  for (const [rel, listings] of check.listed) {
    const splits = new Set(listings.map((l) => l.split).filter((s) => s !== null));
    if (splits.size < 2) continue;
    const named = listings.filter((l) => l.split !== null);
    listFor(rel).add('split-leakage', `This file is listed in ${splits.size} splits: ${named.map((l) => `${l.split} (${where(l)})`).join(', ')}.`);
    for (const l of named) {
      const others = named.filter((o) => o.split !== l.split);
      const x = manifestFinding(settings, 'split-leakage', l.line, `Its audio ${JSON.stringify(rel)} is also listed in ${others.map((o) => `${o.split} (${where(o)})`).join(', ')}: the same audio in two splits.`);
      if (x) extra[l.report].push(x);
    }
  }

  // Different paths, same audio, different splits.
  for (const { a, b, kind } of sameAudio) {
    const sa = splitsOf(a);
    const sb = splitsOf(b);
    const crossing = sa.flatMap((x) => sb.filter((y) => y.split !== x.split).map((y) => [x, y] as const));
    if (crossing.length === 0) continue;
    leaking.add(`${a}\u0000${b}`);
    const how = kind === 'exact' ? 'identical samples' : 'audio fingerprint match';
    const [x, y] = crossing[0];
    listFor(a).add('split-leakage', `The same audio as ${JSON.stringify(b)} (${how}) is in ${y.split} (${where(y)}) while this file is in ${x.split} (${where(x)}).`);
    listFor(b).add('split-leakage', `The same audio as ${JSON.stringify(a)} (${how}) is in ${x.split} (${where(x)}) while this file is in ${y.split} (${where(y)}).`);
    for (const [l, other, otherRel] of [[x, y, b], [y, x, a]] as const) {
      const f = manifestFinding(settings, 'split-leakage', l.line, `Its audio is the same as ${JSON.stringify(otherRel)} (${how}), listed in ${other.split} (${where(other)}).`);
      if (f) extra[l.report].push(f);
    }
  }

  const manifests = check.reports.map((r, i) => (extra[i].length
    ? { ...r, findings: [...r.findings, ...extra[i]].sort((p, q) => p.line - q.line) }
    : r));
  const files_ = new Map<string, Finding[]>();
  for (const [p, l] of out) if (l.items.length) files_.set(p, l.items);
  return { files: files_, manifests, leaking };
}
