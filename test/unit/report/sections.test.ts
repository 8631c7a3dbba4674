import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuplicatePair, ManifestFinding, ManifestReport } from '../../../src/core/types';
import { durationScatter, filterManifestFindings, manifestFindingsByRule, splitTotals, toManifestsView, worstFindings } from '../../../src/core/report/manifestView';
import { toDuplicatesView } from '../../../src/core/report/duplicateView';
import { formatLength, notSentNote } from '../../../src/core/report/format';
import { packView, unpackView } from '../../../src/core/report/pack';
import { toReportView } from '../../../src/core/report/view';
import { parseReportJson, ReportFileError } from '../../../src/core/report/load';
import { renderStandaloneHtml } from '../../../src/core/report/html';
import { fakeReport } from '../../fixtures/fakeReport';

const finding = (line: number, rule: ManifestFinding['rule'], severity: ManifestFinding['severity'], message = `${rule} on line ${line}`): ManifestFinding =>
  ({ rule, severity, message, line });

function manifest(path: string, split: ManifestReport['split'], entries: number, totalDeclaredSec: number, findings: ManifestFinding[] = [],
  durationPairs?: number[], dialect: ManifestReport['dialect'] = 'nemo'): ManifestReport {
  return { path, dialect, split, entries, totalDeclaredSec, findings, ...(durationPairs ? { durationPairs } : {}) };
}

test('hours per split: train, dev, test, eval, then no split; Kaldi segments/utt2dur/text add no utterances twice', () => {
  const ms = [
    manifest('cv/validated.tsv', null, 500, 1800),
    manifest('test.jsonl', 'test', 3, 6),
    manifest('train.jsonl', 'train', 9, 44.5),
    manifest('data/train/wav.scp', 'train', 100, 3600, [], undefined, 'kaldi'),
    // Companions of that data dir: their lines are the same 100 utterances; the check gives them no seconds.
    manifest('data/train/segments', 'train', 100, 0, [], undefined, 'kaldi'),
    manifest('data/train/text', 'train', 100, 0, [], undefined, 'kaldi'),
  ];
  assert.deepEqual(splitTotals(ms), [
    // 9 + 100 utterances; 44.5 + 3600 s over 4 manifest files
    { split: 'train', manifests: 4, entries: 109, declaredSec: 3644.5 },
    { split: 'test', manifests: 1, entries: 3, declaredSec: 6 },
    { split: null, manifests: 1, entries: 500, declaredSec: 1800 },
  ]);
  // 3644.5 s / 3600 = 1.0124 h; under an hour in seconds
  assert.equal(formatLength(3644.5), '1.01 h');
  assert.equal(formatLength(1800), '1800.0 s');
  assert.equal(formatLength(44.5), '44.5 s');
});

test('manifest rows count findings by severity; findings by rule count findings with the worst severity seen', () => {
  const train = manifest('train.jsonl', 'train', 9, 44.5, [
    finding(1, 'split-leakage', 'error'), finding(3, 'manifest-missing-audio', 'error'), finding(4, 'manifest-duration-mismatch', 'warning'),
    finding(9, 'char-rate-outlier', 'info'), finding(10, 'char-rate-outlier', 'info'),
  ]);
  // The same rule at a user-raised severity in another manifest: the rule's bar takes the worse one.
  const test2 = manifest('test.jsonl', 'test', 3, 6, [finding(2, 'split-leakage', 'error'), finding(3, 'char-rate-outlier', 'warning')]);
  const v = toManifestsView([train, test2]);
  assert.deepEqual(v.manifests.map((m) => [m.path, m.errors, m.warnings, m.infos]), [['train.jsonl', 2, 1, 2], ['test.jsonl', 1, 1, 0]]);
  assert.equal(v.findingCount, 7);
  assert.deepEqual(manifestFindingsByRule([train, test2]), [
    { rule: 'char-rate-outlier', findings: 3, severity: 'warning' },
    { rule: 'split-leakage', findings: 2, severity: 'error' },
    { rule: 'manifest-duration-mismatch', findings: 1, severity: 'warning' },
    { rule: 'manifest-missing-audio', findings: 1, severity: 'error' },
  ]);
});

