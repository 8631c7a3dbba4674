import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandLimitHz, bandLimitLabel, melAxisY } from '../../../webview/preview/melAxis';

test('melAxisY: band centres land on the middle of their rows; linear in Slaney mel', () => {
  // fmin 0, fmax 2000 Hz, 3 bands, 300 px. Slaney mel: linear below 1 kHz (f / (200/3)), so 0 → 0 mel, 1000 → 15 mel;
  // 2000 Hz → 15 + 27·ln(2)/ln(6.4) = 15 + 18.71497/1.856298 = 25.08188 mel. Edges step 25.08188/4 = 6.27047 mel.
  const scale = { nMels: 3, fmin: 0, fmax: 2000 };
  // Band 1's centre is edge 2 = 12.54094 mel = 836.063 Hz (linear part): the middle row, y = 150.
  assert.ok(Math.abs(melAxisY(836.063, scale, 300)! - 150) < 1e-2);
  // Band 0's centre, edge 1 = 6.27047 mel = 418.031 Hz: bottom row's middle, y = 250.
  assert.ok(Math.abs(melAxisY(418.031, scale, 300)! - 250) < 1e-2);
  // 1000 Hz = 15 mel = 15/6.27047 - 1 = 1.39217 bands up: y = 300·(3 - 0.5 - 1.39217)/3 = 110.783.
  assert.ok(Math.abs(melAxisY(1000, scale, 300)! - 110.783) < 1e-2);
  // The ends clamp to the canvas (fmax is half a band above the top row's centre); outside the range: null.
  assert.equal(melAxisY(2000, scale, 300), 0);
  assert.equal(melAxisY(0, scale, 300), 300);
  assert.equal(melAxisY(2500, scale, 300), null);
});

test('only a bandwidth below Nyquist is marked, labelled in kHz', () => {
  assert.equal(bandLimitHz(11025, 22050), null);
  assert.equal(bandLimitHz(null, 22050), null);
  assert.equal(bandLimitHz(undefined, 22050), null);
  assert.equal(bandLimitHz(8010.3515625, 22050), 8010.3515625);
  assert.equal(bandLimitLabel(8010.3515625), 'band limit 8.0 kHz');
  assert.equal(bandLimitLabel(5512.5), 'band limit 5.5 kHz');
});
