import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileEntry, reportJsonChunks, streamedReportJsonChunks } from '../../../src/core/report/jsonChunks';
import { fakeReport } from '../../fixtures/fakeReport';
import type { AuditReport } from '../../../src/core/types';

test('the chunks join to exactly JSON.stringify(report, null, 2) + newline', () => {
  for (const n of [0, 1, 7]) {
    const report = fakeReport(n);
    assert.equal([...reportJsonChunks(report)].join(''), JSON.stringify(report, null, 2) + '\n', `${n} files`);
  }
});

test('a file name with a newline, quotes and markup stays one escaped JSON string', () => {
  const base = fakeReport(1);
  const report: AuditReport = { ...base, files: [{ ...base.files[0], path: 'a\n"b"</script>.wav' }] };
  const text = [...reportJsonChunks(report)].join('');
  assert.equal(text, JSON.stringify(report, null, 2) + '\n');
  assert.equal(JSON.parse(text).files[0].path, 'a\n"b"</script>.wav');
});

test('streamed: files arriving one at a time join to the same JSON.stringify(report, null, 2) + newline', async () => {
  for (const n of [0, 1, 7]) {
    const { version, root, settings, partial, files, dataset } = fakeReport(n);
    const report = { version, root, settings, partial, files, duplicates: [], dataset, merged: { parts: 3 } };
    async function* arriving() {
      for (const f of files) yield fileEntry(f);
    }
    const chunks: string[] = [];
    for await (const c of streamedReportJsonChunks({ version, root, settings, partial }, arriving(), { duplicates: [], dataset, merged: { parts: 3 } })) chunks.push(c);
    assert.equal(chunks.join(''), JSON.stringify(report, null, 2) + '\n', `${n} files`);
  }
});

test('fingerprints (a string or null) stay out of the text; the rest is JSON.stringify(report, null, 2)', () => {
  const base = fakeReport(3);
  const files = [{ ...base.files[0], fingerprint: 'AAECAw==' }, { ...base.files[1], fingerprint: null }, base.files[2]];
  const without = base.files.map((f) => ({ ...f }));
  assert.equal([...reportJsonChunks({ ...base, files })].join(''), JSON.stringify({ ...base, files: without }, null, 2) + '\n');
});