test('the findings list is capped worst first: errors of every manifest, then warnings, then info, each in manifest and line order', () => {
  const a = manifest('a.jsonl', 'train', 5, 10, [finding(1, 'long-utterance', 'info'), finding(2, 'manifest-empty-text', 'warning'), finding(5, 'manifest-bad-line', 'error')]);
  const b = manifest('b.jsonl', 'test', 5, 10, [finding(1, 'manifest-bad-line', 'error'), finding(4, 'manifest-empty-text', 'warning')]);
  const at = (rows: { manifest: number; line: number }[]) => rows.map((r) => `${r.manifest}:${r.line}`);
  assert.deepEqual(at(worstFindings([a, b])), ['0:5', '1:1', '0:2', '1:4', '0:1']);
  // Cap 3: both errors and the first warning; the view counts all 5.
  assert.deepEqual(at(worstFindings([a, b], 3)), ['0:5', '1:1', '0:2']);
  const v = toManifestsView([a, b], 0.1, 3);
  assert.equal(v.findings.length, 3);
  assert.equal(v.findingCount, 5);
  assert.equal(notSentNote(v.findings.length, v.findingCount, 'findings'), '2 more findings in the JSON report (the first 3 are shown).');
  assert.equal(notSentNote(5000, 12345, 'pairs'), '7,345 more pairs in the JSON report (the first 5,000 are shown).');
  assert.equal(notSentNote(5, 5, 'pairs'), '');
  // The list filtered to one manifest, one rule, both.
  const all = worstFindings([a, b]);
  assert.deepEqual(at(filterManifestFindings(all, { manifest: 1, rule: null })), ['1:1', '1:4']);
  assert.deepEqual(at(filterManifestFindings(all, { manifest: null, rule: 'manifest-empty-text' })), ['0:2', '1:4']);
  assert.deepEqual(at(filterManifestFindings(all, { manifest: 0, rule: 'manifest-bad-line' })), ['0:5']);
});

test('duration scatter: every pair while they fit; over the cap all mismatches are kept and the matches thinned evenly', () => {
  // The demo's train.jsonl: (2, 2), (2.5, 2) mismatched by 0.5 s > 0.1 s, (31, 31).
  const demo = manifest('train.jsonl', 'train', 9, 44.5, [], [2, 2, 2.5, 2, 31, 31]);
  const s = durationScatter([demo], 0.1);
  assert.deepEqual([s.declared, s.decoded, s.manifest, s.total], [[2, 2.5, 31], [2, 2, 31], [0, 0, 0], 3]);
  // 8 matching pairs (k, k) and 2 mismatches (10, 12), (11, 9) over two manifests; cap 5: both mismatches, and the
  // 8 matches get 3 places -> every ceil(8/3) = 3rd: matches number 0, 3, 6 = (0,0), (3,3), (6,6).
  const m1 = manifest('a', 'train', 6, 0, [], [0, 0, 1, 1, 10, 12, 2, 2, 3, 3, 4, 4]);
  const m2 = manifest('b', 'test', 4, 0, [], [5, 5, 11, 9, 6, 6, 7, 7]);
  const capped = durationScatter([m1, m2], 0.1, 5);
  assert.equal(capped.total, 10);
  assert.deepEqual(capped.declared, [0, 10, 3, 11, 6]);
  assert.deepEqual(capped.decoded, [0, 12, 3, 9, 6]);
  assert.deepEqual(capped.manifest, [0, 0, 0, 1, 1]);
  // More mismatches than the cap: every ceil(2/1) = 2nd mismatch, no matches.
  assert.deepEqual(durationScatter([m1, m2], 0.1, 1).declared, [10]);
  // A |difference| equal to the threshold is not a mismatch (the rule fires on >).
  assert.deepEqual(durationScatter([manifest('c', null, 2, 0, [], [1, 1.5, 9, 9])], 0.5, 1).declared, [1]);
});

