// The report webview: summary cards, findings and histogram charts, manifests and duplicates sections, normalization
// panel and the file table.
// Runs inside VS Code (data by postMessage) and in the standalone HTML export (data from a JSON script block).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { Chart } from 'chart.js';
import type { HostToReport, ReportProgress, ReportUiState } from '../../src/protocol/report';
import type { RuleId, Severity } from '../../src/core/types';
import { card, chartBox, el } from './dom';
import { histogram, type Histogram } from '../../src/core/report/histogram';
import { METRICS, referenceLines, type MetricId } from '../../src/core/report/metrics';
import { filesByRule, filterRows, findingsBySeverity, NO_FILTER, sortRows, type SortState, type TableFilter } from '../../src/core/report/table';
import { formatDuration, formatLines } from '../../src/core/report/format';
import { unpackView } from '../../src/core/report/pack';
import type { ReportView } from '../../src/core/report/view';
import type { PagedSummary } from '../../src/core/report/pagedView';
import type { TableRow } from '../../src/core/report/pagedView';
import { findingsChart, histogramChart, melBandChart } from './charts';
import { connectHost } from './host';
import { DuplicateSection, ManifestSection } from './sections';
import { ROW_HEIGHT, ViewRows, VirtualTable, type RowSource } from './table';
import { chartColors, onThemeChange } from './theme';

const RULES: RuleId[] = ['unreadable', 'empty', 'constant-signal', 'non-finite', 'truncated', 'minmax-zero-shift', 'dc-offset',
  'near-silent', 'clipping', 'stereo-downmix-loss', 'sample-rate-mismatch', 'channel-mismatch', 'bit-depth-mismatch',
  'loudness-outlier', 'padded-bit-depth', 'mel-clipped-high', 'mel-below-floor', 'decode-error', 'band-limited', 'nonstandard-header',
  'duplicate-audio', 'near-duplicate-audio', 'split-leakage', 'manifest-unlisted-audio'];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

const host = connectHost();
const saved = host.getState();
let view: ReportView | null = null;
/** A large report paged from the host (then `view` is null): its cards, charts and row count; rows by request. */
let paged: PagedSummary | null = null;
let filter: TableFilter = saved?.filter ?? NO_FILTER;
let sort: SortState = saved?.sort ?? { column: 'path', descending: false };
let pendingScroll: number | undefined = saved?.scrollTop;
let histograms = new Map<MetricId, Histogram>();
let charts: Chart[] = [];
/** Where the time of the last report message went, sent once with the next 'rendered' (for the host's log). */
let phases: Record<string, number> | undefined;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

// ---- static skeleton (built with DOM calls, no innerHTML) ----
const app = byId<HTMLElement>('app');
const progressBox = el('div', 'progress');
progressBox.hidden = true;
const progressBar = document.createElement('vscode-progress-bar');
const progressText = el('span', 'muted');
const cancelButton = document.createElement('vscode-button');
cancelButton.id = 'cancel-loading';
cancelButton.secondary = true;
cancelButton.textContent = 'Cancel';
cancelButton.hidden = true;
cancelButton.addEventListener('click', () => host.post({ type: 'cancelLoading' }));
progressBox.append(progressText, progressBar, cancelButton);
const title = el('h1', 'title');
const subtitle = el('div', 'muted subtitle');
const mergedLine = el('div', 'muted merged');
mergedLine.id = 'merged-parts';
mergedLine.hidden = true;
const empty = el('p', 'muted', 'No audit yet. Run "Audio Audit: Audit Workspace" (or Audit Folder…) to fill this report.');
const cards = el('section', 'cards');
const chartsGrid = el('section', 'charts');
const norm = el('section', 'norm');
const tableSection = el('section', 'table-section');
const exportBar = el('div', 'export-bar');
if (host.connected) {
  for (const [kind, label] of [['html', 'Export HTML…'], ['csv', 'Export CSV…'], ['json', 'Export JSON…']] as const) {
    const b = document.createElement('vscode-button');
    b.id = `export-${kind}`;
    b.secondary = true;
    b.textContent = label;
    b.addEventListener('click', () => host.post({ type: 'export', kind }));
    exportBar.append(b);
  }
}
const header = el('header', 'report-header');
const titles = el('div');
titles.append(title, subtitle, mergedLine);
header.append(titles, exportBar);
const manifestSection = new ManifestSection(host);
const duplicateSection = new DuplicateSection(host);
manifestSection.element.hidden = true;
duplicateSection.element.hidden = true;
app.append(progressBox, header, empty, cards, chartsGrid, manifestSection.element, duplicateSection.element, tableSection, norm);

