import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MelAnalyzer, type MelAnalyzerOptions } from '../../src/core/mel/analyzer';
import { resolveMel, type ResolvedMel } from '../../src/core/mel/params';
import type { MelParams, MelReport } from '../../src/core/types';

function sine(amplitude: number, hz: number, sampleRate: number, length: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / sampleRate));
}

/** The two frame paths: WASM SIMD (PFFFT + kernel, float32) and plain TypeScript over fft.js (float64 reference). */
const PATHS: { name: string; opts: MelAnalyzerOptions }[] = [
  { name: 'wasm-simd', opts: { frontEnd: 'wasm-simd' } },
  { name: 'js/fft.js', opts: { frontEnd: 'js', fft: 'fft.js' } },
];

/** Pushes `x` in blocks cycling through `blocks` sizes (any positive sizes). */
async function analyze(
  r: ResolvedMel,
  x: Float64Array,
  blocks: number[] = [x.length || 1],
  onFrame?: (t: number, db: Float64Array) => void,
  opts: MelAnalyzerOptions = {},
): Promise<MelReport> {
  const a = await MelAnalyzer.create(r, { ...opts, onFrame });
  for (let i = 0, b = 0; i < x.length; b++) {
    const n = Math.min(blocks[b % blocks.length], x.length - i);
    a.push(x.subarray(i, i + n), n);
    i += n;
  }
  return a.finish();
}

function custom(sampleRate: number, params: Partial<MelParams>): ResolvedMel {
  return resolveMel({ preset: 'custom', params }, sampleRate)!;
}

/*
 * 1 kHz sine, amplitude A = 0.5, through the tacotron preset at 16 kHz, worked out by hand:
 *   win = 0.050·16000 = 800 samples (exactly 50 periods of 1 kHz), hop = 200, n_fft = 2048, so 1 kHz is FFT bin
 *   1000/(16000/2048) = 128 exactly, and the bin spacing is 7.8125 Hz.
 * Preemphasis gain at ω = 2π·1000/16000 = π/8: |1 - 0.97·e^(-iω)|² = 1 + 0.97² - 2·0.97·cos(π/8)
 *   = 1.9409 - 1.94·0.9238795 = 0.1485737, |H| = 0.3854526.
 * Window sum of a periodic Hann of N = 800: Σw = N/2 = 400, so the peak bin is |X[128]| = (A·|H|/2)·Σw = A·|H|·200
 *   = 38.54526 for A = 0.5 (the -1 kHz image is 256 bins away, below 1e-7 of this).
 * Neighbouring bins k = 128 + d carry |X| = |X[128]|·r(d), r = |W(d/2048)|/W(0), with the Hann closed form
 *   W(ν) = ½D(ν) - ¼D(ν - 1/N) - ¼D(ν + 1/N), D(ν) = e^(-iπν(N-1))·sin(πνN)/sin(πν).
 * Slaney mel edges for fmax 8000: hz_to_mel(8000) = 15 + 27·ln(8)/ln(6.4) = 45.245640; 82 points 0.5585882 mel apart;
 *   points 26, 27, 28 = 14.52329, 15.08188, 15.64046 mel = 968.2195, 1005.6453, 1045.0172 Hz. That triangle is band 26
 *   (1000 Hz sits 85% up its rising side; band 25 only reaches 1005.6 Hz with 15%), Slaney height 2/(1045.0172 - 968.2195).
 *   T(f) = max(0, min((f - 968.2195)/37.4258, (1045.0172 - f)/39.3719))·0.0260424:
 *     d   f (Hz)      r(d)      T(f)       T·r
 *    -4   968.7500  0.138617  0.0003692  0.0000512
 *    -3   976.5625  0.374086  0.0058054  0.0021717
 *    -2   984.3750  0.663355  0.0112417  0.0074572
 *    -1   992.1875  0.905391  0.0166780  0.0151001
 *     0  1000.0000  1.000000  0.0221142  0.0221142
 *     1  1007.8125  0.905391  0.0246089  0.0222807
 *     2  1015.6250  0.663355  0.0194414  0.0128965
 *     3  1023.4375  0.374086  0.0142738  0.0053396
 *     4  1031.2500  0.138617  0.0091063  0.0012623
 *     5  1039.0625  0.008496  0.0039387  0.0000335     (d = -5, ±6 fall outside the triangle)
 *                                              Σ = 0.0887070
 *   mel[26] = 38.54526·0.0887070 = 3.419236 → 20·log10(3.419236) = 10.6786 dB (A = 1: +16.6992 dB; A = 0.001: -43.3008 dB).
 * Tolerance 0.001 dB for frames clear of the ends (float32 FFT and rounding of the table are far below it). The file's
 * maxDb may come from an end frame whose reflect-padded half joins the sine with a kink, which spreads the lobe and
 * raises the magnitude sum slightly (numpy gives +0.04 dB); maxDb is held to [10.6776, 10.7286].
 */
