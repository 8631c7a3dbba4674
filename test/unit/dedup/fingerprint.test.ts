import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bandBinEdges,
  BAND_COUNT,
  expectedSubFingerprints,
  FingerprintAccumulator,
  subFingerprint,
} from '../../../src/core/dedup/fingerprint';
import type { FftBackendName } from '../../../src/core/fft/realFft';
import { speechLike } from '../../fixtures/dataset';
import { prng } from '../../fixtures/prng';

const BACKENDS: FftBackendName[] = ['pffft-simd', 'fft.js'];

async function fingerprint(x: Float64Array, rate: number, sizes: number[] = [4096], fft: FftBackendName | 'auto' = 'auto'): Promise<Uint32Array> {
  const acc = await FingerprintAccumulator.create(rate, { fft });
  for (let i = 0, b = 0; i < x.length; b++) {
    const n = Math.min(sizes[b % sizes.length], x.length - i);
    acc.push(x.subarray(i, i + n), n);
    i += n;
  }
  return acc.finish();
}

test('band edges: 33 log-spaced bands over 300-2000 Hz on 2048-point bins at 5 512 Hz (worked out by hand)', () => {
  const e = bandBinEdges();
  assert.equal(e.length, BAND_COUNT + 1);
  // f_m = 300·(20/3)^(m/33) Hz, bin = ceil(f·2048/5512): 300 → 111.47 → 112; 317.75 → 118.06 → 119;
  // 752.65 → 279.65 → 280; 797.18 → 296.20 → 297; 2000 → 743.11 → 744.
  assert.deepEqual([e[0], e[1], e[16], e[17], e[33]], [112, 119, 280, 297, 744]);
  for (let m = 0; m < BAND_COUNT; m++) assert.ok(e[m + 1] - e[m] >= 7, `band ${m} holds ${e[m + 1] - e[m]} bins`);
});

test('bit derivation on a hand-made energy matrix (paper eq. 1)', () => {
  const flat = new Array(33).fill(1);
  // Even bands 2, odd bands 1: E(n,m) − E(n,m+1) = +1 for even m, −1 for odd m; the previous frame is flat (0).
  const zigzag = Array.from({ length: 33 }, (_, m) => (m % 2 === 0 ? 2 : 1));
  assert.equal(subFingerprint(flat, zigzag), 0x55555555);
  // Reversed in time: the differences change sign, so the odd bits are set.
  assert.equal(subFingerprint(zigzag, flat), 0xaaaaaaaa);
  // No change in time: every difference is 0, and the test is strictly > 0.
  assert.equal(subFingerprint(zigzag, zigzag), 0);
  // A 3 × 33 matrix, energies in frame n rising by n in band 5 only: frame 1 vs 0 sets bit 5 (5 gains on 6) and
  // leaves bit 4 (4 loses against 5): (E1,5 − E1,6) − (E0,5 − E0,6) = 1 > 0, (E1,4 − E1,5) − (E0,4 − E0,5) = −1.
  const rows = [0, 1, 2].map((n) => Array.from({ length: 33 }, (_, m) => 10 + (m === 5 ? n : 0)));
  assert.equal(subFingerprint(rows[0], rows[1]), 1 << 5);
  assert.equal(subFingerprint(rows[1], rows[2]), 1 << 5);
  // Band 32 has no bit of its own: it only enters bit 31 (E(n,31) − E(n,32)), here falling, so bit 31 is set.
  const lastFalls = Array.from({ length: 33 }, (_, m) => (m === 32 ? 0 : 1));
  assert.equal(subFingerprint(flat, lastFalls), 2 ** 31);
});

test('frame count: 10 s at 22 050 Hz gives 829 sub-fingerprints (55 120 samples at 5 512 Hz, 830 frames of 2048 by 64)', async () => {
  // ceil(220500·5512/22050) = 55 120; frames = floor((55 120 − 2048)/64) + 1 = 830; eq. (1) needs a previous frame.
  const x = Float64Array.from({ length: 220500 }, (_, n) => Math.sin(n * 0.37) * 0.1 + Math.sin(n * 0.011) * 0.2);
  assert.equal((await fingerprint(x, 22050, [1000, 4096, 7])).length, 829);
  // 44 100 Hz, 2 s: 11 024 samples → floor((11 024 − 2048)/64) = 140 sub-fingerprints; under one frame: none.
  assert.equal((await fingerprint(new Float64Array(88200).fill(0.1), 44100)).length, 140);
  assert.equal((await fingerprint(new Float64Array(16000), 44100)).length, 0);
  assert.deepEqual([expectedSubFingerprints(220500, 22050), expectedSubFingerprints(88200, 44100), expectedSubFingerprints(16000, 44100)], [829, 140, 0]);
});