test('duplicate pairs: leakage first, then exact before near, lower BER first, then by path; capped with totals of all', () => {
  const pairs: DuplicatePair[] = [
    { a: 'n/x.wav', b: 'n/y.wav', kind: 'near', ber: 0.2, leakage: false },
    { a: 'e/b.wav', b: 'e/c.wav', kind: 'exact', ber: 0, leakage: false },
    { a: 'n/p.wav', b: 'n/q.wav', kind: 'near', ber: 0.05, leakage: true },
    { a: 'e/a.wav', b: 'e/z.wav', kind: 'exact', ber: 0, leakage: false },
    { a: 'e/m.wav', b: 'e/n.wav', kind: 'exact', ber: 0, leakage: true },
  ];
  const v = toDuplicatesView(pairs);
  assert.deepEqual(v.rows.map((p) => p.a), ['e/m.wav', 'n/p.wav', 'e/a.wav', 'e/b.wav', 'n/x.wav']);
  assert.deepEqual([v.total, v.leakage, v.exact, v.near], [5, 2, 3, 2]);
  const capped = toDuplicatesView(pairs, 2);
  assert.deepEqual(capped.rows.map((p) => p.a), ['e/m.wav', 'n/p.wav']);
  assert.deepEqual([capped.total, capped.leakage], [5, 2]);
});

test('the report view carries the sections and the merged part count; packing leaves them as they are', () => {
  const base = fakeReport(3);
  assert.equal(toReportView(base).manifests, null);
  assert.equal(toReportView(base).duplicates, null);
  assert.equal(toReportView(base).mergedParts, null);
  const report = {
    ...base,
    manifests: [manifest('train.jsonl', 'train', 2, 4, [finding(2, 'manifest-empty-text', 'warning')], [2, 2, 2, 2.5])],
    duplicates: [{ a: base.files[0].path, b: base.files[1].path, kind: 'exact' as const, ber: 0, leakage: true }],
    merged: { parts: 4 },
  };
  const view = toReportView(report);
  assert.equal(view.mergedParts, 4);
  assert.deepEqual(view.manifests?.splits, [{ split: 'train', manifests: 1, entries: 2, declaredSec: 4 }]);
  // (2, 2.5) is off by 0.5 s: DEFAULT_SETTINGS' 0.1 s threshold travels with the scatter.
  assert.equal(view.manifests?.scatter.thresholdSec, 0.1);
  assert.equal(view.duplicates?.leakage, 1);
  const packed = packView(view);
  assert.deepEqual(packed.manifests, view.manifests);
  assert.deepEqual(unpackView(packed), view);
});

test('load checks the manifests, duplicates and merged shapes and names the bad entry', () => {
  const base = JSON.parse(JSON.stringify(fakeReport(2))) as Record<string, unknown>;
  const good = { ...base, manifests: [manifest('t.jsonl', 'train', 1, 2, [finding(1, 'manifest-bad-line', 'error')])], duplicates: [], merged: { parts: 2 } };
  assert.deepEqual(parseReportJson(JSON.stringify(good)), good);
  const fails = (value: unknown, reason: RegExp) =>
    assert.throws(() => parseReportJson(JSON.stringify(value)), (e: unknown) => e instanceof ReportFileError && reason.test(e.message));
  fails({ ...base, manifests: {} }, /^"manifests" is not a list$/);
  fails({ ...base, manifests: [{ ...good.manifests[0], findings: [{ rule: 'x', severity: 'error', message: 'm' }] }] }, /^manifests\[0\] \("t\.jsonl"\): a finding is not .*line/);
  fails({ ...base, manifests: [{ ...good.manifests[0], durationPairs: [1, '2'] }] }, /^manifests\[0\] .*"durationPairs"/);
  fails({ ...base, duplicates: [{ a: 'x', b: 'y', kind: 'same', ber: 0, leakage: false }] }, /^duplicates\[0\] is not/);
  fails({ ...base, merged: { parts: '4' } }, /^"merged" is not/);
});

test('standalone HTML embeds the sections with file names escaped', () => {
  const base = fakeReport(2);
  const evil = '<img src=x onerror="window.__xss=1">.jsonl';
  const report = { ...base, manifests: [manifest(evil, 'train', 1, 2, [finding(1, 'manifest-bad-line', 'error', 'Not valid JSON </script>.')])] };
  const html = renderStandaloneHtml(report, { script: 'console.log(1);', css: 'body{}' });
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('JSON </script>'));
  const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(data);
  const embedded = JSON.parse(data) as ReturnType<typeof toReportView>;
  assert.equal(embedded.manifests?.manifests[0].path, evil);
  assert.equal(embedded.manifests?.findings[0].message, 'Not valid JSON </script>.');
});