for (const path of PATHS) test(`1 kHz sine at A = 0.5, tacotron @ 16 kHz: band 26 reads 10.6786 dB (hand calculation above) [${path.name}]`, async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 16000)!;
  const middle: number[] = [];
  const loudestBand: number[] = [];
  const onFrame = (t: number, db: Float64Array) => {
    if (t >= 10 && t <= 70) {
      middle.push(db[26]);
      loudestBand.push(db.indexOf(Math.max(...db)));
    }
  };
  const rep = await analyze(r, sine(0.5, 1000, 16000, 16000), [4096], onFrame, path.opts);
  assert.equal(rep.frames, 81); // 1 + floor(16000/200)
  assert.equal(middle.length, 61);
  for (const v of middle) assert.ok(Math.abs(v - 10.6786) < 0.001, `band 26: ${v}`);
  assert.ok(loudestBand.every((b) => b === 26), `loudest bands ${[...new Set(loudestBand)]}`);
  assert.ok(rep.maxDb > 10.6776 && rep.maxDb < 10.7286, `maxDb ${rep.maxDb}`);
});

test('fractionAboveTop: > 0 for a full-scale sine (+16.7 dB), exactly 0 at -60 dBFS (-43.3 dB)', async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 16000)!;
  const loud = await analyze(r, sine(1, 1000, 16000, 16000));
  assert.ok(loud.fractionAboveTop > 0);
  assert.ok(Math.abs(loud.maxDb - 16.6992) < 0.06, `maxDb ${loud.maxDb}`);
  const quiet = await analyze(r, sine(0.001, 1000, 16000, 16000));
  assert.equal(quiet.fractionAboveTop, 0);
  assert.ok(Math.abs(quiet.maxDb - -43.3008) < 0.06, `maxDb ${quiet.maxDb}`);
});

/*
 * DC c = 0.5, no preemphasis, n_fft = win = 2048 at 20 kHz (the librosa check-value grid). Periodic Hann DFT of a
 * constant: X[0] = c·N/2, |X[±1]| = c·N/4 = 256, X[k >= 2] = 0. Bin 0 (0 Hz) has weight 0 in every filter (fmin 0), bin 1
 * is in filter 0 only, weight 9.765625/39.9105² = 0.0061309 (mel-filterbank test): mel[0] = 256·0.0061309 = 1.569520,
 * 20·log10 = 3.9155 dB; bands 1..79 see nothing and sit at the floor 20·log10(1e-5) = -100 dB.
 * With reflect padding every frame, including both end frames, sees the same constant, so every frame gives exactly
 * that: per-band variance 0 and fractionBelowFloor = 79/80. Zero (constant) padding makes the end frames differ.
 */
