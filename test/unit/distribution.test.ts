import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, minMedianMax } from '../../src/core/audit/distribution';

test('median: the middle value, the mean of the two middle ones for an even count, null when empty', () => {
  assert.equal(median([]), null);
  assert.equal(median([7]), 7);
  assert.equal(median([3, -1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  // numeric order, not the string order a default Array sort would use ("10" < "9")
  assert.equal(median([10, 9, 100, -20, 1]), 9);
  assert.equal(median([-3.5, -40, -2.25]), -3.5);
  assert.deepEqual(minMedianMax([-6, -18, -1, -12]), { min: -18, median: -9, max: -1 });
});

test('median leaves its input alone', () => {
  const xs = [5, 1, 4];
  median(xs);
  assert.deepEqual(xs, [5, 1, 4]);
});
