// PrettyBytes re-indents a part line's UTF-8 bytes: its output must equal JSON.stringify of the parsed value (the
// reference, as UTF-8), for fake files, awkward strings (non-ASCII, escapes), nested and empty containers,
// fingerprints dropped and findings appended, several entries into one batch and batches taken mid-way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrettyBytes } from '../../../src/core/report/prettyBytes';
import { fakeFile } from '../../fixtures/fakeReport';
import { prng } from '../../fixtures/prng';
import { AWKWARD_FINDINGS, awkwardFiles, prettyReference } from '../../fixtures/prettyReference';
import type { FileReport, Finding } from '../../../src/core/types';

const reference = prettyReference;
const EXTRA = AWKWARD_FINDINGS;

function entryOf(line: string, start: number, extra: Finding[]): { text: string; findings: string } {
  const out = new PrettyBytes();
  const src = Buffer.from(line);
  out.entry(src, start, src.length, extra.map((x) => Buffer.from(JSON.stringify(x))));
  return { text: out.take().toString('utf8'), findings: src.toString('utf8', out.findingsStart, out.findingsEnd) };
}

test('fake files, with and without mel, with and without appended findings', () => {
  const rnd = prng(3);
  for (let i = 0; i < 300; i++) {
    const f = fakeFile(`spk${i % 7}/utt${i}.wav`, rnd, i % 2 === 0);
    for (const extra of [[], EXTRA.slice(0, 1), EXTRA]) {
      const e = entryOf(JSON.stringify(f), 0, extra);
      assert.equal(e.text, reference(f, extra));
      assert.deepEqual(JSON.parse(e.findings), f.findings);
    }
  }
});

test('awkward paths and values inside a part record: non-ASCII, escapes, empty and nested containers, fingerprints', () => {
  const rnd = prng(4);
  const base = fakeFile('x.wav', rnd, false);
  const odd = { deep: [[[]], [{}], [{ a: [1, { b: 'é"\\' }] }]], empty: {}, list: [] } as unknown as FileReport['format'];
  const cases: FileReport[] = [
    ...awkwardFiles(base),
    { ...base, path: 'Sprecher/Ärger — 声音 🎙 \u0001\u001f\u2028.wav', format: odd },
    { ...base, path: `${'long/'.repeat(4000)}x.wav`, findings: [...base.findings, ...EXTRA] },
  ];
  for (const f of cases) {
    for (const extra of [[], EXTRA]) {
      const line = JSON.stringify({ type: 'file', report: f });
      const e = entryOf(line, line.indexOf('{', 1), extra);
      assert.equal(e.text, reference(f, extra), f.path);
      assert.deepEqual(JSON.parse(e.findings), f.findings, f.path);
    }
  }
});

test('entries and separators accumulate in one batch; take() hands it over and starts empty', () => {
  const rnd = prng(5);
  const files = Array.from({ length: 2000 }, (_, i) => fakeFile(`s/u${i}é.wav`, rnd, i % 3 === 0));
  const out = new PrettyBytes();
  const taken: Buffer[] = [];
  files.forEach((f, i) => {
    if (i > 0) out.byte(0x2c);
    const src = Buffer.from(JSON.stringify(f));
    out.entry(src, 0, src.length, []);
    if (i % 700 === 0) taken.push(out.take());
  });
  taken.push(out.take());
  assert.equal(out.length, 0);
  assert.equal(Buffer.concat(taken).toString('utf8'), files.map((f) => reference(f, [])).join(','));
});

test('text after the file object and cut-off values are refused', () => {
  const out = new PrettyBytes();
  assert.throws(() => out.entry(Buffer.from('{"path":"a"}x'), 0, 13, []), /1 characters after the file object/);
  assert.throws(() => out.entry(Buffer.from('{"path":"a'), 0, 10, []), /unterminated string/);
  assert.throws(() => out.entry(Buffer.from('{"path":[1,2'), 0, 12, []), /cut off/);
});

test('entries larger than the batch buffer grow it: a 3 MB path, a 300 000-element array, 40 levels of nesting', () => {
  const rnd = prng(6);
  const base = fakeFile('x.wav', rnd, false);
  let nested: unknown = [1.5, 'é'];
  for (let k = 0; k < 40; k++) nested = k % 2 ? [nested, {}] : { k: nested, e: [] };
  const cases: FileReport[] = [
    { ...base, path: `${'ü/'.repeat(1_000_000)}x.wav` },
    { ...base, format: { many: Array.from({ length: 300_000 }, (_, k) => k * 0.5) } as unknown as FileReport['format'] },
    { ...base, format: nested as FileReport['format'] },
  ];
  const out = new PrettyBytes();
  for (const f of cases) {
    const src = Buffer.from(JSON.stringify(f));
    out.entry(src, 0, src.length, [Buffer.from(JSON.stringify(EXTRA[1]))]);
  }
  assert.equal(out.take().toString('utf8'), cases.map((f) => reference(f, [EXTRA[1]])).join(''));
});
