import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReportFileError } from '../../../src/core/report/load';
import { readReportColumns, type StreamedReport } from '../../../src/core/report/streamReader';
import { readBytes } from '../../fixtures/readBytes';

// A small report written by hand: three files, one unreadable, one whose path and message hold braces, brackets,
// quotes, backslashes and a non-ASCII letter (entry boundaries must not be taken from inside strings).
const TRICKY_PATH = 'a "quoted" {dir}/[x], \\y\\ é.wav';
const TRICKY_MESSAGE = 'Peak ends "}]," here\\ \u00e9 \u2028';
const HAND_REPORT = {
  version: 1,
  root: '/data/set',
  settings: { qLevels: 256, thresholds: { dcOffset: 0.01 } },
  partial: false,
  files: [
    {
      path: 'a.wav', error: null,
      format: { container: 'RIFF', sampleRate: 16000, channels: 1, validBits: 16, durationSec: 1.5, frames: 24000 },
      channels: [{ peak: 0.5, notes: ['}', '{', ']'] }],
      dcOffset: 0.25, peak: 0.5, peakDbfs: -6.5, rmsDbfs: -20.125,
      minMax: { qLevels: 256, zeroBin: 130, expectedZeroBin: 127 }, mel: { minDb: -80, maxDb: 1.5, bandSumDb: [1, 2] },
      bandwidthHz: 6000,
      findings: [{ rule: 'dc-offset', severity: 'warning', message: 'DC offset 0.25.' }],
    },
    {
      path: TRICKY_PATH, error: null,
      format: { sampleRate: 44100, channels: 2, validBits: 24, durationSec: 0.1 },
      channels: [], dcOffset: -0.001, peak: 1, peakDbfs: 0, rmsDbfs: -3.0000000000000004,
      minMax: null, mel: null,
      findings: [
        { rule: 'clipping', severity: 'error', message: TRICKY_MESSAGE },
        { rule: 'dc-offset', severity: 'info', message: 'DC offset 0.25.' },
      ],
    },
    {
      path: 'z.wav', error: 'z.wav: fmt chunk missing', format: null, channels: [], dcOffset: null, peak: null, peakDbfs: null,
      rmsDbfs: null, minMax: null, mel: null, findings: [{ rule: 'unreadable', severity: 'error', message: 'z.wav: fmt chunk missing' }],
    },
  ],
  dataset: { fileCount: 3, errorCount: 1 },
  merged: { parts: 2 },
};

function readText(text: string, chunkBytes: number): StreamedReport {
  return readReportColumns(readBytes(Buffer.from(text, 'utf8')), { chunkBytes });
}

const path = (r: StreamedReport, i: number) => r.files.pathText.slice(r.files.pathStart[i], r.files.pathStart[i + 1]);
const message = (r: StreamedReport, k: number) => {
  const m = r.files.findingMessage[k];
  return r.files.messageText.slice(r.files.messageStart[m], r.files.messageStart[m + 1]);
};