for (const path of PATHS) test(`reflect padding at both ends, blocks of any size: a constant signal gives identical frames [${path.name}]`, async () => {
  const r = custom(20000, { preemphasis: 0, winLength: 2048, hopLength: 512, nFft: 2048, padMode: 'reflect' });
  const x = new Float64Array(10000).fill(0.5);
  for (const blocks of [[10000], [1], [7, 1, 300, 2049, 5]]) {
    const rep = await analyze(r, x, blocks, undefined, path.opts);
    assert.equal(rep.frames, 1 + Math.floor(10000 / 512));
    const mean0 = rep.bandSumDb[0] / rep.frames;
    assert.ok(Math.abs(mean0 - 3.9155) < 1e-3, `band 0 mean ${mean0}`);
    assert.ok(rep.bandSumSqDb[0] / rep.frames - mean0 * mean0 < 1e-6, 'band 0 varies across frames');
    assert.ok(Math.abs(rep.minDb - -100) < 1e-9);
    assert.equal(rep.fractionBelowFloor, 79 / 80);
  }
  const zeroPadded = await analyze({ ...r, padMode: 'constant' }, x, undefined, undefined, path.opts);
  const m = zeroPadded.bandSumDb[0] / zeroPadded.frames;
  assert.ok(zeroPadded.bandSumSqDb[0] / zeroPadded.frames - m * m > 0.01, 'constant padding should change the end frames');
});

for (const path of PATHS) test(`streaming in odd block sizes gives exactly the result of one block (both presets, long and short signals) [${path.name}]`, async () => {
  let s = 7;
  const noisy = Float64Array.from({ length: 30011 }, (_, n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.4 * Math.sin(n * 0.05) + 0.1 * (s / 2 ** 31 - 1);
  });
  for (const preset of ['tacotron', 'librosa'] as const) {
    const r = resolveMel({ preset, params: {} }, 22050)!;
    for (const len of [30011, 1500, 700, 3]) {
      const x = noisy.subarray(0, len);
      const whole = await analyze(r, x, undefined, undefined, path.opts);
      for (const blocks of [[1], [3, 1, 1024, 1025, 17], [4097]]) {
        assert.deepEqual(await analyze(r, x, blocks, undefined, path.opts), whole, `${preset} len ${len} blocks ${blocks}`);
      }
    }
  }
});

test('frame count is 1 + floor(len/hop) with center padding, short signals included', async () => {
  const librosa = resolveMel({ preset: 'librosa', params: {} }, 22050)!;
  const tacotron = resolveMel({ preset: 'tacotron', params: {} }, 22050)!;
  for (const len of [1, 2, 511, 512, 513, 1024, 1025, 22050]) {
    const x = sine(0.3, 440, 22050, len);
    assert.equal((await analyze(librosa, x)).frames, 1 + Math.floor(len / 512), `librosa len ${len}`);
    assert.equal((await analyze(tacotron, x)).frames, 1 + Math.floor(len / 275), `tacotron len ${len}`);
  }
});

test('48 kHz tacotron runs with nFft 4096 and a 2400-sample window', async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 48000)!;
  assert.deepEqual([r.nFft, r.winLength, r.hopLength], [4096, 2400, 600]);
  let bands = 0;
  const rep = await analyze(r, sine(0.5, 1000, 48000, 48000), [4800], (_t, db) => (bands = db.length));
  assert.equal(rep.frames, 81);
  assert.equal(bands, 80);
  assert.ok(rep.maxDb > 0 && rep.maxDb < 30);
});

test('empty input: frames 0 and finite zeros, never NaN', async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 22050)!;
  const rep = await analyze(r, new Float64Array(0));
  assert.deepEqual(
    { ...rep, bandSumDb: rep.bandSumDb.length, bandSumSqDb: rep.bandSumSqDb.length },
    { preset: 'tacotron', minDb: 0, maxDb: 0, meanDb: 0, stdDb: 0, fractionAboveTop: 0, fractionBelowFloor: 0, frames: 0, maxFrame: 0, bandSumDb: 80, bandSumSqDb: 80 },
  );
  assert.ok(rep.bandSumDb.every((v) => v === 0));
});

test('a single sample and non-finite samples give finite statistics', async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 22050)!;
  const one = await analyze(r, Float64Array.of(0.5));
  assert.equal(one.frames, 1);
  const bad = sine(0.5, 440, 22050, 5000);
  bad[100] = NaN;
  bad[2000] = Infinity;
  const rep = await analyze(r, bad);
  for (const v of [rep.minDb, rep.maxDb, rep.meanDb, rep.stdDb, one.minDb, one.maxDb, one.meanDb, one.stdDb]) assert.ok(Number.isFinite(v));
});

