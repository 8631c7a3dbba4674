// The report's dataset-level sections beside the files: Manifests (table, hours per split, duration scatter, findings
// by rule, findings list) and Duplicates and leakage. Their lists are capped by the view (core/report/manifestView,
// duplicateView); here they are shown a page at a time. Without a host (standalone HTML) rows open nothing.
import type { Chart } from 'chart.js';
import type { DuplicatePair, RuleId } from '../../src/core/types';
import { filterManifestFindings, type ManifestFindingFilter, type ManifestFindingRow, type ManifestRow, type ManifestsView } from '../../src/core/report/manifestView';
import type { DuplicatesView } from '../../src/core/report/duplicateView';
import { formatDuration, formatLength, notSentNote } from '../../src/core/report/format';
import type { Host } from './host';
import { durationScatterChart, findingsChart } from './charts';
import { RowList } from './rowList';
import { card, chartBox, el } from './dom';
import type { ChartColors } from './theme';

const PAGE = 100;
const NO_FINDING_FILTER: ManifestFindingFilter = { manifest: null, rule: null };

const count = (n: number) => n.toLocaleString('en-US');

export class ManifestSection {
  readonly element = el('section', 'manifests');
  private readonly cards = el('div', 'cards');
  private readonly chartsRow = el('div', 'charts');
  private readonly findingsTitle = el('h3');
  private readonly filterChip = el('span', 'chip');
  private readonly clearFilter = el('button', 'link-button', 'Show all');
  private readonly findingsNote = el('p', 'muted note');
  private readonly manifestTable: RowList<ManifestRow>;
  private readonly findingList: RowList<ManifestFindingRow>;
  private view: ManifestsView | null = null;
  private filter: ManifestFindingFilter = NO_FINDING_FILTER;
  private ruleChart: Chart | null = null;
  private scatterChart: Chart | null = null;
  private colors: ChartColors | null = null;

  constructor(private readonly host: Host) {
    this.element.id = 'manifests-section';
    this.manifestTable = new RowList<ManifestRow>({
      id: 'manifest-table',
      pageSize: PAGE,
      columns: [
        { id: 'path', label: 'Manifest', text: (m) => m.path },
        { id: 'dialect', label: 'Dialect', text: (m) => m.dialect },
        { id: 'split', label: 'Split', text: (m) => m.split ?? '—' },
        { id: 'entries', label: 'Entries', numeric: true, text: (m) => count(m.entries) },
        { id: 'duration', label: 'Hours (h:mm:ss)', numeric: true, text: (m) => formatDuration(m.declaredSec) },
        { id: 'errors', label: 'Errors', numeric: true, text: (m) => (m.errors ? count(m.errors) : '') },
        { id: 'warnings', label: 'Warnings', numeric: true, text: (m) => (m.warnings ? count(m.warnings) : '') },
        { id: 'infos', label: 'Info', numeric: true, text: (m) => (m.infos ? count(m.infos) : '') },
      ],
      severity: (m) => (m.errors ? 'error' : m.warnings ? 'warning' : m.infos ? 'info' : ''),
      title: (m) => `${m.path}: ${formatLength(m.declaredSec)} declared`,
      // Filtering works without a host too (standalone HTML).
      onActivate: (m) => this.setFilter({ ...this.filter, manifest: this.filter.manifest === this.indexOf(m) ? null : this.indexOf(m) }),
      activateHint: 'Enter shows only this manifest\'s findings',
      selected: (m) => this.filter.manifest === this.indexOf(m),
    });
    this.findingList = new RowList<ManifestFindingRow>({
      id: 'manifest-findings',
      pageSize: PAGE,
      columns: [
        { id: 'severity', label: 'Severity', text: (f) => f.severity },
        { id: 'where', label: 'Manifest:line', text: (f) => `${this.view?.manifests[f.manifest]?.path ?? ''}:${f.line}` },
        { id: 'rule', label: 'Rule', text: (f) => f.rule },
        { id: 'message', label: 'Message', text: (f) => f.message },
      ],
      severity: (f) => f.severity,
      title: (f) => f.message,
      onActivate: host.connected ? (f) => {
        const path = this.view?.manifests[f.manifest]?.path;
        if (path !== undefined) host.post({ type: 'openManifest', path, line: f.line });
      } : undefined,
      activateHint: 'Enter opens the manifest at this line',
    });
    this.clearFilter.type = 'button';
    this.clearFilter.id = 'manifest-findings-clear';
    this.clearFilter.addEventListener('click', () => this.setFilter(NO_FINDING_FILTER));
    const filterBar = el('div', 'filter-bar');
    filterBar.append(this.findingsTitle, this.filterChip, this.clearFilter);
    this.findingsNote.id = 'manifest-findings-note';
    this.cards.id = 'split-cards';
    this.element.append(el('h2', undefined, 'Manifests'), this.cards, this.manifestTable.element, this.chartsRow, filterBar,
      this.findingList.element, this.findingsNote);
  }