/** The values of HAND_REPORT, written out by hand. */
function assertHandValues(r: StreamedReport, text: string): void {
  const f = r.files;
  assert.equal(f.count, 3);
  assert.deepEqual([0, 1, 2].map((i) => path(r, i)), ['a.wav', TRICKY_PATH, 'z.wav']);
  assert.deepEqual([...f.sampleRate], [16000, 44100, NaN]);
  assert.deepEqual([...f.channels], [1, 2, NaN]);
  assert.deepEqual([...f.bits], [16, 24, NaN]);
  assert.deepEqual([...f.metrics.durationSec], [1.5, 0.1, NaN]);
  assert.deepEqual([...f.metrics.peakDbfs], [-6.5, 0, NaN]);
  assert.deepEqual([...f.metrics.rmsDbfs], [-20.125, -3.0000000000000004, NaN]);
  assert.deepEqual([...f.metrics.dcOffset], [0.25, -0.001, NaN]);
  assert.deepEqual([...f.metrics.zeroBin], [130, NaN, NaN]);
  assert.deepEqual([...f.metrics.melMinDb], [-80, NaN, NaN]);
  assert.deepEqual([...f.metrics.melMaxDb], [1.5, NaN, NaN]);
  // 6000 Hz of 16000/2 = 0.75; no bandwidth elsewhere.
  assert.deepEqual([...f.metrics.bandwidthRatio], [0.75, NaN, NaN]);
  assert.equal(f.expectedZeroBin, 127);
  assert.deepEqual([...f.errors], [[2, 'z.wav: fmt chunk missing']]);
  // Findings: file 0 has 1, file 1 has 2, file 2 has 1.
  assert.deepEqual([...f.findingStart], [0, 1, 3, 4]);
  assert.deepEqual([...f.findingRule].map((k) => f.rules[k]), ['dc-offset', 'clipping', 'dc-offset', 'unreadable']);
  assert.deepEqual([...f.findingSeverity], [1, 0, 2, 0]);
  assert.deepEqual([0, 1, 2, 3].map((k) => message(r, k)), ['DC offset 0.25.', TRICKY_MESSAGE, 'DC offset 0.25.', 'z.wav: fmt chunk missing']);
  // The same message is stored once.
  assert.equal(f.messageStart.length - 1, 3);
  // Each entry's offset is where its "{" is: in the layouts JSON.stringify writes, found by its text.
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < 3; i++) {
    const file = HAND_REPORT.files[i];
    const compact = bytes.indexOf(JSON.stringify(file));
    const pretty = bytes.indexOf(`{\n      "path": ${JSON.stringify(file.path)}`);
    assert.equal(f.entryOffset[i], compact >= 0 ? compact : pretty >= 0 ? pretty : f.entryOffset[i]);
    assert.equal(bytes[f.entryOffset[i]], 0x7b);
  }
  assert.equal(r.head.root, '/data/set');
  assert.equal(r.head.merged?.parts, 2);
  assert.equal(r.head.dataset.fileCount, 3);
  assert.equal((r.head as unknown as Record<string, unknown>).files, undefined);
}

test('a hand-written report reads into the columns, pretty (2-space) and compact, in chunks of any size', () => {
  for (const text of [JSON.stringify(HAND_REPORT, null, 2) + '\n', JSON.stringify(HAND_REPORT)]) {
    // 7-byte chunks put entry and string boundaries everywhere, including between a backslash and what it escapes.
    for (const chunk of [7, 16, 61, 1 << 20]) assertHandValues(readText(text, chunk), text);
  }
});