// Filter bar.
const filterBar = el('div', 'filter-bar');
const ruleSelect = document.createElement('vscode-single-select');
ruleSelect.id = 'rule-filter';
const severitySelect = document.createElement('vscode-single-select');
severitySelect.id = 'severity-filter';
for (const [select, values, allLabel] of [[ruleSelect, RULES, 'All rules'], [severitySelect, SEVERITIES, 'All severities']] as const) {
  const all = document.createElement('vscode-option');
  all.value = '';
  all.textContent = allLabel;
  select.append(all);
  for (const v of values) {
    const o = document.createElement('vscode-option');
    o.value = v;
    o.textContent = v;
    select.append(o);
  }
}
const textFilter = document.createElement('vscode-textfield');
textFilter.id = 'text-filter';
textFilter.placeholder = 'Filter by file name or message';
const binChip = el('span', 'chip');
const clearButton = document.createElement('vscode-button');
clearButton.id = 'clear-filter';
clearButton.secondary = true;
clearButton.textContent = 'Clear filters';
const countLabel = el('span', 'muted count');
countLabel.id = 'row-count';
filterBar.append(ruleSelect, severitySelect, textFilter, binChip, clearButton, countLabel);
const tableRoot = el('div', 'vt');
tableRoot.id = 'file-table';
tableSection.append(el('h2', undefined, 'Files'), filterBar, tableRoot);

let scrollSaveTimer = 0;
const table = new VirtualTable(tableRoot, {
  onSort: (s) => { sort = s; refreshTable(0); },
  onOpen: (path) => host.post({ type: 'openFile', path }),
  // setState goes to the host in VS Code: once the scrolling pauses, not every frame.
  onScroll: () => { clearTimeout(scrollSaveTimer); scrollSaveTimer = window.setTimeout(saveState, 250); },
});

ruleSelect.addEventListener('change', () => setFilter({ ...filter, rule: (ruleSelect.value || null) as RuleId | null }));
severitySelect.addEventListener('change', () => setFilter({ ...filter, severity: (severitySelect.value || null) as Severity | null }));
let textTimer = 0;
textFilter.addEventListener('input', () => {
  // The text joins the filter at once (a report landing mid-typing re-syncs the controls from it); only the table waits.
  filter = { ...filter, text: textFilter.value };
  clearTimeout(textTimer);
  textTimer = window.setTimeout(() => refreshTable(0), 150);
});
clearButton.addEventListener('click', () => setFilter(NO_FILTER));

function saveState(): void {
  const state: ReportUiState = { filter, sort, scrollTop: table.scrollTop };
  host.setState(state);
}

function setFilter(next: TableFilter): void {
  const chartsChanged = next.rule !== filter.rule || next.bin?.metric !== filter.bin?.metric || next.bin?.bin !== filter.bin?.bin;
  filter = next;
  if (chartsChanged) renderCharts();
  refreshTable(0);
}

function syncFilterControls(): void {
  if (ruleSelect.value !== (filter.rule ?? '')) ruleSelect.value = filter.rule ?? '';
  if (severitySelect.value !== (filter.severity ?? '')) severitySelect.value = filter.severity ?? '';
  if (textFilter.value !== filter.text) textFilter.value = filter.text;
  const metric = filter.bin && METRICS.find((m) => m.id === filter.bin?.metric);
  binChip.hidden = !metric;
  if (metric && filter.bin) {
    const lo = filter.bin.bin * filter.bin.width;
    binChip.textContent = `${metric.label} in [${+lo.toPrecision(6)}, ${+(lo + filter.bin.width).toPrecision(6)})`;
  }
}

