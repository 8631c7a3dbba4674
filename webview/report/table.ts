// A virtualized table: fixed row height, a spacer sized to all rows, and only the visible rows in the DOM.
// Rows come from a RowSource: the whole view in the webview, or pages of a large report asked from the host.
// Text goes in only through textContent and Text node data, so file names and messages can never become markup.
import type { TableRow } from '../../src/core/report/pagedView';
import { COLUMNS, worstSeverity, type ColumnId, type SortState } from '../../src/core/report/table';
import { METRIC_IDS, type ReportView } from '../../src/core/report/view';

export const ROW_HEIGHT = 22;
// Rows drawn beyond each edge of the viewport: few, because every drawn row costs the frame that shows a fetched page.
const OVERSCAN = 2;
const SEVERITY_NAME = ['info', 'warning', 'error'];

/** The table's rows in display order; row(r) is undefined while its page is on its way from the host. */
export interface RowSource {
  readonly length: number;
  /** The file index at row r (undefined while its page is on its way): cheap, checked before a row is built. */
  fileAt(r: number): number | undefined;
  row(r: number): TableRow | undefined;
  /** Called after each render: a source that fetches rows asks for the ones it lacked, at once. */
  flush?(): void;
}

/** The rows of a view the webview holds whole (filtered and sorted here). */
export class ViewRows implements RowSource {
  constructor(private readonly view: ReportView, private readonly rows: readonly number[]) {}

  get length(): number {
    return this.rows.length;
  }

  fileAt(r: number): number {
    return this.rows[r];
  }

  row(r: number): TableRow {
    const f = this.view.files;
    const i = this.rows[r];
    const findings = f.findings[i];
    return {
      file: i, path: f.path[i], severity: worstSeverity(findings),
      rules: [...new Set(findings.map((x) => x.rule))].join(', '),
      values: [f.sampleRate[i], f.channels[i], f.bits[i], ...METRIC_IDS.map((m) => f.metrics[m][i])],
      title: f.error[i] ?? findings.map((x) => `${x.severity}: ${x.message}`).join('\n'),
    };
  }
}

const VALUE_INDEX: Partial<Record<ColumnId, number>> = { sampleRate: 0, channels: 1, bits: 2 };
METRIC_IDS.forEach((m, k) => { VALUE_INDEX[m] = 3 + k; });

function cellText(row: TableRow, column: ColumnId): string {
  // toFixed keeps the sign of values that round to zero ("-0.00000"); drop it.
  const fixed = (v: number | null | undefined, d: number) => (v === null || v === undefined ? '' : v.toFixed(d).replace(/^-(0\.?0*)$/, '$1'));
  const v = row.values[VALUE_INDEX[column] ?? -1];
  switch (column) {
    case 'path': return row.path;
    case 'severity': return row.severity < 0 ? '' : SEVERITY_NAME[row.severity];
    case 'findings': return row.rules;
    case 'sampleRate': case 'channels': case 'bits': case 'zeroBin': return fixed(v, 0);
    case 'durationSec': return fixed(v, 2);
    case 'dcOffset': return fixed(v, 5);
    case 'bandwidthRatio': return fixed(v, 2);
    default: return fixed(v, 1);
  }
}

/** The row an element holds (its key is "row:file"). */
function rowOf(el: HTMLElement): number {
  return Number((el.dataset.pos ?? '').split(':')[0]);
}

export interface TableCallbacks {
  onSort(sort: SortState): void;
  onOpen(path: string): void;
  onScroll(scrollTop: number): void;
}

export class VirtualTable {
  private readonly header: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private source: RowSource | null = null;
  private sort: SortState = { column: 'path', descending: false };
  private frame = 0;
  private sweep = 0;