test('any valid layout reads the same: tabs and line breaks everywhere, escaped keys, members in another order', () => {
  const odd = JSON.stringify(HAND_REPORT, null, '\t').replace(/"path"/g, '"p\\u0061th"').replace(/": /g, '" :\r\n ');
  assertHandValues(readText(odd, 13), odd);
  // "files" first, "findings" before "path".
  const { files, ...around } = HAND_REPORT;
  const reordered = { files: files.map(({ findings, ...rest }) => ({ findings, ...rest })), ...around };
  const text = JSON.stringify(reordered, null, 2);
  assertHandValues(readText(text, 29), text);
});

test('a truncated file, a file that is not JSON or not a report, and a bad entry each give a clear reason', () => {
  const text = JSON.stringify(HAND_REPORT, null, 2);
  const fails = (t: string, reason: RegExp) => assert.throws(() => readText(t, 64), (e: unknown) => e instanceof ReportFileError && reason.test(e.message), reason.source);
  // Cut inside the second entry's path string (after its opening quote).
  const cut = text.indexOf('a \\"quoted\\"') + 3;
  fails(text.slice(0, cut), new RegExp(`^it is truncated: the file ends at byte ${cut}, inside "files", in files\\[1\\]$`));
  // Cut after the files list: inside the report object.
  const afterFiles = text.indexOf('"dataset"');
  fails(text.slice(0, afterFiles), /^it is truncated: the file ends at byte \d+, inside the report object$/);
  fails('RIFF\u0000\u0000WAVEfmt ', /^it is not an Audio Audit report/);
  fails('{"name": "audio-dataset-audit", "version": "0.1.0"}', /^it is not an Audio Audit report/);
  fails('{"version": 2, "root": "/", "partial": false, "settings": {}, "dataset": {"fileCount": 0}, "files": []}', /^report version 2 is not supported/);
  fails(text.replace('"rmsDbfs": -20.125', '"rmsDbfs": "loud"'), /^files\[0\] \("a.wav"\): "rmsDbfs" is not a number or null$/);
  fails(text.replace('"severity": "error"', '"severity": "fatal"'), /^files\[1\] \(.*\): a finding is not \{ rule, severity/);
  fails(text.replace('"path": "z.wav"', '"name": "z.wav"'), /^files\[2\] has no "path"$/);
  fails(text.replace('"dcOffset": 0.25,', '"dcOffset": 0.25'), /^it is not valid JSON at byte \d+ \(expected "," or "}"\)$/);
  fails(text + ' x', /^it is not valid JSON at byte \d+ \(more after the report object\)$/);
});

test('numbers read as JSON.parse reads them (the fast decimal path and the general one)', () => {
  const literals = ['0', '-0', '1', '22050', '0.1', '0.3', '-2.8635372234552428', '1e-7', '1E+2', '123456789012345', '1234567890123456789',
    '5e-324', '1.7976931348623157e308', '0.000001', '99.99999999999999', '-0.0000000000000000000000001', '2.5e3', '1e400'];
  const files = literals.map((lit, i) => `{"path":"f${i}","error":null,"peakDbfs":${lit},"findings":[]}`);
  const text = `{"version":1,"root":"/","partial":false,"settings":{},"dataset":{"fileCount":${files.length}},"files":[${files.join(',')}]}`;
  const r = readText(text, 32);
  // JSON.parse is the reference; 1e400 parses to Infinity, which JSON cannot mean: a missing value (NaN) in the columns.
  const expected = literals.map((lit) => JSON.parse(lit) as number).map((v) => (Number.isFinite(v) ? v : NaN));
  assert.deepEqual([...r.files.metrics.peakDbfs], expected);
  assert.ok(Object.is(r.files.metrics.peakDbfs[1], -0));
});

test('a generated 300-file report reads the same as JSON.parse + toReportView (the all-rows path)', async () => {
  const { fakeReport } = await import('../../fixtures/fakeReport');
  const { toReportView, METRIC_IDS } = await import('../../../src/core/report/view');
  const report = fakeReport(300, { seed: 3, xss: true });
  const text = JSON.stringify(report, null, 2) + '\n';
  const view = toReportView(JSON.parse(text));
  const r = readText(text, 4096);
  assert.equal(r.files.count, 300);
  const nan = (xs: (number | null)[]) => xs.map((v) => (v === null ? NaN : v));
  assert.deepEqual(Array.from({ length: 300 }, (_, i) => path(r, i)), view.files.path);
  assert.deepEqual([...r.files.sampleRate], nan(view.files.sampleRate));
  assert.deepEqual([...r.files.bits], nan(view.files.bits));
  for (const m of METRIC_IDS) assert.deepEqual([...r.files.metrics[m]], nan(view.files.metrics[m]), m);
  let k = 0;
  view.files.findings.forEach((list, i) => {
    assert.equal(r.files.findingStart[i + 1] - r.files.findingStart[i], list.length);
    for (const x of list) {
      assert.equal(r.files.rules[r.files.findingRule[k]], x.rule);
      assert.equal(message(r, k), x.message);
      k++;
    }
  });
  assert.ok(k > 50, `${k} findings compared`);
});
