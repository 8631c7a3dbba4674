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
  // Every column is binary or one string: nothing per file is left as an object for postMessage to encode.
  assert.ok(packed.files.findingCount instanceof Uint32Array && packed.files.findingCount.length === 300);
  assert.equal(typeof packed.files.paths.text, 'string');
  const column = packed.files.metrics.peakDbfs;
  assert.ok(column instanceof Float64Array);
  assert.equal(column.length, 300);
  assert.equal(Array.from(column).filter(Number.isNaN).length, nulls);
  assert.deepEqual(unpackView(packed), view);
  // A plain (unpacked) view, as the standalone HTML embeds it, passes through.
  assert.deepEqual(unpackView(view), view);
});

test('strings of any content survive packing: a NUL, a newline, markup and non-BMP characters in paths and messages', () => {
  const base = fakeReport(2);
  const odd = 'a\u0000b\n<img src=x onerror=alert(1)>🎵.wav';
  const report = { ...base, files: [{ ...base.files[0], path: odd, findings: [{ rule: 'dc-offset' as const, severity: 'warning' as const, message: odd }] }, base.files[1]] };
  const view = toReportView(report);
  const back = unpackView(packView(view));
  assert.equal(back.files.path[0], odd);
  assert.equal(back.files.findings[0][0].message, odd);
  assert.deepEqual(back, view);
});
