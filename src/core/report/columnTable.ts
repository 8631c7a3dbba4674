// The report table of a large report on the host: filter, sort, counts and histograms over the typed columns of the
// streaming reader, and pages of rows for the webview (which asks for the rows it shows, never all of them).
import type { RuleId, Severity } from '../types';
import { binNumber, histogram, type Histogram } from './histogram';
import { METRICS, referenceLines, type MetricId } from './metrics';
import type { ReportHead } from './load';
import { COLUMN_METRICS, SEVERITIES, type FileColumns } from './streamReader';
import type { SortState, TableFilter } from './table';
import { toDuplicatesView } from './duplicateView';
import { DEFAULT_MANIFEST_DURATION_SEC, toManifestsView } from './manifestView';
import type { PagedSummary, TableRow } from './pagedView';

export type { TableRow } from './pagedView';

/** SEVERITIES index (0 error, 1 warning, 2 info) to table.ts's rank (2 error, 1 warning, 0 info). */
const RANK = [2, 1, 0];

export class ColumnTable {
  /** Worst severity rank per file (-1: no findings). */
  private readonly worst: Int8Array;
  private pathsSorted: boolean | undefined;
  private pathOrder: Uint32Array | undefined;
  private lowerPaths: string | null | undefined;
  private lowerMessages: string[] | undefined;
  private cached: { key: string; rows: Uint32Array } | undefined;