  constructor(root: HTMLElement, private readonly cb: TableCallbacks) {
    this.header = document.createElement('div');
    this.header.className = 'vt-row vt-header';
    this.header.setAttribute('role', 'row');
    for (const col of COLUMNS) {
      const cell = document.createElement('button');
      cell.className = `vt-cell vt-col-${col.id}`;
      cell.dataset.column = col.id;
      cell.setAttribute('role', 'columnheader');
      cell.addEventListener('click', () => {
        const descending = this.sort.column === col.id ? !this.sort.descending : false;
        this.cb.onSort({ column: col.id, descending });
      });
      this.header.append(cell);
    }
    this.viewport = document.createElement('div');
    this.viewport.className = 'vt-viewport';
    this.viewport.setAttribute('role', 'rowgroup');
    this.viewport.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vt-spacer';
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.viewport.addEventListener('click', (e) => this.open(e.target));
    this.viewport.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.open(e.target); });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
    root.setAttribute('role', 'grid');
    root.append(this.header, this.viewport);
  }

  get scrollTop(): number {
    return this.viewport.scrollTop;
  }

  /** The rows [first, last) the viewport shows now (without the overscan). */
  get visibleRange(): { first: number; last: number } {
    const height = this.viewport.clientHeight || 400;
    const first = Math.floor(this.viewport.scrollTop / ROW_HEIGHT);
    return { first, last: Math.min(this.source?.length ?? 0, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT)) };
  }

  set(source: RowSource, sort: SortState, scrollTop?: number): void {
    this.source = source;
    this.sort = sort;
    for (const cell of this.header.children) {
      const el = cell as HTMLElement;
      const col = COLUMNS.find((c) => c.id === el.dataset.column);
      const arrow = col && col.id === sort.column ? (sort.descending ? ' ▼' : ' ▲') : '';
      el.textContent = (col?.label ?? '') + arrow;
      el.setAttribute('aria-sort', arrow ? (sort.descending ? 'descending' : 'ascending') : 'none');
    }
    // CSSOM height (not a style attribute), allowed under the webview CSP.
    this.spacer.style.height = `${source.length * ROW_HEIGHT}px`;
    if (scrollTop !== undefined) this.viewport.scrollTop = scrollTop;
    for (const row of this.pool) row.dataset.pos = '';
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      // Read before drawing: reading it after would force a layout inside this frame callback.
      const top = this.viewport.scrollTop;
      this.render();
      this.cb.onScroll(top);
    });
  }

  /** The rows [start, end) to draw: the visible ones and the overscan on both sides. */
  private span(length: number): { start: number; end: number } {
    const height = this.viewport.clientHeight || 400;
    const start = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    return { start, end: Math.min(length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN) };
  }

  private open(target: EventTarget | null): void {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>('.vt-row');
    const r = row?.dataset.row;
    const data = r !== undefined && r !== '' ? this.source?.row(Number(r)) : undefined;
    if (data) this.cb.onOpen(data.path);
  }

  private grow(size: number): void {
    while (this.pool.length < size) {
      const row = document.createElement('div');
      row.className = 'vt-row';
      row.setAttribute('role', 'row');
      row.tabIndex = -1;
      row.hidden = true;
      for (const col of COLUMNS) {
        const cell = document.createElement('span');
        cell.className = `vt-cell vt-col-${col.id}`;
        cell.setAttribute('role', 'gridcell');
        // One text node per cell for good: a new row sets its data, which costs less layout than a textContent swap.
        cell.append(document.createTextNode(''));
        row.append(cell);
      }
      this.spacer.append(row);
      this.pool.push(row);
    }
  }

  private render(): void {
    const source = this.source;
    if (!source) return;
    const { start, end } = this.span(source.length);
    if (this.pool.length < end - start) {
      this.grow(end - start);
      for (const row of this.pool) row.dataset.pos = '';
    }
    // Row r lives in slot r mod pool size: rows still visible after a scroll keep their element and their text.
    const size = this.pool.length;
    for (let r = start; r < end; r++) {
      const file = source.fileAt(r);
      // A row whose page is on its way is not drawn: its place shows empty until the page comes, and the frame that
      // sends the request does no DOM work (the request leaves the webview only after that frame).
      if (file === undefined) continue;
      const el = this.pool[r % size];
      const key = `${r}:${file}`;
      // Drawn already: back in the accessibility tree if a pause out of view took it out.
      if (el.dataset.pos === key && !el.hidden) { el.removeAttribute('aria-hidden'); continue; }
      const data = source.row(r);
      if (!data) continue;
      el.dataset.pos = key;
      el.dataset.row = String(r);
      el.hidden = false;
      el.removeAttribute('aria-hidden');
      el.style.transform = `translateY(${r * ROW_HEIGHT}px)`;
      el.dataset.file = String(data.file);
      el.dataset.severity = data.severity >= 0 ? SEVERITY_NAME[data.severity] : '';
      el.title = data.title;
      const cells = el.children;
      for (let c = 0; c < COLUMNS.length; c++) (cells[c].firstChild as Text).data = cellText(data, COLUMNS[c].id);
    }
    // Rows past the end go. A row a scroll left out of the span stays laid out, out of view, until its slot is reused:
    // hiding it would cost the next draw a style pass to show it again. A moment later it leaves the accessibility tree
    // (an attribute no style rule reads, so no style pass).
    for (const row of this.pool) {
      if (!row.hidden && (!row.dataset.pos || rowOf(row) >= source.length)) {
        row.hidden = true;
        row.dataset.pos = '';
      }
    }
    clearTimeout(this.sweep);
    this.sweep = window.setTimeout(() => this.muteStaleRows(), 250);
    source.flush?.();
  }

  private muteStaleRows(): void {
    const { start, end } = this.span(this.source?.length ?? 0);
    for (const row of this.pool) {
      if (!row.hidden && row.dataset.pos && (rowOf(row) < start || rowOf(row) >= end)) row.setAttribute('aria-hidden', 'true');
    }
  }

  /** Draws the rows a page just brought (rows already drawn stay as they are). */
  refresh(): void {
    this.render();
  }

  /** Forces a redraw of every visible row (after a live update replaced the view). */
  invalidate(): void {
    for (const row of this.pool) row.dataset.pos = '';
    this.render();
  }
}
