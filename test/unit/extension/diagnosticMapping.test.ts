import { test } from 'node:test';
import assert from 'node:assert/strict';
import { descriptorFor, diagnosticsByFile, groupDigits, planDiagnostics, statusText, totalsOf } from '../../../src/extension/diagnosticMapping';
import { fileReport, finding, report } from './fixtures';

test('a finding becomes a diagnostic with the rule id as code, mapped severity and source audio-audit', () => {
  const msg = 'DC offset of 0.05 (−26.0 dBFS) on channel 1.';
  assert.deepEqual(descriptorFor(finding('dc-offset', 'warning', msg)),
    { code: 'dc-offset', severity: 'warning', message: msg, source: 'audio-audit' });
  assert.equal(descriptorFor(finding('padded-bit-depth', 'info')).severity, 'information');
  assert.equal(descriptorFor(finding('unreadable', 'error')).severity, 'error');
});

test('diagnostics go on the absolute path of each file with findings; clean files get none', () => {
  const byFile = diagnosticsByFile([report('/data', [
    fileReport('a.wav', [finding('clipping', 'warning'), finding('sample-rate-mismatch', 'warning')]),
    fileReport('clean.wav'),
    fileReport('sub/dir/b.wav', [finding('empty', 'error')]),
  ])]);
  assert.deepEqual([...byFile.keys()].sort(), ['/data/a.wav', '/data/sub/dir/b.wav']);
  assert.deepEqual(byFile.get('/data/a.wav')!.map((d) => d.code), ['clipping', 'sample-rate-mismatch']);
});

test('when two reports cover a file, the later report decides (including "now clean")', () => {
  const whole = report('/data', [fileReport('sub/x.wav', [finding('dc-offset', 'warning')])]);
  const sub = report('/data/sub', [fileReport('x.wav')]);
  assert.equal(diagnosticsByFile([whole, sub]).has('/data/sub/x.wav'), false);
  assert.equal(diagnosticsByFile([sub, whole]).get('/data/sub/x.wav')!.length, 1);
});

test('files that left the report or stopped having findings are cleared', () => {
  const wanted = diagnosticsByFile([report('/data', [fileReport('a.wav', [finding('clipping', 'warning')]), fileReport('fixed.wav')])]);
  const plan = planDiagnostics(new Set(['/data/a.wav', '/data/fixed.wav', '/data/deleted.wav']), wanted);
  assert.deepEqual([...plan.clear].sort(), ['/data/deleted.wav', '/data/fixed.wav']);
  assert.deepEqual([...plan.set.keys()], ['/data/a.wav']);
});

test('totals count files and findings by severity over every report', () => {
  const t = totalsOf([
    report('/a', [fileReport('1.wav', [finding('empty', 'error'), finding('dc-offset', 'warning')]), fileReport('2.wav')]),
    report('/b', [fileReport('3.wav', [finding('padded-bit-depth', 'info'), finding('clipping', 'warning')])]),
  ]);
  assert.deepEqual(t, { files: 3, errors: 1, warnings: 2, infos: 1 });
});

test('status text groups digits by three with spaces and uses singular for one', () => {
  assert.equal(statusText({ files: 1204, errors: 3, warnings: 41, infos: 0 }), '$(pulse) 1 204 files · 3 errors · 41 warnings');
  assert.equal(statusText({ files: 1, errors: 1, warnings: 0, infos: 5 }), '$(pulse) 1 file · 1 error · 0 warnings');
  assert.equal(groupDigits(1234567), '1 234 567');
  assert.equal(groupDigits(999), '999');
  assert.equal(groupDigits(1000), '1 000');
});

test('manifest findings sit on their manifest line (1-based in the report, 0-based in the editor) and count in the totals', () => {
  const r = {
    ...report('/data', [fileReport('speech/a.wav', [finding('split-leakage', 'error')])]),
    manifests: [{
      path: 'speech/train.jsonl', dialect: 'nemo' as const, split: 'train' as const, entries: 3, totalDeclaredSec: 6,
      findings: [{ ...finding('manifest-missing-audio', 'error'), line: 3 }, { ...finding('long-utterance', 'info'), line: 1 }],
    }, {
      path: 'speech/test.jsonl', dialect: 'nemo' as const, split: 'test' as const, entries: 1, totalDeclaredSec: 2, findings: [],
    }],
  };
  const byFile = diagnosticsByFile([r]);
  assert.deepEqual([...byFile.keys()].sort(), ['/data/speech/a.wav', '/data/speech/train.jsonl']);
  assert.deepEqual(byFile.get('/data/speech/train.jsonl')!.map((d) => [d.code, d.line]), [['manifest-missing-audio', 2], ['long-utterance', 0]]);
  assert.equal(byFile.get('/data/speech/a.wav')![0].line, undefined);
  assert.deepEqual(totalsOf([r]), { files: 1, errors: 2, warnings: 0, infos: 1 });
});