  private indexOf(m: ManifestRow): number {
    return this.view ? this.view.manifests.indexOf(m) : -1;
  }

  /** Tables and cards (cheap, drawn with the rest of the page); the charts follow in renderCharts. */
  render(view: ManifestsView | null): void {
    this.element.hidden = view === null;
    if (this.view !== view) this.filter = NO_FINDING_FILTER;
    this.view = view;
    if (!view) { this.destroyCharts(); return; }
    const entries = view.splits.reduce((n, s) => n + s.entries, 0);
    const sec = view.splits.reduce((n, s) => n + s.declaredSec, 0);
    this.cards.replaceChildren(
      card('Manifests', count(view.manifests.length), [`${count(entries)} utterances`, `${formatLength(sec)} declared`], 'card-manifests'),
      ...view.splits.map((s) => card(s.split ?? 'no split', formatDuration(s.declaredSec),
        [formatLength(s.declaredSec), `${count(s.entries)} utterances`, `${s.manifests} manifest${s.manifests === 1 ? '' : 's'}`],
        `split-${s.split ?? 'none'}`)),
    );
    this.manifestTable.set(view.manifests);
    this.renderFindings();
  }

  private setFilter(next: ManifestFindingFilter): void {
    const ruleChanged = next.rule !== this.filter.rule;
    this.filter = next;
    this.manifestTable.refreshSelection();
    this.renderFindings();
    if (ruleChanged && this.colors) this.drawRuleChart(this.colors);
  }

  private renderFindings(): void {
    const view = this.view;
    if (!view) return;
    const f = this.filter;
    const rows = filterManifestFindings(view.findings, f);
    const filtered = f.manifest !== null || f.rule !== null;
    this.findingsTitle.textContent = `Manifest findings (${count(filtered ? rows.length : view.findingCount)})`;
    const parts = [f.manifest !== null ? view.manifests[f.manifest]?.path : null, f.rule].filter((x): x is string => !!x);
    this.filterChip.hidden = !filtered;
    this.clearFilter.hidden = !filtered;
    this.filterChip.textContent = parts.join(' · ');
    this.findingList.set(rows);
    this.findingList.element.hidden = rows.length === 0;
    const note = notSentNote(view.findings.length, view.findingCount, 'findings');
    this.findingsNote.textContent = rows.length === 0 && !note ? 'No findings on the manifest lines.' : note;
    this.findingsNote.hidden = !this.findingsNote.textContent;
  }

  /** Draws (or redraws, after a theme change) the scatter and the findings-by-rule chart. */
  renderCharts(colors: ChartColors): void {
    this.destroyCharts();
    this.colors = colors;
    this.chartsRow.replaceChildren();
    const view = this.view;
    if (!view) return;
    if (view.scatter.declared.length) {
      const title = view.scatter.declared.length < view.scatter.total
        ? `Declared vs decoded duration (${count(view.scatter.declared.length)} of ${count(view.scatter.total)} entries)`
        : 'Declared vs decoded duration';
      const { box, canvas } = chartBox(title, 'chart-durations');
      box.classList.add('tall');
      this.chartsRow.append(box);
      this.scatterChart = durationScatterChart(canvas, view.scatter, view.manifests.map((m) => m.path), colors);
    }
    this.drawRuleChart(colors);
  }

