import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MelColumnPool, MelFrameCache, melFrameCount } from '../../../src/core/preview/melTiles';

/** Synthetic mel frames: band b of frame t holds b − (t − 3)², so each column's max is worked out by hand. */
const frameDb = (t: number, nMels: number) => Float64Array.from({ length: nMels }, (_, b) => b - (t - 3) ** 2);

test('frame count follows librosa center=True: 1 + floor(N / hop)', () => {
  assert.equal(melFrameCount(100, 10), 11);
  assert.equal(melFrameCount(109, 10), 11);
  assert.equal(melFrameCount(0, 10), 0);
});

test('column max-pooling, closed form: hop 10, frames [0, 100) in 5 columns of 20 frames', () => {
  const pool = new MelColumnPool(0, 100, 5, 2, 10, 11);
  // Centres t·10 in [0, 100): t = 0..9, two frames per column.
  assert.deepEqual(pool.neededFrames(), { first: 0, last: 10 });
  for (let t = 0; t < 10; t++) pool.add(t, frameDb(t, 2));
  const tile = pool.tile();
  assert.equal(tile.filledColumns, 5);
  // Column maxima of −(t−3)²: {0,1} → −4, {2,3} → 0, {4,5} → −1, {6,7} → −9, {8,9} → −25; band 1 adds 1.
  assert.deepEqual(Array.from(tile.db), [-4, -3, 0, 1, -1, 0, -9, -8, -25, -24]);
});

test('zoomed past one hop per column, an empty column shows the frame nearest its centre', () => {
  // [0, 20) in 8 columns of 2.5 frames: centres 0 and 10 fall in columns 0 and 4; the others copy
  // round(centre / 10): 3.75 → 0, 6.25 → 1, 8.75 → 1, 13.75 → 1, 16.25 → 2, 18.75 → 2.
  const pool = new MelColumnPool(0, 20, 8, 1, 10, 11);
  assert.deepEqual(pool.neededFrames(), { first: 0, last: 3 });
  for (let t = 0; t < 3; t++) pool.add(t, [t * 100]);
  assert.deepEqual(Array.from(pool.tile().db), [0, 0, 100, 100, 100, 100, 200, 200]);
});

test('the whole-file cache pools groups of frames and serves coarser views from them', () => {
  // 100 mel frames of 1 band at 4 frames per bin; frame t holds t, so bin k holds 4k + 3.
  const cache = new MelFrameCache(100, 1, 4);
  assert.equal(cache.bins, 25);
  const pool = new MelColumnPool(0, 1000, 5, 1, 10, 101);
  assert.equal(cache.pool(pool), null); // nothing cached yet
  for (let t = 0; t < 100; t++) cache.add(t, [t]);
  // View [0, 990) at 5 columns of 198 samples (~5 bins of 40 samples each); bin k goes whole to the column of
  // its first centre 40k: bins 0..4 → column 0 (max 19), 5..9 → 39, 10..14 → 59, 15..19 → 79, 20..24 → 99.
  const tile = cache.pool(new MelColumnPool(0, 990, 5, 1, 10, 100));
  assert.ok(tile);
  assert.deepEqual(Array.from(tile.db), [19, 39, 59, 79, 99]);
  assert.equal(MelFrameCache.framesPerBinFor(1000, 80, 80 * 4 * 250), 4);
});