  constructor(readonly files: FileColumns) {
    const n = files.count;
    this.worst = new Int8Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = files.findingStart[i]; k < files.findingStart[i + 1]; k++) {
        const r = RANK[files.findingSeverity[k]];
        if (r > this.worst[i]) this.worst[i] = r;
      }
    }
  }

  get count(): number {
    return this.files.count;
  }

  path(i: number): string {
    return this.files.pathText.slice(this.files.pathStart[i], this.files.pathStart[i + 1]);
  }

  message(k: number): string {
    const f = this.files;
    const m = f.findingMessage[k];
    return f.messageText.slice(f.messageStart[m], f.messageStart[m + 1]);
  }

  /** The file with this path, or -1 (binary search when the files are in path order, as reports write them). */
  indexOf(path: string): number {
    if (this.isPathSorted()) {
      let lo = 0;
      let hi = this.count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const p = this.path(mid);
        if (p === path) return mid;
        if (p < path) lo = mid + 1; else hi = mid - 1;
      }
      return -1;
    }
    for (let i = 0; i < this.count; i++) if (this.path(i) === path) return i;
    return -1;
  }

  /** The rows (file indices) the filter keeps, in the sort's order; the last query's answer is kept for paging. */
  query(filter: TableFilter, sort: SortState): Uint32Array {
    const key = JSON.stringify([filter, sort]);
    if (this.cached?.key === key) return this.cached.rows;
    const rows = this.sort(this.filter(filter), sort);
    this.cached = { key, rows };
    return rows;
  }

  /** Rows start .. start + count - 1 of an ordered list as the table draws them. */
  page(order: Uint32Array, start: number, count: number): TableRow[] {
    const out: TableRow[] = [];
    const stop = Math.min(order.length, start + count);
    for (let r = Math.max(0, start); r < stop; r++) out.push(this.row(order[r]));
    return out;
  }

  row(i: number): TableRow {
    const f = this.files;
    const rules: string[] = [];
    const lines: string[] = [];
    for (let k = f.findingStart[i]; k < f.findingStart[i + 1]; k++) {
      const rule = f.rules[f.findingRule[k]];
      if (!rules.includes(rule)) rules.push(rule);
      lines.push(`${SEVERITIES[f.findingSeverity[k]]}: ${this.message(k)}`);
    }
    const value = (v: number) => (Number.isNaN(v) ? null : v);
    return {
      file: i, path: this.path(i), severity: this.worst[i], rules: rules.join(', '),
      values: [value(f.sampleRate[i]), value(f.channels[i]), value(f.bits[i]), ...COLUMN_METRICS.map((m) => value(f.metrics[m][i]))],
      title: f.errors.get(i) ?? lines.join('\n'),
    };
  }

  filter(filter: TableFilter): Uint32Array {
    const f = this.files;
    const n = f.count;
    const rule = filter.rule === null ? -1 : f.rules.indexOf(filter.rule);
    if (filter.rule !== null && rule < 0) return new Uint32Array(0);
    const severity = filter.severity === null ? -1 : SEVERITIES.indexOf(filter.severity);
    const text = filter.text.trim().toLowerCase();
    const bin = filter.bin;
    const values = bin ? f.metrics[bin.metric] : null;
    if (rule < 0 && severity < 0 && !text && !bin) {
      const all = new Uint32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      return all;
    }
    const paths = text ? this.lowercasePaths() : '';   // null: lowercase path by path
    const messages = text ? this.lowercaseMessages() : [];
    const keep = new Uint32Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const from = f.findingStart[i];
      const to = f.findingStart[i + 1];
      if (rule >= 0 && !has(f.findingRule, from, to, rule)) continue;
      if (severity >= 0 && !has(f.findingSeverity, from, to, severity)) continue;
      if (bin && values) {
        const v = values[i];
        if (Number.isNaN(v) || binNumber(v, bin.width) !== bin.bin) continue;
      }
      if (text && !(paths === null ? this.path(i).toLowerCase() : paths.slice(f.pathStart[i], f.pathStart[i + 1])).includes(text)) {
        let found = false;
        for (let k = from; k < to && !found; k++) found = messages[f.findingMessage[k]].includes(text);
        if (!found) continue;
      }
      keep[kept++] = i;
    }
    return keep.slice(0, kept);
  }

  /** Sorted as table.ts sortRows sorts: nulls last in both directions, ties in path order. */
  sort(rows: Uint32Array, sort: SortState): Uint32Array {
    const dir = sort.descending ? -1 : 1;
    if (sort.column === 'path') {
      const rank = this.pathRank();
      if (!rank && !sort.descending) return rows;   // already in path order
      const list = Array.from(rows);
      list.sort(rank ? (a, b) => (rank[a] - rank[b]) * dir : (a, b) => (a - b) * dir);
      return Uint32Array.from(list);
    }
    const keys = this.sortKeys(sort.column);
    const tie = this.pathRank();
    const list = Array.from(rows);
    list.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      const na = ka !== ka;
      const nb = kb !== kb;
      if (na || nb) return na === nb ? (tie ? tie[a] - tie[b] : a - b) : na ? 1 : -1;
      return ka === kb ? (tie ? tie[a] - tie[b] : a - b) : (ka - kb) * dir;
    });
    return Uint32Array.from(list);
  }

  private sortKeys(column: Exclude<SortState['column'], 'path'>): Float64Array {
    const f = this.files;
    switch (column) {
      case 'severity': return Float64Array.from(this.worst);
      case 'findings': {
        const out = new Float64Array(f.count);
        for (let i = 0; i < f.count; i++) out[i] = f.findingStart[i + 1] - f.findingStart[i];
        return out;
      }
      case 'sampleRate': return f.sampleRate;
      case 'channels': return f.channels;
      case 'bits': return f.bits;
      default: return f.metrics[column];
    }
  }

  /** Files with at least one finding of each rule, largest first (ties by rule name), as table.ts filesByRule. */
  filesByRule(): { rule: RuleId; files: number; severity: Severity }[] {
    const f = this.files;
    const files = new Uint32Array(f.rules.length);
    const rank = new Int8Array(f.rules.length).fill(-1);
    const lastFile = new Int32Array(f.rules.length).fill(-1);
    for (let i = 0; i < f.count; i++) {
      for (let k = f.findingStart[i]; k < f.findingStart[i + 1]; k++) {
        const r = f.findingRule[k];
        if (lastFile[r] !== i) { files[r]++; lastFile[r] = i; }
        const s = RANK[f.findingSeverity[k]];
        if (s > rank[r]) rank[r] = s;
      }
    }
    const names: Severity[] = ['info', 'warning', 'error'];
    return f.rules.map((rule, r) => ({ rule, files: files[r], severity: names[rank[r]] }))
      .sort((a, b) => b.files - a.files || (a.rule < b.rule ? -1 : 1));
  }

  /** Findings by severity over all files (table.ts findingsBySeverity adds the manifests' too: the caller does). */
  findingsBySeverity(): Record<Severity, number> {
    const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const s of this.files.findingSeverity) out[SEVERITIES[s]]++;
    return out;
  }

  /** The histograms the webview draws (metrics.ts reference lines included in the span), metrics with values only. */
  histograms(head: ReportHead): Partial<Record<MetricId, Histogram>> {
    const out: Partial<Record<MetricId, Histogram>> = {};
    for (const m of METRICS) {
      const lines = referenceLines(m.id, head.settings, head.dataset, this.files.expectedZeroBin);
      const h = histogram(this.files.metrics[m.id], { integer: m.integer, include: lines.map((l) => l.value) });
      if (h.counts.length) out[m.id] = h;
    }
    return out;
  }

  private isPathSorted(): boolean {
    if (this.pathsSorted === undefined) {
      let sorted = true;
      let prev = this.count ? this.path(0) : '';
      for (let i = 1; i < this.count && sorted; i++) {
        const p = this.path(i);
        if (p < prev) sorted = false;
        prev = p;
      }
      this.pathsSorted = sorted;
    }
    return this.pathsSorted;
  }

  /** Each file's place in path order; undefined when the files are in path order already. */
  private pathRank(): Uint32Array | undefined {
    if (this.isPathSorted()) return undefined;
    if (!this.pathOrder) {
      const order = Array.from({ length: this.count }, (_, i) => i);
      const paths = order.map((i) => this.path(i));
      order.sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : a - b));
      const rank = new Uint32Array(this.count);
      order.forEach((file, r) => { rank[file] = r; });
      this.pathOrder = rank;
    }
    return this.pathOrder;
  }

  /** The paths lowercased once; null when lowercasing changes the length (offsets would not line up: per path then). */
  private lowercasePaths(): string | null {
    if (this.lowerPaths === undefined) {
      const lower = this.files.pathText.toLowerCase();
      this.lowerPaths = lower.length === this.files.pathText.length ? lower : null;
    }
    return this.lowerPaths;
  }

  private lowercaseMessages(): string[] {
    if (!this.lowerMessages) {
      const f = this.files;
      this.lowerMessages = Array.from({ length: f.messageStart.length - 1 }, (_, m) => f.messageText.slice(f.messageStart[m], f.messageStart[m + 1]).toLowerCase());
    }
    return this.lowerMessages;
  }
}