function refreshTable(scrollTop?: number): void {
  if (paged) { queryPaged(scrollTop); return; }
  if (!view) return;
  const t0 = performance.now();
  const rows = sortRows(view, filterRows(view, filter), sort);
  tableShown(new ViewRows(view, rows), view.files.path.length, scrollTop, t0);
}

/** The table shows `source` (of `total` files): count label, data-rows for tests, saved state, timing to the host. */
function tableShown(source: RowSource, total: number, scrollTop: number | undefined, t0: number): void {
  table.set(source, sort, scrollTop);
  syncFilterControls();
  const n = source.length;
  countLabel.textContent = n === total ? `${total.toLocaleString('en-US')} files` : `${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files`;
  document.body.dataset.rows = String(n);
  saveState();
  host.post({ type: 'rendered', rows: n, ms: performance.now() - t0, phases });
  phases = undefined;
}

// ---- a paged report: the host filters and sorts; the table asks for the rows it draws as it scrolls ----
/** Rows are asked for in blocks of this many (a screenful is ~40): a render asks once, for the blocks it lacks. */
const BLOCK_ROWS = 50;
/** Rows kept in the webview; past this the cache starts again (a million-row table never lives here whole). */
const KEPT_ROWS = 20_000;
let seq = 0;
/** Requests in flight: seq -> the query generation and first row they are for. */
const inFlight = new Map<number, { generation: number; start: number; scrollTop?: number; t0: number }>();
let generation = 0;

class PagedRows implements RowSource {
  private rows = new Map<number, TableRow>();
  private asked = new Set<number>();
  /** The blocks this render lacks, asked for in one request by flush(). */
  private wantFrom = Infinity;
  private wantTo = -Infinity;
  constructor(readonly length: number, readonly generation: number) {}
  fileAt(r: number): number | undefined {
    return this.row(r)?.file;
  }
  row(r: number): TableRow | undefined {
    const row = this.rows.get(r);
    if (row) return row;
    const block = Math.floor(r / BLOCK_ROWS);
    if (!this.asked.has(block)) { this.wantFrom = Math.min(this.wantFrom, block); this.wantTo = Math.max(this.wantTo, block); }
    return undefined;
  }
  /** One request for every block the last render lacked (one round trip for a jump anywhere). */
  flush(): void {
    if (this.wantTo < this.wantFrom) return;
    for (let b = this.wantFrom; b <= this.wantTo; b++) this.asked.add(b);
    requestRows(this.generation, this.wantFrom * BLOCK_ROWS, (this.wantTo - this.wantFrom + 1) * BLOCK_ROWS);
    this.wantFrom = Infinity;
    this.wantTo = -Infinity;
  }
  fill(start: number, rows: readonly TableRow[]): void {
    if (this.rows.size + rows.length > KEPT_ROWS) { this.rows = new Map(); this.asked = new Set(); }
    rows.forEach((row, k) => this.rows.set(start + k, row));
    // Blocks the answer covers are known now even when the request was cut short (the end of the rows).
    for (let b = Math.floor(start / BLOCK_ROWS); b * BLOCK_ROWS < start + rows.length; b++) this.asked.add(b);
  }
}
let pagedRows: PagedRows | null = null;

function requestRows(gen: number, start: number, count: number, scrollTop?: number): void {
  const s = ++seq;
  inFlight.set(s, { generation: gen, start, scrollTop, t0: performance.now() });
  host.post({ type: 'rows', seq: s, filter, sort, start, count });
}

/** A new filter or sort: the host answers with the count and the rows at the scroll position; the table follows. */
function queryPaged(scrollTop?: number): void {
  const top = scrollTop ?? table.scrollTop;
  const first = Math.floor(Math.floor(top / ROW_HEIGHT) / BLOCK_ROWS) * BLOCK_ROWS;
  requestRows(++generation, first, 4 * BLOCK_ROWS, top);
}

