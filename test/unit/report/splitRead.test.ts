import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSplit, joinHalves } from '../../../src/core/report/splitRead';
import { readReportRange, type PartialRead } from '../../../src/core/report/streamReader';
import { ReportFileError } from '../../../src/core/report/load';
import { readBytes } from '../../fixtures/readBytes';

// A pretty report (JSON.stringify(..., null, 2), the layout audio-audit writes) of `n` files; file i has peak −1 − i/10
// dBFS and i % 3 findings whose rule and message depend on i, so both halves hold rules and messages the other has not.
const RULES = ['dc-offset', 'clipping', 'near-silent', 'minmax-zero-shift'];
function fileOf(i: number) {
  return {
    path: `spk${i % 7}/utt ${i} "q" {x}.wav`, error: i === 5 ? 'bad header' : null,
    format: { sampleRate: i % 2 ? 16000 : 22050, channels: 1 + (i % 2), validBits: 16, durationSec: i / 4 },
    channels: [{ peak: 0.5, notes: ['\n    },\n    {'] }],
    dcOffset: i / 1000, peak: 0.5, peakDbfs: -1 - i / 10, rmsDbfs: -20, minMax: null, mel: null,
    findings: Array.from({ length: i % 3 }, (_, k) => ({
      rule: RULES[(i + k) % RULES.length], severity: k ? 'warning' : 'error', message: `m${i < 40 ? i % 5 : i}-${k}`,
    })),
  };
}
function report(n: number, duplicates = 0) {
  return {
    version: 1, root: '/d', settings: {}, partial: false, files: Array.from({ length: n }, (_, i) => fileOf(i)),
    duplicates: Array.from({ length: duplicates }, (_, i) => ({ a: `x${i}`, b: `y${i}`, kind: 'exact', ber: 0, leakage: false })),
    dataset: { fileCount: n, errorCount: 1 }, merged: { parts: 3 },
  };
}

function halves(text: string, chunkBytes = 257) {
  const bytes = Buffer.from(text, 'utf8');
  const split = findSplit((pos, len) => bytes.subarray(pos, pos + len), bytes.length);
  assert.ok(split !== null, 'a split');
  const first: PartialRead = readReportRange(readBytes(bytes), { chunkBytes, stopAt: split });
  let second: PartialRead | Error;
  try { second = readReportRange(readBytes(bytes, split), { chunkBytes, startAt: split }); } catch (e) { second = e as Error; }
  return { bytes, split, first, second };
}

test('two halves joined give every file, in order, with its values, findings, rules and messages as written', () => {
  const src = report(80);
  const { bytes, split, first, second } = halves(JSON.stringify(src, null, 2));
  assert.equal(bytes[split], 0x7b); // '{'
  assert.ok(!(second instanceof Error));
  assert.ok(first.files.count > 0 && second.files.count > 0, 'both halves read files');
  const r = joinHalves(first, second, split);
  assert.ok(r);
  const f = r.files;
  assert.equal(f.count, 80);
  assert.equal(r.bytes, bytes.length);
  assert.equal(r.head.merged?.parts, 3);
  for (let i = 0; i < 80; i++) {
    const s = src.files[i];
    assert.equal(f.pathText.slice(f.pathStart[i], f.pathStart[i + 1]), s.path);
    assert.equal(f.metrics.peakDbfs[i], s.peakDbfs);
    assert.equal(f.sampleRate[i], s.format.sampleRate);
    assert.equal(f.errors.get(i) ?? null, s.error);
    // The entry offset points at this entry's "{" in the file.
    assert.equal(bytes.toString('utf8', f.entryOffset[i], f.entryOffset[i] + 14), '{\n      "path"');
    const got = [];
    for (let k = f.findingStart[i]; k < f.findingStart[i + 1]; k++) {
      const m = f.findingMessage[k];
      got.push({ rule: f.rules[f.findingRule[k]], severity: ['error', 'warning', 'info'][f.findingSeverity[k]], message: f.messageText.slice(f.messageStart[m], f.messageStart[m + 1]) });
    }
    assert.deepEqual(got, s.findings, `findings of file ${i}`);
  }
});

test('a split that falls in another array (duplicates) is not joined: the first half read the whole file', () => {
  const src = report(4, 400);
  const { split, first } = halves(JSON.stringify(src, null, 2));
  assert.equal(first.stoppedAt, null);
  assert.equal(first.files.count, 4);
  assert.equal(joinHalves(first, first, split), null);
  assert.equal(first.head.dataset.fileCount, 4);
});

test('joined halves are checked as a whole report: a wrong version is refused', () => {
  const src = { ...report(60), version: 2 };
  const { split, first, second } = halves(JSON.stringify(src, null, 2));
  assert.ok(!(second instanceof Error));
  assert.throws(() => joinHalves(first, second, split), (e: unknown) => e instanceof ReportFileError && /version 2/.test(e.message));
});
