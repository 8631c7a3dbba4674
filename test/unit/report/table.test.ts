import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import type { AuditReport, FileReport, Finding } from '../../../src/core/types';
import { filesByRule, filterRows, findingsBySeverity, NO_FILTER, sortRows } from '../../../src/core/report/table';
import { toReportView } from '../../../src/core/report/view';

function file(path: string, peakDbfs: number | null, findings: Finding[], durationSec = 1): FileReport {
  return {
    path, error: null, channels: [], dcOffset: 0, peak: null, peakDbfs, rmsDbfs: null, stereoDownmixLossDb: null, minMax: null, mel: null, findings,
    format: { container: 'RIFF', encoding: 'pcm', bitsPerSample: 16, validBits: 16, sampleRate: 16000, channels: 1, frames: durationSec * 16000, durationSec },
  };
}

const dc = (m: string): Finding => ({ rule: 'dc-offset', severity: 'warning', message: m });
const clip: Finding = { rule: 'clipping', severity: 'error', message: 'Clipped run of 5 samples.' };

// Four files in path order (index 0..3).
const report: AuditReport = {
  version: 1, root: '/r', settings: DEFAULT_SETTINGS, partial: false,
  files: [
    file('a.wav', -3, [dc('DC offset 0.02.'), dc('DC offset 0.03 on channel 2.')], 2),
    file('b.wav', null, [], 4),
    file('c.wav', -1, [clip], 1),
    file('d.wav', -3, [clip, { rule: 'mel-clipped-high', severity: 'info', message: 'Mel TOP reached.' }], 3),
  ],
  dataset: {
    fileCount: 4, errorCount: 0, totalDurationSec: 10, sampleRates: { 16000: 4 }, channels: { 1: 4 }, bitDepths: { 16: 4 }, findingsByRule: {},
    peakDbfs: { min: -3, median: -3, max: -1 }, rmsDbfs: { min: null, median: null, max: null }, minMaxShiftedShare: null, minMaxMedianShift: null,
  },
};
const view = toReportView(report);
const all = () => [0, 1, 2, 3];

test('sort by peak: ties keep path order, null last in both directions', () => {
  assert.deepEqual(sortRows(view, all(), { column: 'peakDbfs', descending: false }), [0, 3, 2, 1]);
  assert.deepEqual(sortRows(view, all(), { column: 'peakDbfs', descending: true }), [2, 0, 3, 1]);
});

test('sort by path descending, by duration, by severity', () => {
  assert.deepEqual(sortRows(view, all(), { column: 'path', descending: true }), [3, 2, 1, 0]);
  // durations 2, 4, 1, 3
  assert.deepEqual(sortRows(view, all(), { column: 'durationSec', descending: false }), [2, 0, 3, 1]);
  // worst severity: warning(1), none(-1), error(2), error(2) -> descending: c, d (tie, path order), a, b
  assert.deepEqual(sortRows(view, all(), { column: 'severity', descending: true }), [2, 3, 0, 1]);
  // findings count 2, 0, 1, 2
  assert.deepEqual(sortRows(view, all(), { column: 'findings', descending: false }), [1, 2, 0, 3]);
});

test('filter by rule, severity, text (case-insensitive, path or message) and histogram bin', () => {
  assert.deepEqual(filterRows(view, NO_FILTER), [0, 1, 2, 3]);
  assert.deepEqual(filterRows(view, { ...NO_FILTER, rule: 'clipping' }), [2, 3]);
  assert.deepEqual(filterRows(view, { ...NO_FILTER, severity: 'info' }), [3]);
  assert.deepEqual(filterRows(view, { ...NO_FILTER, text: 'CHANNEL 2' }), [0]);
  assert.deepEqual(filterRows(view, { ...NO_FILTER, text: 'c.w' }), [2]);
  // peak bin of width 2 number -2 is [-4, -2): the two -3 dBFS files
  assert.deepEqual(filterRows(view, { ...NO_FILTER, bin: { metric: 'peakDbfs', width: 2, bin: -2 } }), [0, 3]);
  // filters combine: clipping AND peak in [-4, -2)
  assert.deepEqual(filterRows(view, { ...NO_FILTER, rule: 'clipping', bin: { metric: 'peakDbfs', width: 2, bin: -2 } }), [3]);
});

test('files by rule counts a file once per rule; findings by severity counts findings', () => {
  assert.deepEqual(filesByRule(view), [
    { rule: 'clipping', files: 2, severity: 'error' },
    { rule: 'dc-offset', files: 1, severity: 'warning' },
    { rule: 'mel-clipped-high', files: 1, severity: 'info' },
  ]);
  assert.deepEqual(findingsBySeverity(view), { error: 2, warning: 2, info: 1 });
});

test('view turns non-finite metrics into null (JSON has no NaN)', () => {
  const v = toReportView({ ...report, files: [file('x.wav', -Infinity, [])] });
  assert.equal(v.files.metrics.peakDbfs[0], null);
  assert.equal(v.files.metrics.durationSec[0], 1);
  assert.equal(v.files.sampleRate[0], 16000);
});

test('the severity totals count manifest-line findings with the files\' (as the status bar and --fail-on do)', () => {
  // Files: 2 warnings (a), 1 error (c), 1 error + 1 info (d). The manifest adds 1 error and 2 infos.
  assert.deepEqual(findingsBySeverity(view), { error: 2, warning: 2, info: 1 });
  const withManifest = toReportView({
    ...report,
    manifests: [{ path: 'train.jsonl', dialect: 'nemo', split: 'train', entries: 3, totalDeclaredSec: 6, findings: [
      { rule: 'manifest-missing-audio', severity: 'error', message: 'The audio file "x.wav" does not exist.', line: 2 },
      { rule: 'long-utterance', severity: 'info', message: 'The utterance lasts 31.0 s.', line: 3 },
      { rule: 'char-rate-outlier', severity: 'info', message: 'The transcript runs fast.', line: 1 },
    ] }],
  });
  assert.deepEqual(findingsBySeverity(withManifest), { error: 3, warning: 2, info: 3 });
});
