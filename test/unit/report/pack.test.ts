import assert from 'node:assert/strict';
import { test } from 'node:test';
import { narrowCounts, packNumbers, packStrings, packView, unpackNumbers, unpackStrings, unpackView } from '../../../src/core/report/pack';
import { toReportView } from '../../../src/core/report/view';
import { fakeReport } from '../../fixtures/fakeReport';

test('packView turns every column into a typed array or one string and unpackView restores the same view', () => {
  // fakeReport makes ~1% unreadable files (all metrics null); seed 1 with 300 files has some.
  const view = toReportView(fakeReport(300));
  const nulls = view.files.metrics.peakDbfs.filter((v) => v === null).length;
  assert.ok(nulls > 0 && nulls < 300);
  const packed = packView(view);
  // Every column is binary or one string: nothing per file is left as an object for postMessage to encode.
  assert.ok(ArrayBuffer.isView(packed.files.findingCount) && packed.files.findingCount.length === 300);
  assert.deepEqual(Array.from(packed.files.findingCount), view.files.findings.map((xs) => xs.length));
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

test('packNumbers picks the narrowest exact array; its largest value (or NaN) is null; unpackNumbers gives every value back', () => {
  const cases: [(number | null)[], Function, number[]][] = [
    [[0, 1, 254, null], Uint8Array, [0, 1, 254, 255]],
    [[255, null], Uint16Array, [255, 65535]],                                // 255 is Uint8's null
    [[16000, 22050, 44100, 48000, null], Uint16Array, [16000, 22050, 44100, 48000, 65535]],
    [[65535, 96000, null], Uint32Array, [65535, 96000, 4294967295]],
    [[0.5, -1, -0, null], Float32Array, [0.5, -1, -0, NaN]],                  // negative and -0: not the integer arrays
    [[0.1, null], Float64Array, [0.1, NaN]],                                  // 0.1 is not a float32
    [[4294967295], Float64Array, [4294967295]],                              // Uint32's null, and not a float32
    [[null, null], Uint8Array, [255, 255]],
  ];
  for (const [values, type, stored] of cases) {
    const packed = packNumbers(values);
    assert.equal(packed.constructor, type, `${JSON.stringify(values)} → ${type.name}`);
    assert.deepEqual(Array.from(packed), stored);
    assert.deepEqual(unpackNumbers(packed), values);   // deepEqual is strict here: -0 stays -0
  }
});

test('packStrings front-codes sorted paths against the previous one and unpackStrings rebuilds them', () => {
  const paths = ['a/b/c.wav', 'a/b/d.wav', 'a/x.wav', 'b.wav', 'b.wav'];
  const packed = packStrings(paths, true);
  assert.deepEqual(Array.from(packed.shared!), [0, 4, 2, 0, 5]);
  assert.equal(packed.text, 'a/b/c.wavd.wavx.wavb.wav');
  assert.deepEqual(Array.from(packed.lengths), [9, 5, 5, 5, 0]);
  assert.deepEqual(unpackStrings(packed), paths);
});

test('a message repeated on many files is sent once', () => {
  const base = fakeReport(3);
  const same = "Sample rate 16000 Hz differs from the dataset's 22050 Hz.";
  const report = { ...base, files: base.files.map((f) => ({ ...f, findings: [{ rule: 'sample-rate-mismatch' as const, severity: 'warning' as const, message: same }] })) };
  const packed = packView(toReportView(report));
  assert.equal(packed.files.messages.text, same);
  assert.deepEqual(Array.from(packed.files.findingMessage), [0, 0, 0]);
  assert.deepEqual(unpackView(packed).files.findings.map((xs) => xs[0].message), [same, same, same]);
});

test('narrowCounts keeps every value in the narrowest of Uint8/16/32', () => {
  for (const [values, type] of [[[0, 255], Uint8Array], [[0, 256], Uint16Array], [[65535], Uint16Array], [[65536], Uint32Array]] as const) {
    const out = narrowCounts(Uint32Array.from(values));
    assert.equal(out.constructor, type, `${values} → ${type.name}`);
    assert.deepEqual(Array.from(out), values);
  }
  assert.equal(narrowCounts(Uint16Array.from([300])).constructor, Uint16Array);
});