  destroyCharts(): void {
    this.scatterChart?.destroy();
    this.ruleChart?.destroy();
    this.scatterChart = this.ruleChart = null;
  }

  /** The charts drawn now (for the E2E's bar positions). */
  get charts(): Chart[] {
    return [this.scatterChart, this.ruleChart].filter((c): c is Chart => c !== null);
  }

  /** Findings by rule; a click on a bar filters the findings list to that rule (again to clear). */
  private drawRuleChart(colors: ChartColors): void {
    const view = this.view;
    this.ruleChart?.destroy();
    this.ruleChart = null;
    if (!view || view.findingsByRule.length === 0) return;
    let box = this.chartsRow.querySelector<HTMLElement>('#chart-manifest-rules');
    let canvas: HTMLCanvasElement;
    if (box) {
      canvas = document.createElement('canvas');
      box.querySelector('.chart-canvas')?.replaceChildren(canvas);
    } else {
      ({ box, canvas } = chartBox('Manifest findings by rule', 'chart-manifest-rules'));
      box.classList.add('tall');
      this.chartsRow.append(box);
    }
    const rows = view.findingsByRule.map((r) => ({ rule: r.rule, files: r.findings, severity: r.severity }));
    this.ruleChart = findingsChart(canvas, rows, this.filter.rule,
      (rule: RuleId) => this.setFilter({ ...this.filter, rule: this.filter.rule === rule ? null : rule }), colors, 'findings');
  }
}

export class DuplicateSection {
  readonly element = el('section', 'duplicates');
  private readonly summary = el('p', 'muted');
  private readonly note = el('p', 'muted note');
  private readonly list: RowList<DuplicatePair>;

  constructor(host: Host) {
    this.element.id = 'duplicates-section';
    this.summary.id = 'duplicates-summary';
    this.note.id = 'duplicates-note';
    this.list = new RowList<DuplicatePair>({
      id: 'duplicate-table',
      pageSize: PAGE,
      columns: [
        { id: 'severity', label: 'Severity', text: (p) => (p.leakage ? 'error' : 'warning') },
        { id: 'a', label: 'File A', text: (p) => p.a },
        { id: 'b', label: 'File B', text: (p) => p.b },
        { id: 'kind', label: 'Kind', text: (p) => (p.kind === 'exact' ? 'exact (identical samples)' : 'near (fingerprint)') },
        { id: 'ber', label: 'BER', numeric: true, text: (p) => p.ber.toFixed(3) },
        { id: 'leakage', label: 'Leakage', text: (p) => (p.leakage ? 'split leakage' : '') },
      ],
      severity: (p) => (p.leakage ? 'error' : 'warning'),
      title: (p) => `${p.a}\n${p.b}${p.leakage ? '\nThe two files are in different splits (split-leakage).' : ''}`,
      onActivate: host.connected ? (p) => host.post({ type: 'openPair', a: p.a, b: p.b }) : undefined,
      activateHint: 'Enter opens both files side by side in the audio preview',
    });
    this.element.append(el('h2', undefined, 'Duplicates and leakage'), this.summary, this.list.element, this.note);
  }

  render(view: DuplicatesView | null): void {
    this.element.hidden = view === null;
    if (!view) return;
    const pairs = `${count(view.total)} pair${view.total === 1 ? '' : 's'} of files with the same audio`;
    this.summary.textContent = `${pairs}: ${count(view.leakage)} across splits (split leakage), ${count(view.exact)} exact, ${count(view.near)} near.`;
    this.list.set(view.rows);
    this.note.textContent = notSentNote(view.rows.length, view.total, 'pairs');
    this.note.hidden = !this.note.textContent;
  }
}