function onRows(msg: Extract<HostToReport, { type: 'rows' }>): void {
  const req = inFlight.get(msg.seq);
  inFlight.delete(msg.seq);
  if (!req || !paged || req.generation !== generation) return;   // an answer to an older filter or sort
  // The last answer's round trip (request → rows here), for the E2E's timing lines.
  document.body.dataset.pageMs = (performance.now() - req.t0).toFixed(0);
  if (!pagedRows || pagedRows.generation !== req.generation) {
    pagedRows = new PagedRows(msg.total, req.generation);
    pagedRows.fill(req.start, msg.rows);
    // Past the end of a shorter result: back to its top.
    const top = req.scrollTop !== undefined && req.scrollTop < msg.total * ROW_HEIGHT ? req.scrollTop : 0;
    tableShown(pagedRows, paged.fileCount, top, req.t0);
    return;
  }
  pagedRows.fill(req.start, msg.rows);
  table.refresh();
}

function renderCards(v: ReportView | PagedSummary): void {
  const d = v.dataset;
  const sev = 'files' in v ? findingsBySeverity(v) : v.findingsBySeverity;
  const total = 'files' in v ? v.files.path.length : v.fileCount;
  cards.replaceChildren(
    card('Files', total.toLocaleString('en-US'), d.errorCount ? [`${d.errorCount} unreadable`] : [], 'card-files'),
    card('Total duration', formatDuration(d.totalDurationSec), [`${d.totalDurationSec.toFixed(1)} s`], 'card-duration'),
    card('Errors', String(sev.error), [], 'card-errors'),
    card('Warnings', String(sev.warning), [], 'card-warnings'),
    card('Info', String(sev.info), [], 'card-info'),
    card('Formats found', formatLines(d).length ? '' : '—', formatLines(d), 'card-formats'),
  );
}

/** A chart box in the charts grid; returns its canvas. */
function gridChart(titleText: string, id: string, tall = false): HTMLCanvasElement {
  const { box, canvas } = chartBox(titleText, id, tall);
  chartsGrid.append(box);
  return canvas;
}

function renderCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
  chartsGrid.replaceChildren();
  norm.replaceChildren();
  const v = view ?? paged;
  if (!v) return;
  const colors = chartColors();
  const rules = 'files' in v ? filesByRule(v) : [...v.filesByRule];
  const ruleCanvas = gridChart('Files by rule', 'chart-rules', true);
  charts.push(findingsChart(ruleCanvas, rules, filter.rule, (rule) => setFilter({ ...filter, rule: filter.rule === rule ? null : rule }), colors));
  histograms = new Map();
  for (const m of METRICS) {
    const lines = referenceLines(m.id, v.settings, v.dataset, v.expectedZeroBin);
    // A paged report's histograms come binned from the host (same function, same reference lines).
    const h = 'files' in v ? histogram(v.files.metrics[m.id], { integer: m.integer, include: lines.map((l) => l.value) }) : v.histograms[m.id];
    if (!h || h.counts.length === 0) continue;
    histograms.set(m.id, h);
    const selected = filter.bin?.metric === m.id && filter.bin.width === h.width ? filter.bin.bin - h.first : -1;
    const canvas = gridChart(`${m.label}${m.unit ? ` (${m.unit})` : ''}`, `chart-${m.id}`);
    charts.push(histogramChart(canvas, {
      title: m.label, histogram: h, lines, selected, integer: m.integer,
      onBin: (i) => {
        const bin = h.first + i;
        const same = filter.bin?.metric === m.id && filter.bin.bin === bin;
        setFilter({ ...filter, bin: same ? null : { metric: m.id, width: h.width, bin } });
      },
    }, colors));
  }
  renderNormalization(v, colors);
  manifestSection.renderCharts(colors);
}

