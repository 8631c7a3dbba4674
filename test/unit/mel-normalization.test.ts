import { test } from 'node:test';
import assert from 'node:assert/strict';
import { melNormalization } from '../../src/core/mel/normalization';
import type { MelReport } from '../../src/core/types';

/** A report whose per-band sums come from the listed frames (frames[t][band] in dB). */
function report(frames: number[][]): MelReport {
  const bands = frames[0]?.length ?? 2;
  const all = frames.flat();
  return {
    preset: 'tacotron',
    minDb: all.length ? Math.min(...all) : 0,
    maxDb: all.length ? Math.max(...all) : 0,
    meanDb: 0,
    stdDb: 0,
    fractionAboveTop: 0,
    fractionBelowFloor: 0,
    frames: frames.length,
    maxFrame: 0,
    bandSumDb: Array.from({ length: bands }, (_, b) => frames.reduce((s, f) => s + f[b], 0)),
    bandSumSqDb: Array.from({ length: bands }, (_, b) => frames.reduce((s, f) => s + f[b] ** 2, 0)),
  };
}

test('per-band mean and std pool every frame of every file, not the per-file means', () => {
  // Band 0 over all frames: -10, -20 (file A) and -60 (file B) → mean -30, population variance (400+100+900)/3.
  // Band 1: -50, -50, -50 → mean -50, std 0. Averaging per-file means would give -37.5 for band 0 instead.
  const n = melNormalization([report([[-10, -50], [-20, -50]]), null, report([[-60, -50]])]);
  assert.ok(Math.abs(n.melMeanDb[0] - -30) < 1e-12);
  assert.ok(Math.abs(n.melStdDb[0] - Math.sqrt(1400 / 3)) < 1e-9);
  assert.ok(Math.abs(n.melMeanDb[1] - -50) < 1e-12);
  assert.equal(n.melStdDb[1], 0);
  assert.equal(n.melMinDb, -60);
  assert.equal(n.melMaxDb, -10);
});

test('no frames at all: empty arrays and null extremes; empty files are skipped', () => {
  assert.deepEqual(melNormalization([]), { melMeanDb: [], melStdDb: [], melMinDb: null, melMaxDb: null });
  assert.deepEqual(melNormalization([null, report([])]), { melMeanDb: [], melStdDb: [], melMinDb: null, melMaxDb: null });
  const n = melNormalization([report([]), report([[-5, -7]])]);
  assert.deepEqual(n, { melMeanDb: [-5, -7], melStdDb: [0, 0], melMinDb: -7, melMaxDb: -5 });
});

test('reports with different band counts are refused', () => {
  assert.throws(() => melNormalization([report([[-1, -2]]), report([[-1, -2, -3]])]), /mel bands/);
});
