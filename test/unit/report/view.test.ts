import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packView, toReportView, unpackView } from '../../../src/core/report/view';
import { fakeReport } from '../../fixtures/fakeReport';

test('packView turns metric columns into Float64Array (null → NaN) and unpackView restores the same view', () => {
  // fakeReport makes ~1% unreadable files (all metrics null); seed 1 with 300 files has some.
  const view = toReportView(fakeReport(300));
  const nulls = view.files.metrics.peakDbfs.filter((v) => v === null).length;
  assert.ok(nulls > 0 && nulls < 300);
  const packed = packView(view);
  const column = packed.files.metrics.peakDbfs;
  assert.ok(column instanceof Float64Array);
  assert.equal(column.length, 300);
  assert.equal(Array.from(column).filter(Number.isNaN).length, nulls);
  assert.deepEqual(unpackView(packed), view);
  // A plain (unpacked) view, as the standalone HTML embeds it, passes through.
  assert.deepEqual(unpackView(view), view);
});
