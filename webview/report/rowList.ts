// A small table of at most a few thousand rows, shown a page at a time ("Show N more"), for the manifest and
// duplicate sections. Rows that do something are keyboard rows: one tab stop (roving tabindex), ↑/↓/Home/End move,
// Enter or Space activates. Text goes in only through textContent.

export interface RowColumn<T> {
  readonly label: string;
  /** Also the cell's class: rl-col-<id>. */
  readonly id: string;
  text(row: T): string;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

export interface RowListOptions<T> {
  readonly id: string;
  readonly columns: readonly RowColumn<T>[];
  /** Rows shown at first and added per "Show more". */
  readonly pageSize: number;
  /** data-severity of a row (colours its severity cell). */
  severity?(row: T): string;
  /** Tooltip of a row. */
  title?(row: T): string;
  /** What a click or Enter does; rows are plain (not focusable) without it. */
  readonly onActivate?: (row: T) => void;
  /** Accessible description of what activating a row does. */
  readonly activateHint?: string;
  /** Marks the row the list is filtered on (aria-selected). */
  selected?(row: T): boolean;
}

export class RowList<T> {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly more: HTMLButtonElement;
  private rows: readonly T[] = [];
  private shown = 0;

  constructor(private readonly o: RowListOptions<T>) {
    this.element = document.createElement('div');
    this.element.className = 'rl';
    const table = document.createElement('table');
    table.id = o.id;
    table.className = 'rl-table';
    if (o.activateHint) table.setAttribute('aria-description', o.activateHint);
    const head = table.createTHead().insertRow();
    for (const c of o.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = `rl-col-${c.id}${c.numeric ? ' num' : ''}`;
      th.textContent = c.label;
      head.append(th);
    }
    this.body = table.createTBody();
    this.more = document.createElement('button');
    this.more.className = 'rl-more';
    this.more.addEventListener('click', () => this.showMore());
    const scroller = document.createElement('div');
    scroller.className = 'rl-scroll';
    scroller.append(table);
    this.element.append(scroller, this.more);
    if (o.onActivate) {
      table.classList.add('rl-active');
      // An interactive table is a grid (its rows can be selected and activated); a read-only one stays a plain table.
      table.setAttribute('role', 'grid');
      this.body.addEventListener('click', (e) => this.activate(e.target));
      this.body.addEventListener('keydown', (e) => this.key(e));
    }
  }

  set(rows: readonly T[]): void {
    this.rows = rows;
    this.body.replaceChildren();
    this.shown = 0;
    this.showMore();
  }

  /** Re-reads `selected` for the rows shown (rows, focus and scroll stay). */
  refreshSelection(): void {
    const selected = this.o.selected;
    if (!selected || !this.o.onActivate) return;
    for (const tr of this.body.rows) tr.setAttribute('aria-selected', String(selected(this.rows[Number(tr.dataset.index)])));
  }

  private showMore(): void {
    const end = Math.min(this.rows.length, this.shown + this.o.pageSize);
    const frag = document.createDocumentFragment();
    for (let i = this.shown; i < end; i++) frag.append(this.row(i));
    this.body.append(frag);
    const firstNew = this.body.rows[this.shown] as HTMLElement | undefined;
    const hadFocus = this.shown > 0 && document.activeElement === this.more;
    this.shown = end;
    const left = this.rows.length - end;
    this.more.hidden = left <= 0;
    this.more.textContent = `Show ${Math.min(left, this.o.pageSize).toLocaleString('en-US')} more (${left.toLocaleString('en-US')} not shown)`;
    if (this.o.onActivate && !this.body.querySelector('tr[tabindex="0"]')) (this.body.rows[0] as HTMLElement | undefined)?.setAttribute('tabindex', '0');
    // Keyboard users continue where the new rows start.
    if (hadFocus && firstNew) this.focusRow(firstNew);
  }

  private row(i: number): HTMLTableRowElement {
    const r = this.rows[i];
    const tr = document.createElement('tr');
    tr.dataset.index = String(i);
    const severity = this.o.severity?.(r);
    if (severity) tr.dataset.severity = severity;
    const title = this.o.title?.(r);
    if (title) tr.title = title;
    if (this.o.onActivate) {
      tr.tabIndex = -1;
      if (this.o.selected) tr.setAttribute('aria-selected', String(this.o.selected(r)));
    }
    for (const c of this.o.columns) {
      const td = tr.insertCell();
      td.className = `rl-col-${c.id}${c.numeric ? ' num' : ''}`;
      td.textContent = c.text(r);
    }
    return tr;
  }

  private rowOf(target: EventTarget | null): HTMLTableRowElement | null {
    return (target as HTMLElement | null)?.closest<HTMLTableRowElement>('tr[data-index]') ?? null;
  }

  private activate(target: EventTarget | null): void {
    const tr = this.rowOf(target);
    if (!tr) return;
    this.focusRow(tr);
    this.o.onActivate?.(this.rows[Number(tr.dataset.index)]);
  }

  private focusRow(tr: HTMLElement): void {
    for (const r of this.body.querySelectorAll('tr[tabindex="0"]')) r.setAttribute('tabindex', '-1');
    tr.tabIndex = 0;
    tr.focus();
  }

  private key(e: KeyboardEvent): void {
    const tr = this.rowOf(e.target);
    if (!tr) return;
    const i = tr.sectionRowIndex;
    const last = this.body.rows.length - 1;
    const to = e.key === 'ArrowDown' ? Math.min(last, i + 1) : e.key === 'ArrowUp' ? Math.max(0, i - 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to >= 0) {
      e.preventDefault();
      this.focusRow(this.body.rows[to]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.activate(tr);
    }
  }
}