function renderNormalization(v: ReportView | PagedSummary, colors: ReturnType<typeof chartColors>): void {
  const n = v.dataset.normalization;
  norm.append(el('h2', undefined, 'Dataset normalization'));
  if (!n) { norm.append(el('p', 'muted', 'No normalization statistics in this report.')); return; }
  const fmt = (x: number | null, d: number, unit: string) => (x === null ? '—' : `${x.toFixed(d)}${unit}`);
  const row = el('div', 'cards');
  row.append(
    card('Global peak', fmt(n.globalPeak, 4, ''), [fmt(n.globalPeakDbfs, 2, ' dBFS')], 'card-global-peak'),
    card('Recommended gain', fmt(n.recommendedGainDb, 2, ' dB'), ['brings the global peak to −1 dBFS'], 'card-gain'),
    card('Mel range', `${fmt(n.melMinDb, 1, '')} … ${fmt(n.melMaxDb, 1, ' dB')}`, [`${n.melMeanDb.length} bands`], 'card-mel-range'),
  );
  norm.append(row);
  if (host.connected) {
    const save = document.createElement('vscode-button');
    save.id = 'save-stats';
    save.textContent = 'Save normalization stats…';
    save.addEventListener('click', () => host.post({ type: 'saveStats' }));
    norm.append(save);
  }
  if (n.melMeanDb.length) {
    const box = el('div', 'chart-box wide');
    box.id = 'chart-mel-bands';
    const canvas = document.createElement('canvas');
    const holder = el('div', 'chart-canvas');
    holder.append(canvas);
    box.append(el('h3', undefined, 'Per-band mel mean / std (dB)'), holder);
    norm.append(box);
    charts.push(melBandChart(canvas, n.melMeanDb, n.melStdDb, colors));
  }
}

function showView(next: ReportView | null, nextPaged: PagedSummary | null = null): void {
  const first = view === null && paged === null;
  view = next;
  paged = nextPaged;
  pagedRows = null;
  const shown = view ?? paged;
  empty.hidden = shown !== null;
  tableSection.hidden = shown === null;
  // Exports of a paged report would need every row here: the report file itself is the JSON.
  exportBar.hidden = view === null;
  document.body.dataset.loaded = shown ? 'true' : 'false';
  document.body.dataset.paged = paged ? 'true' : 'false';
  manifestSection.render(shown?.manifests ?? null);
  duplicateSection.render(shown?.duplicates ?? null);
  mergedLine.hidden = !shown?.mergedParts;
  if (!shown) { cards.replaceChildren(); chartsGrid.replaceChildren(); norm.replaceChildren(); syncFilterControls(); return; }
  title.textContent = `Audio dataset report`;
  subtitle.textContent = shown.root + (shown.partial ? ' (partial: the audit was cancelled or is still running)' : '');
  if (shown.mergedParts) mergedLine.textContent = `Merged from ${shown.mergedParts} part${shown.mergedParts === 1 ? '' : 's'} (audio-audit merge)`;
  renderCards(shown);
  // Wall-clock time the cards went in (tests subtract the time they accepted the open dialog).
  document.body.dataset.cardsAt = String(Date.now());
  // A bin filter from another binning (the data changed) no longer means anything.
  if (filter.bin) {
    const metric = filter.bin.metric;
    const h = 'files' in shown ? histogram(shown.files.metrics[metric], { integer: METRICS.find((m) => m.id === metric)?.integer }) : shown.histograms[metric];
    if (!h?.counts.length) filter = { ...filter, bin: null };
  }
  refreshTable(first ? pendingScroll : undefined);
  pendingScroll = undefined;
  table.invalidate();
  scheduleCharts();
}

let chartsFrame = 0;
let chartsTimer = 0;

/**
 * Charts are drawn once the cards and rows have painted: on 100 000 files they take 100-300 ms and the rows come
 * first. `data-charts` on <body> is 'pending' until they are drawn, then 'ready' (tests wait on it).
 */
