import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ColumnTable } from '../../../src/core/report/columnTable';
import { readReportColumns } from '../../../src/core/report/streamReader';
import { filesByRule, filterRows, NO_FILTER, sortRows, type SortState, type TableFilter } from '../../../src/core/report/table';
import { toReportView } from '../../../src/core/report/view';
import { fakeReport } from '../../fixtures/fakeReport';
import { readBytes } from '../../fixtures/readBytes';

function columnsOf(text: string) {
  return readReportColumns(readBytes(Buffer.from(text, 'utf8'))).files;
}

const settings = { qLevels: 256, clipLevel: 0.999, mel: { preset: 'none' }, thresholds: { dcOffset: 0.01, nearSilentDbfs: -40, loudnessOutlierDb: 10, minMaxBinShift: 2 } };
const file = (path: string, peakDbfs: number | null, findings: [string, string, string][]) => ({ path, error: null, peakDbfs, findings: findings.map(([rule, severity, message]) => ({ rule, severity, message })) });

test('filter, sort, pages and counts of a hand-made report', () => {
  const report = {
    version: 1, root: '/r', partial: false, settings, dataset: { fileCount: 4, rmsDbfs: { median: null } },
    files: [
      file('a.wav', -6.5, [['dc-offset', 'warning', 'DC offset 0.25.']]),
      file('b.wav', 0, [['clipping', 'error', 'Clipped Run'], ['dc-offset', 'info', 'DC offset 0.2.']]),
      file('c.wav', null, []),
      file('d.wav', -6.5, [['dc-offset', 'warning', 'DC offset 0.25.'], ['dc-offset', 'warning', 'again']]),
    ],
  };
  const t = new ColumnTable(columnsOf(JSON.stringify(report)));
  const q = (filter: Partial<TableFilter>, sort: SortState = { column: 'path', descending: false }) => [...t.query({ ...NO_FILTER, ...filter }, sort)];
  assert.deepEqual(q({}), [0, 1, 2, 3]);
  assert.deepEqual(q({}, { column: 'path', descending: true }), [3, 2, 1, 0]);
  assert.deepEqual(q({ rule: 'dc-offset' }), [0, 1, 3]);
  assert.deepEqual(q({ rule: 'near-silent' }), []);
  assert.deepEqual(q({ severity: 'error' }), [1]);
  assert.deepEqual(q({ text: 'CLIPPED' }), [1]);
  assert.deepEqual(q({ text: 'd.w' }), [3]);
  // Peak descending: 0, then the two -6.5 in path order, the null last.
  assert.deepEqual(q({}, { column: 'peakDbfs', descending: true }), [1, 0, 3, 2]);
  assert.deepEqual(q({}, { column: 'peakDbfs', descending: false }), [0, 3, 1, 2]);
  // Worst severity: b error (2), a and d warning (1), c none (-1).
  assert.deepEqual(q({}, { column: 'severity', descending: true }), [1, 0, 3, 2]);
  assert.deepEqual(q({}, { column: 'findings', descending: true }), [1, 3, 0, 2]);
  // Bin [-10, -5) of width 5 holds -6.5 twice.
  assert.deepEqual(q({ bin: { metric: 'peakDbfs', width: 5, bin: -2 } }), [0, 3]);
  const rows = t.page(t.query(NO_FILTER, { column: 'path', descending: false }), 1, 2);
  assert.deepEqual(rows.map((r) => [r.file, r.path, r.severity, r.rules, r.values[3], r.title]), [
    [1, 'b.wav', 2, 'clipping, dc-offset', 0, 'error: Clipped Run\ninfo: DC offset 0.2.'],
    [2, 'c.wav', -1, '', null, ''],
  ]);
  assert.deepEqual(t.filesByRule(), [
    { rule: 'dc-offset', files: 3, severity: 'warning' },
    { rule: 'clipping', files: 1, severity: 'error' },
  ]);
  assert.deepEqual(t.findingsBySeverity(), { error: 1, warning: 3, info: 1 });
  assert.equal(t.indexOf('c.wav'), 2);
  assert.equal(t.indexOf('e.wav'), -1);
});

test('on a generated report the host table answers as the webview table (table.ts) does', () => {
  const report = fakeReport(500, { seed: 5, mel: false });
  const view = toReportView(report);
  const t = new ColumnTable(columnsOf(JSON.stringify(report, null, 2)));
  const sorts: SortState[] = [{ column: 'path', descending: true }, { column: 'rmsDbfs', descending: false }, { column: 'severity', descending: true }, { column: 'sampleRate', descending: false }];
  const filters: TableFilter[] = [NO_FILTER, { ...NO_FILTER, rule: 'dc-offset' }, { ...NO_FILTER, severity: 'warning', text: 'SPEAKER01' }];
  for (const sort of sorts) for (const filter of filters) {
    assert.deepEqual([...t.query(filter, sort)], sortRows(view, filterRows(view, filter), sort), JSON.stringify([filter, sort]));
  }
  assert.deepEqual(t.filesByRule(), filesByRule(view));
});
