// prettyFileEntry re-indents compact JSON text: its output must equal JSON.stringify of the parsed value (the
// reference), for fake files with and without mel, awkward strings, fingerprints and appended findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyFileEntry } from '../../../src/core/report/prettyEntry';
import { fakeFile } from '../../fixtures/fakeReport';
import { prng } from '../../fixtures/prng';
import { AWKWARD_FINDINGS, awkwardFiles, prettyReference } from '../../fixtures/prettyReference';
import type { FileReport } from '../../../src/core/types';

const reference = prettyReference;
const EXTRA = AWKWARD_FINDINGS;

test('fake files, with and without mel, with and without appended findings', () => {
  const rnd = prng(3);
  for (let i = 0; i < 300; i++) {
    const f = fakeFile(`spk${i % 7}/utt${i}.wav`, rnd, i % 2 === 0);
    for (const extra of [[], EXTRA.slice(0, 1), EXTRA]) {
      const text = JSON.stringify(f);
      const entry = prettyFileEntry(text, 0, extra.map((x) => JSON.stringify(x)));
      assert.equal(entry.text, reference(f, extra));
      assert.deepEqual(JSON.parse(text.slice(entry.findingsStart, entry.findingsEnd)), f.findings);
    }
  }
});

test('awkward paths and values: quotes, backslashes before quotes, empty arrays and objects, fingerprints, nulls', () => {
  const rnd = prng(4);
  const base = fakeFile('x.wav', rnd, false);
  const cases = awkwardFiles(base);
  for (const f of cases) {
    for (const extra of [[], EXTRA]) {
      // Inside the part's record, as the merge reads it: {"type":"file","report":{...}}
      const line = JSON.stringify({ type: 'file', report: f });
      const start = line.indexOf('{', 1);
      const entry = prettyFileEntry(line, start, extra.map((x) => JSON.stringify(x)));
      assert.equal(entry.text, reference(f, extra), f.path);
      assert.deepEqual(JSON.parse(line.slice(entry.findingsStart, entry.findingsEnd)), f.findings, f.path);
    }
  }
});