function scheduleCharts(): void {
  cancelAnimationFrame(chartsFrame);
  clearTimeout(chartsTimer);
  document.body.dataset.charts = 'pending';
  // A timeout from inside the frame callback runs after that frame's paint.
  chartsFrame = requestAnimationFrame(() => {
    chartsTimer = window.setTimeout(() => {
      const t0 = performance.now();
      renderCharts();
      document.body.dataset.charts = 'ready';
      document.body.dataset.chartsAt = String(Date.now());
      host.post({ type: 'chartsRendered', ms: performance.now() - t0 });
    }, 0);
  });
}

let auditProgress: ReportProgress | null = null;
let loadingName: string | null = null;
let loadingBytes: { read: number; total: number } | null = null;

/** One bar for both kinds of wait: a report file being read (indeterminate) or a running audit (files done). */
function showProgress(): void {
  progressBox.hidden = auditProgress === null && loadingName === null;
  if (!view && !paged) empty.hidden = loadingName !== null;
  // A large file is read by the host's reader worker: a bar by bytes, and it can be cancelled.
  cancelButton.hidden = loadingName === null || loadingBytes === null;
  if (loadingName !== null) {
    progressBar.indeterminate = loadingBytes === null;
    if (loadingBytes) {
      progressBar.max = Math.max(1, loadingBytes.total);
      progressBar.value = loadingBytes.read;
    }
    progressText.textContent = loadingBytes
      ? `Opening ${loadingName}… ${(loadingBytes.read / 2 ** 20).toFixed(0)} of ${(loadingBytes.total / 2 ** 20).toFixed(0)} MiB`
      : `Opening ${loadingName}…`;
  } else if (auditProgress) {
    progressBar.indeterminate = false;
    progressBar.max = Math.max(1, auditProgress.filesTotal);
    progressBar.value = auditProgress.filesDone;
    progressText.textContent = `Auditing… ${auditProgress.filesDone} / ${auditProgress.filesTotal} files`;
  }
}

window.addEventListener('message', (e: MessageEvent<HostToReport>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'report': {
      // A report ends a report file's loading state (the host sends 'loading' null only when the file failed).
      if (loadingName !== null) { loadingName = null; loadingBytes = null; showProgress(); }
      const t0 = performance.now();
      phases = msg.sentAt ? { transit: Date.now() - msg.sentAt } : {};
      const v = msg.view && unpackView(msg.view);
      phases.unpack = performance.now() - t0;
      showView(v);
      break;
    }
    case 'paged':
      if (loadingName !== null) { loadingName = null; loadingBytes = null; showProgress(); }
      phases = msg.sentAt ? { transit: Date.now() - msg.sentAt } : {};
      showView(null, msg.summary);
      break;
    case 'rows': onRows(msg); break;
    case 'progress': auditProgress = msg.progress; showProgress(); break;
    case 'loading':
      loadingName = msg.name;
      loadingBytes = msg.name !== null && msg.bytesTotal !== undefined ? { read: msg.bytesRead ?? 0, total: msg.bytesTotal } : null;
      showProgress();
      break;
    case 'filter': setFilter({ ...filter, ...msg.filter }); break;
  }
});

onThemeChange(() => renderCharts());

// Standalone export: the view is embedded as JSON in a non-executed script block.
const embedded = document.getElementById('report-data');
if (embedded?.textContent) showView(JSON.parse(embedded.textContent) as ReportView);
else host.post({ type: 'ready', loadMs: performance.now() });

// For the E2E tests: where a chart's bar i is on screen (to click a histogram bin like a user does).
(window as unknown as { __reportTest: unknown }).__reportTest = {
  /** Middle of bar i in the canvas's CSS pixels (for locator.click({ position })). */
  barPoint(canvasBoxId: string, index: number): { x: number; y: number } | null {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${canvasBoxId} canvas`);
    const chart = [...charts, ...manifestSection.charts].find((c) => c.canvas === canvas);
    const bar = chart?.getDatasetMeta(0).data[index];
    if (!bar) return null;
    const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
    // A horizontal bar (findings by rule) runs from base to x at height y.
    return chart.options.indexAxis === 'y' ? { x: (x + base) / 2, y } : { x, y: (y + base) / 2 };
  },
  histogramBins: (metric: MetricId) => histograms.get(metric),
};
