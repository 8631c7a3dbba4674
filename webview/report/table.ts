// A virtualized table: fixed row height, a spacer sized to all rows, and only the visible rows in the DOM.
// Text goes in only through textContent, so file names and messages can never become markup.
import { COLUMNS, worstSeverity, type ColumnId, type SortState } from '../../src/core/report/table';
import type { ReportView } from '../../src/core/report/view';

export const ROW_HEIGHT = 22;
const OVERSCAN = 6;
const SEVERITY_NAME = ['info', 'warning', 'error'];

function cellText(view: ReportView, column: ColumnId, i: number): string {
  const f = view.files;
  // toFixed keeps the sign of values that round to zero ("-0.00000"); drop it.
  const fixed = (v: number | null, d: number) => (v === null ? '' : v.toFixed(d).replace(/^-(0\.?0*)$/, '$1'));
  switch (column) {
    case 'path': return f.path[i];
    case 'severity': { const w = worstSeverity(f.findings[i]); return w < 0 ? '' : SEVERITY_NAME[w]; }
    case 'findings': return [...new Set(f.findings[i].map((x) => x.rule))].join(', ');
    case 'sampleRate': return fixed(f.sampleRate[i], 0);
    case 'channels': return fixed(f.channels[i], 0);
    case 'bits': return fixed(f.bits[i], 0);
    case 'durationSec': return fixed(f.metrics.durationSec[i], 2);
    case 'dcOffset': return fixed(f.metrics.dcOffset[i], 5);
    case 'zeroBin': return fixed(f.metrics.zeroBin[i], 0);
    case 'bandwidthRatio': return fixed(f.metrics.bandwidthRatio[i], 2);
    default: return fixed(f.metrics[column][i], 1);
  }
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
  private view: ReportView | null = null;
  private rows: readonly number[] = [];
  private sort: SortState = { column: 'path', descending: false };
  private frame = 0;

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

  set(view: ReportView, rows: readonly number[], sort: SortState, scrollTop?: number): void {
    this.view = view;
    this.rows = rows;
    this.sort = sort;
    for (const cell of this.header.children) {
      const el = cell as HTMLElement;
      const col = COLUMNS.find((c) => c.id === el.dataset.column);
      const arrow = col && col.id === sort.column ? (sort.descending ? ' ▼' : ' ▲') : '';
      el.textContent = (col?.label ?? '') + arrow;
      el.setAttribute('aria-sort', arrow ? (sort.descending ? 'descending' : 'ascending') : 'none');
    }
    // CSSOM height (not a style attribute), allowed under the webview CSP.
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    if (scrollTop !== undefined) this.viewport.scrollTop = scrollTop;
    for (const row of this.pool) row.dataset.pos = '';
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
      this.cb.onScroll(this.viewport.scrollTop);
    });
  }

  private open(target: EventTarget | null): void {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>('.vt-row');
    const index = row?.dataset.file;
    if (this.view && index !== undefined && index !== '') this.cb.onOpen(this.view.files.path[Number(index)]);
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
        row.append(cell);
      }
      this.spacer.append(row);
      this.pool.push(row);
    }
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const height = this.viewport.clientHeight || 400;
    const start = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(this.rows.length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    if (this.pool.length < end - start) {
      this.grow(end - start);
      for (const row of this.pool) row.dataset.pos = '';
    }
    // Row r lives in slot r mod pool size: rows still visible after a scroll keep their element and their text.
    const size = this.pool.length;
    for (let r = start; r < end; r++) {
      const row = this.pool[r % size];
      const i = this.rows[r];
      const key = `${r}:${i}`;
      if (row.dataset.pos === key && !row.hidden) continue;
      row.dataset.pos = key;
      row.hidden = false;
      row.style.transform = `translateY(${r * ROW_HEIGHT}px)`;
      row.dataset.file = String(i);
      const w = worstSeverity(view.files.findings[i]);
      row.dataset.severity = w < 0 ? '' : SEVERITY_NAME[w];
      row.title = view.files.error[i] ?? view.files.findings[i].map((f) => `${f.severity}: ${f.message}`).join('\n');
      const cells = row.children;
      for (let c = 0; c < COLUMNS.length; c++) cells[c].textContent = cellText(view, COLUMNS[c].id, i);
    }
    for (const row of this.pool) {
      const r = Number((row.dataset.pos ?? '').split(':')[0]);
      if (!row.dataset.pos || r < start || r >= end) {
        row.hidden = true;
        row.dataset.pos = '';
      }
    }
  }

  /** Forces a redraw of every visible row (after a live update replaced the view). */
  invalidate(): void {
    for (const row of this.pool) row.dataset.pos = '';
    this.render();
  }
}
