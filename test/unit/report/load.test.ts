import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReportJson, ReportFileError } from '../../../src/core/report/load';
import { fakeReport } from '../../fixtures/fakeReport';

test('a report written as audio-audit --out writes it (JSON, 2-space indent) reads back equal', () => {
  const report = fakeReport(5, { xss: true });
  assert.deepEqual(parseReportJson(JSON.stringify(report, null, 2) + '\n'), report);
});

test('a file that is not a version-1 report gives one sentence saying why', () => {
  const fails = (text: string, reason: RegExp) => assert.throws(() => parseReportJson(text), (e: unknown) => e instanceof ReportFileError && reason.test(e.message));
  fails('RIFF\u0000\u0000WAVEfmt ', /^it is not JSON \(/);
  fails('{"name": "audio-dataset-audit", "version": "0.1.0"}', /^it is not an Audio Audit report/);
  fails('[1, 2, 3]', /^it is not an Audio Audit report/);
  fails('{"version": 2, "files": []}', /^report version 2 is not supported/);
  const report = JSON.parse(JSON.stringify(fakeReport(3))) as { files: Record<string, unknown>[] };
  const second = report.files[1].path as string;
  report.files[1].findings = 'none';
  fails(JSON.stringify(report), new RegExp(`^files\\[1\\] \\(${JSON.stringify(second).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): "findings" is not a list$`));
  report.files[1].findings = [{ rule: 'clipping', severity: 'fatal', message: 'x' }];
  fails(JSON.stringify(report), /^files\[1\] .*a finding is not/);
  delete report.files[0].path;
  fails(JSON.stringify(report), /^files\[0\] has no "path"$/);
});
