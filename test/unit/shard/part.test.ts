// The part format: records in path order whatever the completion order, no dataset findings, typed lines checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileReport, Finding } from '../../../src/core/types';
import { PathOrder } from '../../../src/core/shard/pathOrder';
import { datasetIdentity, endLine, fileLine, parsePartLine } from '../../../src/core/shard/part';
import { createHash } from 'node:crypto';

test('PathOrder releases each line once every path before it is done', () => {
  const order = new PathOrder(['a.wav', 'b.wav', 'c.wav', 'd.wav']);
  assert.deepEqual(order.add('c.wav', 'C'), []);
  assert.deepEqual(order.add('b.wav', 'B'), []);
  assert.equal(order.released, 0);
  assert.deepEqual(order.add('a.wav', 'A'), ['A', 'B', 'C']);
  assert.equal(order.released, 3);
  assert.deepEqual(order.add('d.wav', 'D'), ['D']);
  assert.equal(order.released, 4);
});

const finding = (rule: Finding['rule']): Finding => ({ rule, severity: 'warning', message: `${rule}.` });
const report = (findings: Finding[]): FileReport => ({
  path: 'x/y.wav', error: null, format: null, channels: [], dcOffset: 0.5, peak: null, peakDbfs: null, rmsDbfs: null,
  stereoDownmixLossDb: null, minMax: null, mel: null, findings,
});

test('a file record keeps the file\'s own findings and drops the dataset-level ones', () => {
  const line = fileLine(report([finding('dc-offset'), finding('sample-rate-mismatch'), finding('loudness-outlier'), finding('clipping')]));
  assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
  const record = parsePartLine(line.slice(0, -1));
  assert.ok(typeof record !== 'string' && record.type === 'file');
  assert.deepEqual(record.report.findings.map((x) => x.rule), ['dc-offset', 'clipping']);
  assert.equal(record.report.dcOffset, 0.5);
  assert.deepEqual(parsePartLine(endLine(7).trimEnd()), { type: 'end', files: 7 });
});

test('lines that are not records say why', () => {
  assert.equal(parsePartLine(''), 'is empty');
  assert.equal(parsePartLine('{"type":"file","report":{"path":"a'), 'is not complete JSON (cut off?)');
  assert.equal(parsePartLine('[1]'), 'is not a JSON object');
  assert.equal(parsePartLine('{"type":"fingerprint"}'), 'has an unknown record type "fingerprint"');
  assert.equal(parsePartLine('{"type":"file"}'), 'is a "file" record without a file report');
  assert.equal(parsePartLine('{"type":"end"}'), 'is an "end" record without a file count');
  assert.equal(parsePartLine('{"type":"part","format":"x"}'), 'is not an audio-audit part header (format "x")');
  assert.equal(parsePartLine('{"type":"part","format":"audio-audit-part","version":1}'), 'is a part header with missing or mistyped fields');
});

test('the dataset identity is the count and the SHA-256 of the paths, one per line', () => {
  // SHA-256("a.wav\nb/c.wav\n") computed by node:crypto directly over the text the header describes.
  const expected = createHash('sha256').update('a.wav\nb/c.wav\n').digest('hex');
  assert.deepEqual(datasetIdentity(['a.wav', 'b/c.wav']), { files: 2, pathsSha256: expected });
  assert.equal(datasetIdentity([]).pathsSha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'); // SHA-256 of ""
});
