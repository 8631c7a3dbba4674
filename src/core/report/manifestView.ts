// The report's manifests section as the webview needs it: one row per manifest, hours per split, findings by rule,
// the worst findings (capped) and a capped declared-vs-decoded scatter. Small whatever the manifests' size, so it is
// posted as it is, beside the packed file columns.
import type { ManifestReport, RuleId, Severity } from '../types';

/** Manifest findings sent to the webview, worst first; the rest are counted ("N more in the JSON report"). */
export const MAX_MANIFEST_FINDINGS = 5000;
/** Points of the duration scatter (every manifest together); each manifest already keeps at most 2 000 pairs. */
export const MAX_SCATTER_POINTS = 10000;
/** thresholds.manifestDurationSec's default, for reports whose settings predate the rule. */
export const DEFAULT_MANIFEST_DURATION_SEC = 0.1;

export type Split = NonNullable<ManifestReport['split']>;

export interface ManifestRow {
  readonly path: string;
  readonly dialect: ManifestReport['dialect'];
  readonly split: Split | null;
  readonly entries: number;
  readonly declaredSec: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Utterances and declared seconds of one split over all its manifests. */
export interface SplitTotal {
  readonly split: Split | null;
  readonly manifests: number;
  readonly entries: number;
  readonly declaredSec: number;
}

export interface ManifestFindingRow {
  /** Index into ManifestsView.manifests. */
  readonly manifest: number;
  readonly line: number;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly message: string;
}

/** Declared and decoded seconds of whole-file entries, one point per index. */
export interface DurationScatter {
  readonly declared: number[];
  readonly decoded: number[];
  /** Index into ManifestsView.manifests. */
  readonly manifest: number[];
  /** Pairs in the report (the manifests' own samples) before this view's cap. */
  readonly total: number;
  /** |declared − decoded| above this is a manifest-duration-mismatch (the report's threshold). */
  readonly thresholdSec: number;
}

export interface ManifestsView {
  readonly manifests: ManifestRow[];
  readonly splits: SplitTotal[];
  /** Findings (not manifests) per rule, most first, with the worst severity seen. */
  readonly findingsByRule: { rule: RuleId; findings: number; severity: Severity }[];
  /** At most MAX_MANIFEST_FINDINGS, errors first, then warnings, info; each in manifest then line order. */
  readonly findings: ManifestFindingRow[];
  readonly findingCount: number;
  readonly scatter: DurationScatter;
}

const SPLIT_ORDER: readonly (Split | null)[] = ['train', 'dev', 'test', 'eval', null];
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_BY_RANK: readonly Severity[] = ['error', 'warning', 'info'];

/** A Kaldi data dir's segments/utt2dur/text: their entries are the same utterances as its wav.scp's. */
function isKaldiCompanion(m: ManifestReport): boolean {
  return m.dialect === 'kaldi' && !/(^|\/)wav\.scp$/.test(m.path);
}

export function toManifestsView(manifests: readonly ManifestReport[], thresholdSec = DEFAULT_MANIFEST_DURATION_SEC,
  maxFindings = MAX_MANIFEST_FINDINGS, maxPoints = MAX_SCATTER_POINTS): ManifestsView {
  const rows: ManifestRow[] = manifests.map((m) => {
    const bySeverity = [0, 0, 0];
    for (const f of m.findings) bySeverity[SEVERITY_RANK[f.severity]]++;
    return {
      path: m.path, dialect: m.dialect, split: m.split ?? null, entries: m.entries, declaredSec: m.totalDeclaredSec,
      errors: bySeverity[0], warnings: bySeverity[1], infos: bySeverity[2],
    };
  });
  return {
    manifests: rows,
    splits: splitTotals(manifests),
    findingsByRule: manifestFindingsByRule(manifests),
    findings: worstFindings(manifests, maxFindings),
    findingCount: manifests.reduce((n, m) => n + m.findings.length, 0),
    scatter: durationScatter(manifests, thresholdSec, maxPoints),
  };
}

/** Per split in the order train, dev, test, eval, no split; only the splits that have a manifest. */
export function splitTotals(manifests: readonly ManifestReport[]): SplitTotal[] {
  return SPLIT_ORDER.flatMap((split) => {
    const of = manifests.filter((m) => (m.split ?? null) === split);
    if (!of.length) return [];
    let entries = 0;
    let declaredSec = 0;
    for (const m of of) {
      if (!isKaldiCompanion(m)) entries += m.entries;
      declaredSec += m.totalDeclaredSec;
    }
    return [{ split, manifests: of.length, entries, declaredSec }];
  });
}

export function manifestFindingsByRule(manifests: readonly ManifestReport[]): ManifestsView['findingsByRule'] {
  const counts = new Map<RuleId, { findings: number; rank: number }>();
  for (const m of manifests) {
    for (const f of m.findings) {
      const c = counts.get(f.rule) ?? { findings: 0, rank: 2 };
      c.findings++;
      c.rank = Math.min(c.rank, SEVERITY_RANK[f.severity]);
      counts.set(f.rule, c);
    }
  }
  return [...counts.entries()]
    .map(([rule, c]) => ({ rule, findings: c.findings, severity: SEVERITY_BY_RANK[c.rank] }))
    .sort((a, b) => b.findings - a.findings || (a.rule < b.rule ? -1 : 1));
}

/** The first `max` findings by severity, then manifest, then line (findings of a manifest are in line order already). */
export function worstFindings(manifests: readonly ManifestReport[], max = MAX_MANIFEST_FINDINGS): ManifestFindingRow[] {
  const out: ManifestFindingRow[] = [];
  for (let rank = 0; rank < 3 && out.length < max; rank++) {
    for (let i = 0; i < manifests.length && out.length < max; i++) {
      const of: ManifestFindingRow[] = [];
      for (const f of manifests[i].findings) {
        if (SEVERITY_RANK[f.severity] === rank) of.push({ manifest: i, line: f.line, rule: f.rule, severity: f.severity, message: f.message });
      }
      of.sort((a, b) => a.line - b.line);
      for (const f of of) { if (out.length >= max) break; out.push(f); }
    }
  }
  return out;
}

/**
 * At most `max` points: every mismatched pair (off the diagonal by more than the threshold) while they fit, else every
 * k-th of them; the remaining room filled with every k'-th matching pair, over the manifests in order.
 */
export function durationScatter(manifests: readonly ManifestReport[], thresholdSec: number, max = MAX_SCATTER_POINTS): DurationScatter {
  const off = (declared: number, decoded: number) => Math.abs(declared - decoded) > thresholdSec;
  let mismatched = 0;
  let total = 0;
  for (const m of manifests) {
    const p = m.durationPairs ?? [];
    for (let k = 0; k + 1 < p.length; k += 2) { total++; if (off(p[k], p[k + 1])) mismatched++; }
  }
  const strideOf = (count: number, room: number) => (count <= room ? 1 : room > 0 ? Math.ceil(count / room) : Infinity);
  const offStride = strideOf(mismatched, max);
  const keptOff = offStride === Infinity ? 0 : Math.ceil(mismatched / offStride);
  const onStride = strideOf(total - mismatched, max - keptOff);
  const out: DurationScatter = { declared: [], decoded: [], manifest: [], total, thresholdSec };
  let seenOff = 0;
  let seenOn = 0;
  manifests.forEach((m, i) => {
    const p = m.durationPairs ?? [];
    for (let k = 0; k + 1 < p.length; k += 2) {
      // n % Infinity is n, so a stride of Infinity (no room left) is tested apart.
      const keep = off(p[k], p[k + 1]) ? offStride !== Infinity && seenOff++ % offStride === 0 : onStride !== Infinity && seenOn++ % onStride === 0;
      if (!keep) continue;
      out.declared.push(p[k]);
      out.decoded.push(p[k + 1]);
      out.manifest.push(i);
    }
  });
  return out;
}

/** The findings list's filter: one manifest (index), one rule, or both. */
export interface ManifestFindingFilter {
  readonly manifest: number | null;
  readonly rule: RuleId | null;
}

export function filterManifestFindings(findings: readonly ManifestFindingRow[], filter: ManifestFindingFilter): ManifestFindingRow[] {
  return findings.filter((f) => (filter.manifest === null || f.manifest === filter.manifest) && (filter.rule === null || f.rule === filter.rule));
}
