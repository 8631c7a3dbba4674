import { test } from 'node:test';
import assert from 'node:assert/strict';
import { around, clampView, pan, zoom, MIN_SPAN } from '../../../webview/preview/viewport';

test('zoom keeps the frame under the cursor fixed', () => {
  // View [0, 1000), cursor at 25 % = frame 250; halving the span gives [125, 625): 250 is still at 25 %.
  assert.deepEqual(zoom({ start: 0, end: 1000 }, 0.5, 0.25, 10_000), { start: 125, end: 625 });
});

test('zoom and pan stay inside the file and never narrower than MIN_SPAN', () => {
  assert.deepEqual(zoom({ start: 0, end: 1000 }, 4, 0.5, 2000), { start: 0, end: 2000 });
  assert.equal(zoom({ start: 0, end: 100 }, 0.001, 0.5, 2000).end - zoom({ start: 0, end: 100 }, 0.001, 0.5, 2000).start, MIN_SPAN);
  // Dragging 100 px right on a 1000 px canvas moves a 500-frame view 50 frames earlier, clamped at 0.
  assert.deepEqual(pan({ start: 200, end: 700 }, 100, 1000, 5000), { start: 150, end: 650 });
  assert.deepEqual(pan({ start: 20, end: 520 }, 100, 1000, 5000), { start: 0, end: 500 });
  assert.deepEqual(clampView(4900, 5100, 5000), { start: 4800, end: 5000 });
});

test('a finding location is centred with context: six times its length, at least minSpan', () => {
  // Clip run [33 000, 33 040): 6 × 40 = 240 < 441 frames, so the view is 441 frames centred on 33 020.
  assert.deepEqual(around(33_000, 33_040, 66_150, 441), { start: 32_799.5, end: 33_240.5 });
});