function has(values: Uint8Array, from: number, to: number, value: number): boolean {
  for (let k = from; k < to; k++) if (values[k] === value) return true;
  return false;
}

/** The paged panel's summary of a large report: the view without file columns, counts and histograms done here. */
export function toPagedSummary(head: ReportHead, table: ColumnTable): PagedSummary {
  const thresholdSec = (head.settings.thresholds as { manifestDurationSec?: number } | undefined)?.manifestDurationSec ?? DEFAULT_MANIFEST_DURATION_SEC;
  const manifests = head.manifests?.length ? toManifestsView(head.manifests, thresholdSec) : null;
  const severity = { ...table.findingsBySeverity() };
  for (const m of manifests?.manifests ?? []) {
    severity.error += m.errors;
    severity.warning += m.warnings;
    severity.info += m.infos;
  }
  return {
    version: 1, root: head.root, partial: head.partial, settings: head.settings, dataset: head.dataset,
    expectedZeroBin: table.files.expectedZeroBin, manifests,
    duplicates: head.duplicates?.length ? toDuplicatesView(head.duplicates) : null,
    mergedParts: head.merged?.parts ?? null,
    fileCount: table.count, filesByRule: table.filesByRule(), findingsBySeverity: severity, histograms: table.histograms(head),
  };
}