/** A 774.6 Hz tone (the centre of band 16: 300·(20/3)^(16.5/33) Hz) whose amplitude grows (or decays) as e^(g·t). */
function glidingTone(rate: number, seconds: number, growthPerSecond: number): Float64Array {
  const n = Math.round(rate * seconds);
  const start = growthPerSecond > 0 ? 1e-3 : 0.9;
  return Float64Array.from({ length: n }, (_, i) => start * Math.exp((growthPerSecond * i) / rate) * Math.sin((2 * Math.PI * 774.6 * i) / rate));
}

for (const fft of BACKENDS) {
  test(`a tone in band 16 getting louder sets bit 16 and clears bit 15 in every frame; getting softer, the reverse (${fft})`, async () => {
    // Energies scale by the same factor g per hop, so bit m = [E(m) > E(m+1)] when rising and the opposite when
    // falling: band 16 holds the tone and outweighs both neighbours.
    const up = await fingerprint(glidingTone(16000, 3, 2), 16000, [4096], fft);
    const down = await fingerprint(glidingTone(16000, 3, -2), 16000, [4096], fft);
    assert.ok(up.length > 200);
    for (const p of up) assert.equal(p & ((1 << 16) | (1 << 15)), 1 << 16);
    for (const p of down) assert.equal(p & ((1 << 16) | (1 << 15)), 1 << 15);
  });
}

test('a signal scaled by 1/2 (-6.02 dB, exact in binary floating point) has bit-identical sub-fingerprints', async () => {
  const x = Float64Array.from({ length: 44100 * 3 }, (_, n) => Math.sin(n * 0.05 + Math.sin(n * 1e-4) * 40) * 0.4 + Math.sin(n * 0.13) * 0.2);
  const half = x.map((v) => v / 2);
  assert.deepEqual(await fingerprint(half, 44100, [333]), await fingerprint(x, 44100, [8192]));
});

test('the downmix of a stereo block is the mean of its channels; push() after finish() throws', async () => {
  const l = Float64Array.from({ length: 30000 }, (_, n) => Math.sin(n * 0.21) * 0.5);
  const r = Float64Array.from({ length: 30000 }, (_, n) => Math.sin(n * 0.08) * 0.25);
  const mean = l.map((v, i) => (v + r[i]) / 2);
  const acc = await FingerprintAccumulator.create(22050);
  acc.pushBlock({ channels: [l, r], frames: 30000, startFrame: 0 });
  assert.deepEqual(acc.finish(), await fingerprint(mean, 22050));
  assert.throws(() => acc.push(l, 10), /after finish/);
});

test('the WASM SIMD frame loop gives the same bits as the TypeScript loop over PFFFT (same arithmetic, same order)', async () => {
  const rand = prng(11);
  // Noise, speech-like audio with non-finite samples, a click train and silence, in blocks that split frames anywhere.
  const noise = Float64Array.from({ length: 44100 * 2 }, () => rand() - 0.5);
  const speech = speechLike(22050 * 3, 22050, 5);
  speech[1000] = NaN;
  speech[2000] = -Infinity;
  const clicks = Float64Array.from({ length: 16000 * 2 }, (_, n) => (n % 397 === 0 ? 0.8 : 0));
  // Digital silence between two bursts: the WASM loop skips its frames (all-zero energies), the TypeScript one transforms them.
  const gap = Float64Array.from({ length: 22050 * 3 }, (_, n) => (n > 22050 && n < 44100 ? 0 : Math.sin(n * 0.3) * (rand() + 0.5)));
  for (const [x, rate] of [[noise, 44100], [speech, 22050], [clicks, 16000], [new Float64Array(30000), 48000], [gap, 22050]] as const) {
    const wasm = await FingerprintAccumulator.create(rate, { frontEnd: 'wasm-simd' });
    const js = await FingerprintAccumulator.create(rate, { frontEnd: 'js', fft: 'pffft-simd' });
    assert.equal(wasm.frontEnd, 'wasm-simd');
    assert.equal(js.frontEnd, 'js');
    for (let i = 0, b = 0; i < x.length; b++) {
      const n = Math.min([333, 8192, 5][b % 3], x.length - i);
      wasm.push(x.subarray(i, i + n), n);
      js.push(x.subarray(i, i + n), n);
      i += n;
    }
    const want = js.finish();
    assert.equal(want.length, expectedSubFingerprints(x.length, rate));
    assert.deepEqual(wasm.finish(), want, `${rate} Hz`);
  }
  assert.equal((await FingerprintAccumulator.create(22050)).frontEnd, 'wasm-simd');
});
