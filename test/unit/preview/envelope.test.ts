import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvelopeAccumulator, poolEnvelope, columnOf, columnStart } from '../../../src/core/preview/envelope';
import type { SampleBlock } from '../../../src/core/types';

const FRAMES = 10_000_000;
const SPIKE = 4_321_987; // the one full-scale sample
const BLOCK = 4099; // prime, so blocks straddle column edges

/** A quiet 440 Hz-ish sine (amplitude 0.1) with a single +1.0 at SPIKE, streamed in blocks. */
function* quietWithSpike(): Generator<SampleBlock> {
  const buf = new Float64Array(BLOCK);
  for (let start = 0; start < FRAMES; start += BLOCK) {
    const n = Math.min(BLOCK, FRAMES - start);
    for (let i = 0; i < n; i++) buf[i] = 0.1 * Math.sin((2 * Math.PI * (start + i)) / 109);
    if (SPIKE >= start && SPIKE < start + n) buf[SPIKE - start] = 1;
    yield { channels: [buf], frames: n, startFrame: start };
  }
}

test('column mapping: floor((f - start) · columns / span) and its inverse', () => {
  // 10 frames over 4 columns: columns start at 0, ceil(2.5)=3, 5, ceil(7.5)=8.
  assert.deepEqual([0, 1, 2, 3].map((c) => columnStart(c, 0, 10, 4)), [0, 3, 5, 8]);
  assert.deepEqual([0, 2, 3, 4, 5, 7, 8, 9].map((f) => columnOf(f, 0, 10, 4)), [0, 0, 1, 1, 2, 2, 3, 3]);
});

test('a single full-scale sample among 10 million frames shows in its pixel column', () => {
  const acc = new EnvelopeAccumulator(1, 0, FRAMES, 1000);
  for (const b of quietWithSpike()) acc.push(b);
  const t = acc.tile();
  assert.equal(t.filledColumns, 1000);
  // 4 321 987 · 1000 / 10 000 000 = 432.1987 -> column 432.
  assert.equal(t.channels[0].max[432], 1);
  for (let c = 0; c < 1000; c++) {
    if (c === 432) continue;
    assert.ok(t.channels[0].max[c] <= 0.1 + 1e-7, `column ${c} max ${t.channels[0].max[c]}`);
    // 10 000 frames per column cover whole sine periods (109 frames): the min is close to -0.1.
    assert.ok(t.channels[0].min[c] < -0.0999, `column ${c} min ${t.channels[0].min[c]}`);
  }
});

test('a cached fine envelope pooled into view columns keeps the spike, at most one column off', () => {
  const cache = new EnvelopeAccumulator(1, 0, FRAMES, 65536);
  for (const b of quietWithSpike()) cache.push(b);
  // Spike bin = floor(4 321 987 · 65536 / 1e7) = 28324; that bin starts at ceil(28324 · 1e7 / 65536) = 4 321 900,
  // whose view column at 1000 columns is floor(432.19) = 432.
  const view = poolEnvelope(cache.tile(), 0, FRAMES, 1000);
  assert.ok(view);
  assert.equal(view.channels[0].max[432], 1);
  const spikes = Array.from(view.channels[0].max).filter((v) => v === 1).length;
  assert.equal(spikes, 1);
  // A zoomed view [4.3e6, 4.4e6) at 200 columns (500 frames each, >= 2 bins of ~152.6 frames):
  // the spike bin starts at 4 321 900 -> column floor(21 900 / 500) = 43.
  const zoom = poolEnvelope(cache.tile(), 4_300_000, 4_400_000, 200);
  assert.ok(zoom);
  assert.equal(zoom.channels[0].max[43], 1);
});

test('a partially filled cache pools only the filled part and says how far it got', () => {
  const cache = new EnvelopeAccumulator(1, 0, 1000, 100);
  const ones = new Float64Array(250).fill(0.5);
  cache.push({ channels: [ones], frames: 250, startFrame: 0 });
  // 250 frames = 25 bins of 10 frames; pooled into 10 view columns of 100 frames: 2 full columns, the 3rd partial.
  assert.equal(poolEnvelope(cache.tile(), 0, 1000, 10), null);
  const part = poolEnvelope(cache.tile(), 0, 1000, 10, true);
  assert.ok(part);
  assert.equal(part.filledColumns, 2);
  assert.equal(part.channels[0].max[0], 0.5);
  assert.ok(Number.isNaN(part.channels[0].max[5]));
});
