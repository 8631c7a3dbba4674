// The streaming reader's batched kernel path (entryKernel.wat "entries", columnBuilder.ts blocks and path bytes)
// against JSON.parse of the same bytes: reports of a few thousand files (several batches of 1024 and column blocks),
// with non-ASCII, escaped and invalid-UTF-8 paths, repeated and escaped messages, entries the kernel declines, chunk
// ends inside entries and a stop in the middle of a batch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Buffer } from 'node:buffer';
import { readReportColumns, readReportRange, type StreamedReport } from '../../../src/core/report/streamReader';
import { fakeReport } from '../../fixtures/fakeReport';
import { readBytes } from '../../fixtures/readBytes';
import type { AuditReport } from '../../../src/core/types';

/** Replaces every `marker` (ASCII) in bytes by the raw bytes `by` (for UTF-8 no JSON.stringify writes). */
function replaceBytes(bytes: Buffer, marker: string, by: number[]): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let k = bytes.indexOf(marker, 0, 'latin1'); k >= 0; k = bytes.indexOf(marker, from, 'latin1')) {
    parts.push(bytes.subarray(from, k), Buffer.from(by));
    from = k + marker.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

/** A files[] entry as the tests change it before writing. */
interface EditableFile { path: string; rmsDbfs: number | null; findings: { rule: string; severity: string; message: string }[] }

/** The pretty report of `count` files with its paths, numbers and messages changed as `edit` says. */
function reportBytes(count: number, edit: (r: { files: EditableFile[] }) => void, seed = 5): Buffer {
  const report = fakeReport(count, { seed, mel: true });
  edit(report as unknown as { files: EditableFile[] });
  let text = JSON.stringify(report, null, 2) + '\n';
  // 26 significant digits: more than the kernel's u64, so it declines the entry and JS reads it (Number() rounds).
  text = text.split('"rmsDbfs": 12345').join('"rmsDbfs": -12.345000000000000000000000001');
  return Buffer.from(text, 'utf8');
}

/** Every column of r against JSON.parse of the same bytes (decoded as a whole, as readFileSync(..., 'utf8') would). */
function assertAsJsonParse(r: StreamedReport, bytes: Buffer, count = JSON.parse(bytes.toString('utf8')).files.length): void {
  const files = (JSON.parse(bytes.toString('utf8')) as AuditReport).files.slice(0, count);
  const f = r.files;
  assert.equal(f.count, files.length);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
  // Entry offsets: in the pretty layout every files[] entry is a "{" after a line break and four spaces.
  const starts: number[] = [];
  for (let k = bytes.indexOf('\n    {'); k >= 0 && starts.length < files.length; k = bytes.indexOf('\n    {', k + 1)) starts.push(k + 5);
  let finding = 0;
  files.forEach((file, i) => {
    const where = `files[${i}]`;
    assert.equal(f.pathText.slice(f.pathStart[i], f.pathStart[i + 1]), file.path, where);
    assert.equal(f.entryOffset[i], starts[i], where);
    assert.equal(f.errors.get(i), file.error ?? undefined, where);
    assert.ok(Object.is(f.sampleRate[i], num(file.format?.sampleRate)), where);
    assert.ok(Object.is(f.channels[i], num(file.format?.channels)), where);
    assert.ok(Object.is(f.bits[i], num(file.format?.validBits)), where);
    assert.ok(Object.is(f.metrics.durationSec[i], num(file.format?.durationSec)), where);
    assert.ok(Object.is(f.metrics.peakDbfs[i], num(file.peakDbfs)), where);
    assert.ok(Object.is(f.metrics.rmsDbfs[i], num(file.rmsDbfs)), where);
    assert.ok(Object.is(f.metrics.dcOffset[i], num(file.dcOffset)), where);
    assert.ok(Object.is(f.metrics.zeroBin[i], num(file.minMax?.zeroBin)), where);
    assert.ok(Object.is(f.metrics.melMinDb[i], num(file.mel?.minDb)), where);
    assert.ok(Object.is(f.metrics.melMaxDb[i], num(file.mel?.maxDb)), where);
    const bandwidth = num(file.bandwidthHz), sr = num(file.format?.sampleRate);
    assert.ok(Object.is(f.metrics.bandwidthRatio[i], Number.isNaN(bandwidth) || Number.isNaN(sr) ? NaN : bandwidth / (sr / 2)), where);
    assert.equal(f.findingStart[i + 1] - f.findingStart[i], file.findings.length, where);
    for (const x of file.findings) {
      const m = f.findingMessage[finding];
      assert.equal(f.rules[f.findingRule[finding]], x.rule, where);
      assert.equal(['error', 'warning', 'info'][f.findingSeverity[finding]], x.severity, where);
      assert.equal(f.messageText.slice(f.messageStart[m], f.messageStart[m + 1]), x.message, where);
      finding++;
    }
  });
  // Messages are kept once each: as many as distinct messages.
  assert.equal(f.messageStart.length - 1, new Set(files.flatMap((x) => x.findings.map((y) => y.message))).size);
  const expected = files.find((x) => x.minMax?.expectedZeroBin !== undefined && x.minMax?.expectedZeroBin !== null)?.minMax?.expectedZeroBin ?? null;
  assert.equal(f.expectedZeroBin, expected);
}

const read = (bytes: Buffer, chunkBytes: number, kernel = true) => readReportColumns(readBytes(bytes), { chunkBytes, kernel });

test('3000 ASCII files: batches of 1024, column blocks and one path decode give what JSON.parse gives', () => {
  const bytes = reportBytes(3000, (r) => {
    r.files[7].findings.push({ rule: 'dc-offset', severity: 'info', message: 'repeated "quoted" \\ message' });
    r.files[2500].findings.push({ rule: 'dc-offset', severity: 'info', message: 'repeated "quoted" \\ message' });
  });
  for (const chunk of [1 << 24, 65536, 5000]) assertAsJsonParse(read(bytes, chunk), bytes);
});

test('non-ASCII paths (2-, 3- and 4-byte UTF-8) in every batch read as JSON.parse reads them', () => {
  const names = ['é', '日本語', '🎵', 'ö🎵x'];
  const bytes = reportBytes(2500, (r) => r.files.forEach((f, i) => { if (i % 97 === 3) f.path = `${names[i % 4]}/${f.path}`; }));
  for (const chunk of [1 << 24, 7000]) assertAsJsonParse(read(bytes, chunk), bytes);
});

test('escaped paths (quotes, backslashes, \\u escapes, a lone surrogate) and declined entries among batched ones', () => {
  const bytes = reportBytes(2200, (r) => {
    r.files[5].path = 'a "quoted" \\ path.wav';
    r.files[1100].path = 'tab\there\u2028é.wav';
    r.files[1500].path = 'lone \ud800 surrogate.wav';
    for (const i of [0, 1, 1023, 1024, 1025, 2199]) r.files[i].rmsDbfs = 12345;
  });
  assert.ok(bytes.includes('\\ud800'), 'the lone surrogate is written escaped');
  for (const chunk of [1 << 24, 4096]) assertAsJsonParse(read(bytes, chunk), bytes);
});

test('invalid UTF-8 in paths, also a sequence split across two paths, reads as the whole-file decode', () => {
  const base = reportBytes(1500, (r) => {
    r.files[10].path = 'x~LEAD~';
    r.files[11].path = '~TAIL~y';
    r.files[900].path = 'bad ~FF~ byte';
  });
  // 0xE6 0x97 0xA5 is U+65E5: split over two paths, each alone is invalid (U+FFFD), as JSON.parse of the file has it.
  // Alone (the paths' bytes together are valid UTF-8) and with a stray 0xFF (they are not).
  const split = replaceBytes(replaceBytes(replaceBytes(base, '~LEAD~', [0xe6]), '~TAIL~', [0x97, 0xa5]), '~FF~', []);
  const files = (JSON.parse(split.toString('utf8')) as AuditReport).files;
  assert.ok(files[10].path.endsWith('\ufffd') && files[11].path.startsWith('\ufffd'));
  const stray = replaceBytes(split, 'bad  byte', [0x62, 0xff]);
  for (const bytes of [split, stray]) {
    assertAsJsonParse(read(bytes, 1 << 24), bytes);
    assertAsJsonParse(read(bytes, 1 << 24, false), bytes);
  }
});

test('a stop in the middle of a batch: the first half ends before that entry, with what JSON.parse gives', () => {
  const bytes = reportBytes(3000, () => {});
  const starts: number[] = [];
  for (let k = bytes.indexOf('\n    {'); k >= 0; k = bytes.indexOf('\n    {', k + 1)) starts.push(k + 5);
  for (const stopIndex of [1, 700, 1024, 2049]) {
    const r = readReportRange(readBytes(bytes), { chunkBytes: 1 << 24, stopAt: starts[stopIndex] });
    assert.equal(r.stoppedAt, starts[stopIndex]);
    assertAsJsonParse(r, bytes, stopIndex);
  }
});

test('a bad entry after batched ones is named by its index and path; a bad byte by its file offset', () => {
  const bytes = reportBytes(2000, (r) => { (r.files[1500] as unknown as { findings: number }).findings = 5; });
  const path = (JSON.parse(bytes.toString('utf8')) as AuditReport).files[1500].path;
  for (const chunk of [1 << 24, 5000]) {
    assert.throws(() => read(bytes, chunk), { message: `files[1500] ("${path}"): "findings" is not a list` });
  }
  // A raw control character inside the path of files[1200]: JSON.parse refuses it too.
  const starts: number[] = [];
  for (let k = bytes.indexOf('\n    {'); k >= 0; k = bytes.indexOf('\n    {', k + 1)) starts.push(k + 5);
  const pathAt = bytes.indexOf('"path": "', starts[1200]) + 10;
  const bad = Buffer.from(bytes);
  bad[pathAt] = 0x01;
  assert.throws(() => JSON.parse(bad.toString('utf8')));
  for (const chunk of [1 << 24, 5000]) assert.throws(() => read(bad, chunk), { message: new RegExp(`at byte ${pathAt} \\(a control character inside a string\\)`) });
});

test('a 256th rule inside a batch is named by its entry, as the JS scanner names it', () => {
  const bytes = reportBytes(1500, (r) => {
    for (let k = 0; k < 300; k++) r.files[1000 + k].findings.push({ rule: `rule-${k}`, severity: 'info', message: 'x' });
  });
  // The entry where the 256th distinct rule first appears, counted over the parsed report.
  const files = (JSON.parse(bytes.toString('utf8')) as AuditReport).files;
  const seen = new Set<string>();
  const at = files.findIndex((f) => f.findings.some((x) => { seen.add(x.rule); return seen.size > 255; }));
  assert.ok(at > 1000 && at < 1300);
  for (const kernel of [true, false]) {
    assert.throws(() => read(bytes, 1 << 24, kernel), { message: `files[${at}] ("${files[at].path}"): more than 255 different rules` });
  }
});

test('a bad escape in a path before one in a later message: the path\'s JSON.parse error, as entry by entry', () => {
  const bytes = Buffer.from(reportBytes(1200, (r) => {
    r.files[5].path = 'bad ~X~ path';
    r.files[7].findings.push({ rule: 'dc-offset', severity: 'info', message: 'a much worse ~Q~ message' });
  }).toString('utf8').replace('~X~', '\\x').replace('~Q~', '\\q'), 'utf8');
  let expected = '';
  try { JSON.parse('"bad \\x path"'); } catch (e) { expected = (e as Error).message; }
  assert.ok(expected.length > 0);
  for (const kernel of [true, false]) assert.throws(() => read(bytes, 1 << 24, kernel), { message: expected });
});