for (const path of PATHS) test(`silence sits at the floor: every value <= floorDb for tacotron (-100) and librosa (-80) [${path.name}]`, async () => {
  for (const preset of ['tacotron', 'librosa'] as const) {
    const r = resolveMel({ preset, params: {} }, 22050)!;
    const rep = await analyze(r, new Float64Array(5000), undefined, undefined, path.opts);
    assert.equal(rep.fractionBelowFloor, 1);
    // amin floors: 20·log10(1e-5) = -100, 10·log10(1e-10) = -100
    assert.ok(Math.abs(rep.maxDb - -100) < 1e-9 && Math.abs(rep.minDb - -100) < 1e-9);
  }
});

test('push after finish is a programming error', async () => {
  const a = await MelAnalyzer.create(resolveMel({ preset: 'tacotron', params: {} }, 22050)!);
  a.finish();
  assert.throws(() => a.push(new Float64Array(4), 4), /after finish/);
});

test('auto uses the WASM SIMD path; it agrees with the float64 TypeScript path to within float32 rounding', async () => {
  let s = 3;
  const x = Float64Array.from({ length: 44100 }, (_, n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.5 * Math.sin(n * 0.031) * Math.sin(n * 0.0007) + 0.05 * (s / 2 ** 31 - 1);
  });
  // Odd windows (2205 at 44.1 kHz, 51 below) take the kernel's scalar tail; nFft 64 is near PFFFT's minimum of 32.
  const cases: [string, ResolvedMel][] = [
    ['tacotron 22050', resolveMel({ preset: 'tacotron', params: {} }, 22050)!],
    ['librosa 22050', resolveMel({ preset: 'librosa', params: {} }, 22050)!],
    ['tacotron 44100', resolveMel({ preset: 'tacotron', params: {} }, 44100)!],
    ['custom nFft 64', custom(8000, { nFft: 64, winLength: 51, hopLength: 16, nMels: 10 })],
  ];
  for (const [preset, r] of cases) {
    const auto = await MelAnalyzer.create(r);
    assert.equal(auto.backend, 'wasm-simd');
    const fast = await analyze(r, x, [4096], undefined, PATHS[0].opts);
    const ref = await analyze(r, x, [4096], undefined, PATHS[1].opts);
    // float32 FFT and weights: relative error ~1e-6 on mel energies, i.e. ~1e-5 dB; values near amin can differ more.
    for (const k of ['minDb', 'maxDb', 'meanDb', 'stdDb'] as const) assert.ok(Math.abs(fast[k] - ref[k]) < 1e-3, `${preset} ${k}: ${fast[k]} vs ${ref[k]}`);
    assert.equal(fast.frames, ref.frames);
    assert.equal(fast.maxFrame, ref.maxFrame);
    assert.equal(fast.fractionAboveTop, ref.fractionAboveTop);
  }
});

for (const path of PATHS) test(`without onFrame the front end runs a block of frames per call: same report as frame by frame [${path.name}]`, async () => {
  // Silence with a 1 kHz burst at samples 8000-8399, tacotron @ 16 kHz (hop 200, nFft 2048): frame t sees samples
  // [200t - 1024, 200t + 1024), so only frames 35..47 touch the burst and the loudest frame is one of them.
  const r = resolveMel({ preset: 'tacotron', params: {} }, 16000)!;
  const x = new Float64Array(16000);
  x.set(sine(0.5, 1000, 16000, 400), 8000);
  const blocks = [4096, 333, 7000];
  const perFrame = await analyze(r, x, blocks, () => undefined, path.opts);
  const batched = await analyze(r, x, blocks, undefined, path.opts);
  assert.deepEqual(batched, perFrame);
  assert.equal(batched.frames, 81);
  assert.ok(batched.maxFrame >= 35 && batched.maxFrame <= 47, `maxFrame ${batched.maxFrame}`);
});
