import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binEdge, binIndexOf, binNumber, histogram, niceBinWidth } from '../../../src/core/report/histogram';

test('niceBinWidth rounds span/targetBins to 1, 2 or 5 × 10^k', () => {
  // 10/20 = 0.5 -> mantissa 5 (>= √10) -> 0.5
  assert.equal(niceBinWidth(10, 20), 0.5);
  // 40/20 = 2 -> mantissa 2 (>= √2, < √10) -> 2
  assert.equal(niceBinWidth(40, 20), 2);
  // 0.05/20 = 0.0025 -> mantissa 2.5 -> 2 -> 0.002
  assert.equal(niceBinWidth(0.05, 20), 0.002);
  // 75/10 = 7.5 -> mantissa 7.5 (>= √50 = 7.07) -> 10
  assert.equal(niceBinWidth(75, 10), 10);
  // a zero span still gives a usable width
  assert.equal(niceBinWidth(0, 20), 1);
});

test('binNumber treats quotients a rounding error away from an integer as that integer', () => {
  // 0.6 / 0.2 = 2.9999999999999996 in doubles; 0.6 is the left edge of bin 3
  assert.equal(binNumber(0.6, 0.2), 3);
  assert.equal(binNumber(0.59, 0.2), 2);
  assert.equal(binNumber(-0.1, 0.2), -1);
});

test('histogram of a hand-made list: edges and counts', () => {
  // span 0.9 - 0.1 = 0.8, 5 target bins: 0.16 -> width 0.2; first = floor(0.1/0.2) = 0, last = floor(0.9/0.2) = 4
  // bins [0,.2) [.2,.4) [.4,.6) [.6,.8) [.8,1): 0.1 | 0.25, 0.3 | - | 0.6 | 0.9 ; null and NaN are missing
  const h = histogram([0.3, 0.1, 0.25, 0.6, 0.9, null, NaN], { targetBins: 5 });
  assert.equal(h.width, 0.2);
  assert.equal(h.first, 0);
  assert.deepEqual(h.counts, [1, 2, 0, 1, 1]);
  assert.equal(h.missing, 2);
  assert.ok(Math.abs(binEdge(h, 3) - 0.6) < 1e-12);
  assert.equal(binIndexOf(h, 0.6), 3);
  assert.equal(binIndexOf(h, 1.5), -1);
});

test('histogram widens to the reference lines and keeps integer bins for integer metrics', () => {
  // zero bins 127, 127, 128, 125 with lines at 125, 127, 129: span 4 -> 0.2 -> integer width 1, bins 125..129
  const h = histogram([127, 127, 128, 125], { integer: true, include: [125, 127, 129] });
  assert.equal(h.width, 1);
  assert.equal(h.first, 125);
  assert.deepEqual(h.counts, [1, 0, 2, 1, 0]);
});

test('histogram with negative dBFS values', () => {
  // -12, -6.5, -6, -1 with the near-silent line at -40: span 39, 20 bins -> 1.95 -> width 2
  // first = floor(-40/2) = -20, last = floor(-1/2) = -1 -> 20 bins; -12 -> bin -6 (index 14), -6.5 -> -4 (16), -6 -> -3 (17), -1 -> -1 (19)
  const h = histogram([-12, -6.5, -6, -1], { include: [-40] });
  assert.equal(h.width, 2);
  assert.equal(h.first, -20);
  assert.equal(h.counts.length, 20);
  const nonEmpty = h.counts.flatMap((c, i) => (c ? [[i, c]] : []));
  assert.deepEqual(nonEmpty, [[14, 1], [16, 1], [17, 1], [19, 1]]);
});

test('histogram of no values is empty', () => {
  assert.deepEqual(histogram([null, null]), { first: 0, width: 1, counts: [], missing: 2 });
});
