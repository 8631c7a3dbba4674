// Which files the table shows and in what order: filter by rule, severity, text and histogram bin; sort by any column.
import type { RuleId, Severity } from '../types';
import { binNumber } from './histogram';
import type { MetricId } from './metrics';
import type { ReportView } from './view';

export type ColumnId = 'path' | 'severity' | 'findings' | 'sampleRate' | 'channels' | 'bits' | MetricId;

export const COLUMNS: readonly { readonly id: ColumnId; readonly label: string }[] = [
  { id: 'path', label: 'File' },
  { id: 'severity', label: 'Severity' },
  { id: 'findings', label: 'Findings' },
  { id: 'durationSec', label: 'Sec' },
  { id: 'sampleRate', label: 'Hz' },
  { id: 'channels', label: 'Ch' },
  { id: 'bits', label: 'Bits' },
  { id: 'peakDbfs', label: 'Peak' },
  { id: 'rmsDbfs', label: 'RMS' },
  { id: 'dcOffset', label: 'DC' },
  { id: 'zeroBin', label: 'Zero bin' },
  { id: 'melMinDb', label: 'Mel min' },
  { id: 'melMaxDb', label: 'Mel max' },
  { id: 'bandwidthRatio', label: 'Band' },
];

/** A histogram bin as a filter: files whose metric falls in bin number `bin` of width `width` (see binNumber). */
export interface BinFilter {
  readonly metric: MetricId;
  readonly width: number;
  readonly bin: number;
}

export interface TableFilter {
  readonly rule: RuleId | null;
  readonly severity: Severity | null;
  /** Case-insensitive substring of the path or of a finding message. */
  readonly text: string;
  readonly bin: BinFilter | null;
}

export interface SortState {
  readonly column: ColumnId;
  readonly descending: boolean;
}

export const NO_FILTER: TableFilter = { rule: null, severity: null, text: '', bin: null };

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Rank of the worst finding: 2 error, 1 warning, 0 info, -1 none. */
export function worstSeverity(findings: readonly { severity: Severity }[]): number {
  let worst = -1;
  for (const f of findings) worst = Math.max(worst, SEVERITY_RANK[f.severity]);
  return worst;
}

export function filterRows(view: ReportView, filter: TableFilter): number[] {
  const { files } = view;
  const text = filter.text.trim().toLowerCase();
  const values = filter.bin ? files.metrics[filter.bin.metric] : null;
  const out: number[] = [];
  for (let i = 0; i < files.path.length; i++) {
    const findings = files.findings[i];
    if (filter.rule && !findings.some((f) => f.rule === filter.rule)) continue;
    if (filter.severity && !findings.some((f) => f.severity === filter.severity)) continue;
    if (filter.bin && values) {
      const v = values[i];
      if (v === null || binNumber(v, filter.bin.width) !== filter.bin.bin) continue;
    }
    if (text && !files.path[i].toLowerCase().includes(text) && !findings.some((f) => f.message.toLowerCase().includes(text))) continue;
    out.push(i);
  }
  return out;
}

/** Numeric sort key of a column, or null (nulls sort last in both directions). */
export function sortKey(view: ReportView, column: Exclude<ColumnId, 'path'>, i: number): number | null {
  const f = view.files;
  switch (column) {
    case 'severity': return worstSeverity(f.findings[i]);
    case 'findings': return f.findings[i].length;
    case 'sampleRate': return f.sampleRate[i];
    case 'channels': return f.channels[i];
    case 'bits': return f.bits[i];
    default: return f.metrics[column][i];
  }
}

/** Sorts the row indices in place; ties keep path order (the report is sorted by path, so index order). */
export function sortRows(view: ReportView, rows: number[], sort: SortState): number[] {
  const dir = sort.descending ? -1 : 1;
  if (sort.column === 'path') {
    const paths = view.files.path;
    // Code-unit order, the same order the report's files are in.
    return rows.sort((a, b) => (paths[a] < paths[b] ? -dir : paths[a] > paths[b] ? dir : a - b));
  }
  const column = sort.column;
  const keys = new Float64Array(view.files.path.length);
  for (const i of rows) keys[i] = sortKey(view, column, i) ?? NaN;
  return rows.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    const na = Number.isNaN(ka);
    const nb = Number.isNaN(kb);
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return ka === kb ? a - b : (ka - kb) * dir;
  });
}

/** Number of files with at least one finding of each rule, largest first (ties by rule name). */
export function filesByRule(view: ReportView): { rule: RuleId; files: number; severity: Severity }[] {
  const counts = new Map<RuleId, { files: number; rank: number }>();
  for (const findings of view.files.findings) {
    const seen = new Set<RuleId>();
    for (const f of findings) {
      const c = counts.get(f.rule) ?? { files: 0, rank: -1 };
      if (!seen.has(f.rule)) { c.files++; seen.add(f.rule); }
      c.rank = Math.max(c.rank, SEVERITY_RANK[f.severity]);
      counts.set(f.rule, c);
    }
  }
  const names: Severity[] = ['info', 'warning', 'error'];
  return [...counts.entries()]
    .map(([rule, c]) => ({ rule, files: c.files, severity: names[c.rank] }))
    .sort((a, b) => b.files - a.files || (a.rule < b.rule ? -1 : 1));
}

/** Findings counted by severity over all files. */
export function findingsBySeverity(view: ReportView): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const findings of view.files.findings) for (const f of findings) out[f.severity]++;
  // Findings on manifest lines count too, as in the status bar and --fail-on.
  for (const m of view.manifests?.manifests ?? []) {
    out.error += m.errors;
    out.warning += m.warnings;
    out.info += m.infos;
  }
  return out;
}
