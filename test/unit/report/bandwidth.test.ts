import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { histogram } from '../../../src/core/report/histogram';
import { METRICS, referenceLines } from '../../../src/core/report/metrics';
import { packView, unpackView } from '../../../src/core/report/pack';
import { toReportView } from '../../../src/core/report/view';
import type { AuditReport, FileReport } from '../../../src/core/types';
import { fakeReport } from '../../fixtures/fakeReport';

const base = fakeReport(6);

/** The fake report's readable files with the given bandwidths (Hz) at the given rates; the first file unreadable. */
function withBandwidths(cases: readonly [sampleRate: number, bandwidthHz: number | null | undefined][]): AuditReport {
  const readable = base.files.filter((f) => f.format);
  const files: FileReport[] = cases.map(([sampleRate, bandwidthHz], i) => {
    const f = readable[i % readable.length];
    return { ...f, path: `f${i}.wav`, format: { ...f.format!, sampleRate }, bandwidthHz };
  });
  files.push({ ...files[0], path: 'zz-unreadable.wav', error: 'fmt chunk missing', format: null, bandwidthHz: null });
  return { ...base, files };
}

test('bandwidthRatio = bandwidthHz / (sr/2); null without a bandwidth (short, silent, older report) or without a format', () => {
  // 8 kHz of a 22.05 kHz file's Nyquist: cliff bin 743 → 743·22050/2048 Hz, ratio 743/1024 = 0.7255859375.
  const report = withBandwidths([[22050, (743 * 22050) / 2048], [16000, 8000], [44100, (512 * 44100) / 2048], [22050, null], [22050, undefined]]);
  const v = toReportView(report);
  assert.deepEqual(v.files.metrics.bandwidthRatio, [743 / 1024, 1, 0.5, null, null, null]);
});

test('the bandwidthRatio column packs as a Float32Array (every kc/1024 is a float32) and unpacks to the same values', () => {
  const report = withBandwidths([[22050, (743 * 22050) / 2048], [48000, 24000], [16000, (33 * 16000) / 2048], [22050, null]]);
  const view = toReportView(report);
  const packed = packView(view);
  const column = packed.files.metrics.bandwidthRatio;
  assert.ok(column instanceof Float32Array);
  assert.deepEqual(Array.from(column), [743 / 1024, 1, 33 / 1024, NaN, NaN]);
  assert.deepEqual(unpackView(packed).files.metrics.bandwidthRatio, [743 / 1024, 1, 33 / 1024, null, null]);
});

test('the bandwidth histogram is a metric with the band-limited threshold line at bandLimitedRatio (default 0.7)', () => {
  const spec = METRICS.find((m) => m.id === 'bandwidthRatio');
  assert.deepEqual(spec, { id: 'bandwidthRatio', label: 'Bandwidth', unit: '× sr/2', integer: false });
  const d = base.dataset;
  assert.deepEqual(referenceLines('bandwidthRatio', DEFAULT_SETTINGS, d), [{ value: 0.7, label: 'band-limited < 0.7 × sr/2' }]);
  const strict = { ...DEFAULT_SETTINGS, thresholds: { ...DEFAULT_SETTINGS.thresholds, bandLimitedRatio: 0.9 } };
  assert.deepEqual(referenceLines('bandwidthRatio', strict, d).map((l) => l.value), [0.9]);
});

test('histogram of bandwidth ratios with the 0.7 line: edges and counts worked by hand', () => {
  // Ratios 0.5 (sr/4 cut), 0.7255859375 (8 kHz of 22.05 kHz), 1, 1, 1 and a null. Range [0.5, 1] (0.7 inside),
  // 20 target bins: 0.5/20 = 0.025 → mantissa 2.5 → 2 → width 0.02; bins 25..50:
  // 0.5 → bin 25, 0.7256 → floor(36.28) = 36, 1 → bin 50.
  const report = withBandwidths([[22050, 5512.5], [22050, (743 * 22050) / 2048], [22050, 11025], [16000, 8000], [44100, 22050]]);
  const values = toReportView(report).files.metrics.bandwidthRatio;
  const lines = referenceLines('bandwidthRatio', DEFAULT_SETTINGS, base.dataset);
  const h = histogram(values, { include: lines.map((l) => l.value) });
  assert.equal(h.width, 0.02);
  assert.equal(h.first, 25);
  assert.equal(h.counts.length, 26);
  assert.equal(h.missing, 1);
  assert.equal(h.counts[0], 1);
  assert.equal(h.counts[36 - 25], 1);
  assert.equal(h.counts[50 - 25], 3);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 5);
});
