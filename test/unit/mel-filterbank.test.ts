import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterWeight, hzToMel, melEdgesHz, melToHz, slaneyFilterbank } from '../../src/core/mel/filterbank';

test('Slaney mel scale: linear 200/3 Hz per mel up to 1 kHz (= 15 mel), then 27 mel per ln(6.4)', () => {
  assert.ok(Math.abs(hzToMel(200 / 3) - 1) < 1e-12);
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
  assert.ok(Math.abs(hzToMel(6400) - 42) < 1e-12); // 15 + ln(6.4)/(ln(6.4)/27)
  assert.ok(Math.abs(melToHz(42) - 6400) < 1e-9);
  assert.ok(Math.abs(melToHz(7.5) - 500) < 1e-12);
});

// Check values from librosa.filters.mel(sr=20000, n_fft=2048, n_mels=80) (issue 3).
test('librosa check values: sr 20000, n_fft 2048, 80 mels', () => {
  const edges = melEdgesHz(80, 0, 10000);
  assert.equal(edges.length, 82);
  assert.ok(Math.abs(edges[1] - 39.9105) < 5e-5, `second edge ${edges[1]}`);
  assert.ok(Math.abs(edges[81] - 10000) < 1e-9, `last edge ${edges[81]}`);

  const fb = slaneyFilterbank(20000, 2048, 80, 0, 10000);
  assert.equal(fb.bins, 1025);
  // filter 0 is non-zero on FFT bins 1..8 exactly
  assert.equal(fb.start[0], 1);
  assert.equal(fb.end[0], 9);
  assert.equal(filterWeight(fb, 0, 0), 0);
  assert.equal(filterWeight(fb, 0, 9), 0);
  let peak = 0;
  for (let k = 1; k <= 8; k++) {
    assert.ok(filterWeight(fb, 0, k) > 0, `bin ${k}`);
    peak = Math.max(peak, filterWeight(fb, 0, k));
  }
  assert.ok(Math.abs(peak - 0.0245237) < 5e-8, `peak ${peak}`);
  // By hand in the linear region: edges 0, e1, 2·e1, so filter 0 = (f/e1)·(2/(2·e1)) on its rising side;
  // bin 1 is f = 20000/2048 = 9.765625 Hz → 9.765625/39.9105² = 0.0061309.
  assert.ok(Math.abs(filterWeight(fb, 0, 1) - 9.765625 / 39.9105 ** 2) < 2e-8);
});

test('Slaney area normalization: each wide triangle integrates to 1 over Hz', () => {
  // Height 2/(f2 - f0) × base (f2 - f0) / 2 = 1; the bin-sampled sum Σ w·Δf approaches it for filters many bins wide.
  const fb = slaneyFilterbank(22050, 2048, 80, 0, 11025);
  const df = 22050 / 2048;
  for (const band of [40, 60, 79]) {
    let area = 0;
    for (let k = fb.start[band]; k < fb.end[band]; k++) area += filterWeight(fb, band, k) * df;
    assert.ok(Math.abs(area - 1) < 0.01, `band ${band}: area ${area}`);
  }
});

test('fmax above sr/2 leaves empty filters instead of failing (librosa warns the same way)', () => {
  const fb = slaneyFilterbank(8000, 256, 80, 0, 20000);
  const empty = Array.from(fb.start).filter((_, m) => fb.end[m] === fb.start[m]).length;
  assert.ok(empty > 0);
  assert.ok(fb.weights.every(Number.isFinite));
});
