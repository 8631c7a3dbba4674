import { test } from 'node:test';
import assert from 'node:assert/strict';
import FFT from 'fft.js';
import {
  BandwidthAccumulator, bandwidthFromPower, cliffBin, percentileSorted, BANDWIDTH_BINS, type BandwidthOptions,
} from '../../src/core/stats/bandwidth';
import { prng } from '../fixtures/prng';
import { run, SYSTEM_PYTHON } from '../fixtures/codecs';

const SR = 22050;
/** The frame paths: WASM SIMD kernel over PFFFT (float32), TypeScript over PFFFT, TypeScript over fft.js (float64). */
const PATHS: { name: string; opts: BandwidthOptions; float32: boolean }[] = [
  { name: 'wasm-simd', opts: { path: 'wasm-simd' }, float32: true },
  { name: 'js/pffft-simd', opts: { path: 'js', fft: 'pffft-simd' }, float32: true },
  { name: 'js/fft.js', opts: { path: 'js', fft: 'fft.js' }, float32: false },
];

/** Pushes x in blocks cycling through `blocks` sizes. */
function accumulate(x: Float64Array, blocks: number[] = [4096], opts: BandwidthOptions = {}): BandwidthAccumulator {
  const acc = new BandwidthAccumulator(opts);
  for (let i = 0, b = 0; i < x.length; b++) {
    const n = Math.min(blocks[b % blocks.length], x.length - i);
    acc.push(x.subarray(i, i + n), n);
    i += n;
  }
  return acc;
}

/** Gaussian white noise (Box-Muller over the seeded mulberry32), standard deviation sigma. */
function whiteNoise(length: number, sigma: number, seed: number): Float64Array {
  const rand = prng(seed);
  return Float64Array.from({ length }, () => sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

/** P over a flat floor: `level` everywhere, `bins` overridden. */
function flat(level: number, overrides: (k: number) => number | undefined = () => undefined): Float64Array {
  return Float64Array.from({ length: BANDWIDTH_BINS }, (_, k) => overrides(k) ?? level);
}

test('percentiles are numpy.percentile with linear interpolation', () => {
  // numpy.percentile([1, 2, 3, 4], 10) = 1 + 0.3·(2 - 1) = 1.3; at 90: 3 + 0.7·(4 - 3) = 3.7 (virtual index 0.3, 2.7).
  assert.ok(Math.abs(percentileSorted([1, 2, 3, 4], 4, 10) - 1.3) < 1e-15);
  assert.ok(Math.abs(percentileSorted([1, 2, 3, 4], 4, 90) - 3.7) < 1e-15);
  // 32 values 0..31: index 31·0.1 = 3.1 → 3.1; one value is its own percentile.
  assert.ok(Math.abs(percentileSorted(Float64Array.from({ length: 32 }, (_, i) => i), 32, 10) - 3.1) < 1e-12);
  assert.equal(percentileSorted([-7], 1, 90), -7);
});

/*
 * A clean 40 dB step: P = 1 (0 dB) for k < 512, 1e-4 (-40 dB) for k >= 512, worked by hand.
 * kc from 1024 down: D[kc..1024] is all -40 dB while kc >= 512, so P90 above = -40.
 * The window D[kc-32 .. kc-1] holds j = kc - 512 quiet bins (kc in 513..544); sorted ascending, P10 sits at index
 * 31·0.1 = 3.1, i.e. sorted[3] + 0.1·(sorted[4] - sorted[3]):
 *   j >= 5: -40 → difference 0;  j = 4 (kc 516): -40 + 0.1·40 = -36 → 4 dB;  j = 3 (kc 515): sorted[3] = sorted[4] = 0
 *   → P10 = 0, difference 40 >= 30. So the first kc is 515, three bins above the step: bandwidthHz = 515·sr/2048.
 */
test('a clean 40 dB step at bin 512 gives kc 515 (P10 lets three quiet bins into the 32-bin window)', () => {
  const step = flat(1e-4, (k) => (k < 512 ? 1 : undefined));
  assert.equal(cliffBin(step), 515);
  assert.equal(bandwidthFromPower(step, SR), (515 * SR) / 2048);
  assert.equal(bandwidthFromPower(step, 48000), (515 * 48000) / 2048);
});

test('the 30 dB threshold is inclusive: a 30 dB step is a cliff, a 29.9 dB step is not', () => {
  // Same arithmetic as the 40 dB step: at kc 515 the difference is exactly the step (10·log10(1e-3) = -30).
  assert.equal(cliffBin(flat(1e-3, (k) => (k < 512 ? 1 : undefined))), 515);
  // 29.9 dB: no kc reaches 30 (the largest difference is the step itself), so the full band: kc 1024, sr/2.
  const shallow = flat(10 ** -2.99, (k) => (k < 512 ? 1 : undefined));
  assert.equal(cliffBin(shallow), 1024);
  assert.equal(bandwidthFromPower(shallow, SR), SR / 2);
});

test('exact zeros above a cut sit at max(P)·1e-30 and still make a cliff', () => {
  // P[0] = 10 (the maximum), 1 on bins 1..699, 0 above: D = 10 dB, 0 dB, and 10·log10(10·1e-30) = -290 dB.
  // With j quiet bins in the window: j <= 3 gives P10 = 0 and a 290 dB difference; j = 4 gives
  // -290 + 0.1·290 = -261, a 29 dB difference (< 30); j >= 5 gives 0. So kc = 700 + 3 = 703.
  assert.equal(cliffBin(flat(0, (k) => (k === 0 ? 10 : k < 700 ? 1 : undefined))), 703);
});

/*
 * 6 dB/octave roll-off, P[k] = 1/k² (P[0] = 1): D[k] = -20·log10(k), worked by hand for the most favourable kc, 33:
 *   window D[1..32] ascending is k = 32, 31, ...: sorted[3] = D(29) = -29.248, sorted[4] = D(28) = -28.943, P10 = -29.218;
 *   above D[33..1024] (992 values) ascending is k = 1024, 1023, ...: index 991·0.9 = 891.9 → between k = 133 and 132,
 *   P90 = -42.477 + 0.9·0.0656 = -42.418. Difference 13.2 dB < 30. For larger kc the ratio of the two frequencies,
 *   (kc + 0.1·(1024 - kc)) / (kc - 3.9), only shrinks, so there is no cliff: sr/2.
 */
test('a smooth 6 dB/octave roll-off is no cliff: sr/2', () => {
  const rolloff = Float64Array.from({ length: BANDWIDTH_BINS }, (_, k) => 1 / Math.max(1, k) ** 2);
  assert.equal(bandwidthFromPower(rolloff, SR), SR / 2);
});

test('a pure tone over a flat floor is no cliff: sr/2', () => {
  // 4 tone bins at +60 dB: any 32-bin window keeps at least 28 floor bins, so its P10 is the floor and P90 above >= floor.
  assert.equal(bandwidthFromPower(flat(1e-6, (k) => (k >= 300 && k < 304 ? 1 : undefined)), SR), SR / 2);
});

test('an all-zero P has no bandwidth; a P of the wrong length is refused', () => {
  assert.equal(bandwidthFromPower(new Float64Array(BANDWIDTH_BINS), SR), null);
  assert.throws(() => cliffBin(new Float64Array(1024)), /1025 bins, got 1024/);
});

/** Naive DFT of the definition: P[k] = mean over whole frames of |Σ w[n]·x[s+n]·e^(-2πikn/2048)|². */
function naivePower(x: Float64Array): Float64Array {
  const N = 2048;
  const cos = Float64Array.from({ length: N }, (_, i) => Math.cos((2 * Math.PI * i) / N));
  const sin = Float64Array.from({ length: N }, (_, i) => Math.sin((2 * Math.PI * i) / N));
  const frames = Math.floor((x.length - N) / 512) + 1;
  const p = new Float64Array(BANDWIDTH_BINS);
  const wx = new Float64Array(N);
  for (let f = 0; f < frames; f++) {
    for (let n = 0; n < N; n++) {
      const v = x[f * 512 + n];
      wx[n] = (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N)) * (Number.isFinite(v) ? v : 0);
    }
    for (let k = 0; k < BANDWIDTH_BINS; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < N; n++) {
        const i = (k * n) % N;
        re += wx[n] * cos[i];
        im -= wx[n] * sin[i];
      }
      p[k] += (re * re + im * im) / frames;
    }
  }
  return p;
}

test('P matches a naive DFT on three frames, for any block size, on every path (NaN and Inf read as 0)', () => {
  // 2048 + 2·512 + 300 samples: three whole frames (the last 300 samples start no frame).
  const x = whiteNoise(2048 + 2 * 512 + 300, 0.3, 7);
  x[100] = NaN;
  x[2500] = Infinity;
  x[2501] = -Infinity;
  const expected = naivePower(x);
  const scale = Math.max(...expected);
  for (const path of PATHS) {
    // PFFFT runs in float32: relative error ~1e-7 per value, so 1e-5 of the largest bin; fft.js is float64.
    const tol = (path.float32 ? 1e-5 : 1e-10) * scale;
    for (const blocks of [[x.length], [1], [7, 511, 1024], [513, 2049], [20_000]]) {
      const acc = accumulate(Float64Array.from(x), blocks, path.opts);
      assert.equal(acc.backend, path.name);
      assert.equal(acc.frames, 3);
      const p = acc.meanPower()!;
      for (let k = 0; k < BANDWIDTH_BINS; k++) {
        assert.ok(Math.abs(p[k] - expected[k]) <= tol, `${path.name} blocks ${blocks}: P[${k}] = ${p[k]}, naive DFT ${expected[k]}`);
      }
    }
  }
});

test('frames across many buffer refills: 40 frames pushed 3 samples at a time match the naive DFT', () => {
  // 2048 + 39·512 = 22 016 samples: the 16 384-sample buffer fills and compacts on the way.
  const x = whiteNoise(2048 + 39 * 512, 0.3, 9);
  const expected = naivePower(x);
  const scale = Math.max(...expected);
  for (const path of PATHS) {
    const acc = accumulate(x, [3], path.opts);
    assert.equal(acc.frames, 40);
    const p = acc.meanPower()!;
    for (let k = 0; k < BANDWIDTH_BINS; k++) {
      assert.ok(Math.abs(p[k] - expected[k]) <= (path.float32 ? 1e-5 : 1e-10) * scale, `${path.name}: P[${k}]`);
    }
  }
});

test('finish() is final: the same answer again, and push() after it throws', () => {
  const acc = accumulate(whiteNoise(4096, 0.1, 4), [4096], { path: 'wasm-simd' });
  assert.equal(acc.finish(SR), SR / 2);
  assert.equal(acc.finish(SR), SR / 2);
  assert.equal(acc.meanPower()!.length, BANDWIDTH_BINS);
  assert.throws(() => acc.push(new Float64Array(10), 10), /after finish/);
});

test('frames lie wholly inside the file: floor((L - 2048)/512) + 1 of them, none below 2048 samples', () => {
  for (const [length, frames] of [[2047, 0], [2048, 1], [2559, 1], [2560, 2], [10_000, 16]] as const) {
    const acc = accumulate(whiteNoise(length, 0.1, 3), [333]);
    assert.equal(acc.frames, frames, `L = ${length}`);
  }
  assert.equal(accumulate(whiteNoise(2047, 0.1, 3)).finish(SR), null);
  assert.equal(accumulate(new Float64Array(SR)).finish(SR), null);
});

test('white noise is full band: sr/2', () => {
  for (const path of PATHS) assert.equal(accumulate(whiteNoise(10 * SR, 0.2, 11), [4096], path.opts).finish(SR), SR / 2, path.name);
});

test('a pure tone over a -60 dB white noise floor is full band: sr/2', () => {
  const noise = whiteNoise(5 * SR, 0.5 * 10 ** (-60 / 20), 5);
  const x = Float64Array.from(noise, (v, n) => v + 0.5 * Math.sin((2 * Math.PI * 1000 * n) / SR));
  assert.equal(accumulate(x).finish(SR), SR / 2);
});

test('a one-pole low-pass (a smooth 6 dB/octave roll-off) is full band: sr/2', () => {
  // y[n] = 0.9·y[n-1] + x[n]: |H| falls 6 dB/octave above ~370 Hz to 1/1.9 at Nyquist, 25.6 dB under DC, with no cliff.
  const x = whiteNoise(5 * SR, 0.05, 13);
  for (let n = 1; n < x.length; n++) x[n] += 0.9 * x[n - 1];
  assert.equal(accumulate(x).finish(SR), SR / 2);
});

/**
 * White noise band-limited in the frequency domain: random Gaussian spectrum on bins below length/4 (sr/4), exactly
 * zero from there up, inverse FFT (fft.js), plus a white floor `floorDb` under the band's power (a 16-bit-like floor).
 */
function brickWallNoise(log2Length: number, floorDb: number, seed: number): Float64Array {
  const L = 1 << log2Length;
  const fft = new FFT(L);
  const spectrum = fft.createComplexArray() as number[];
  const rand = whiteNoise(L, 1, seed);
  for (let k = 1; k < L / 4; k++) {
    spectrum[2 * k] = rand[2 * k];
    spectrum[2 * k + 1] = rand[2 * k + 1];
    spectrum[2 * (L - k)] = rand[2 * k]; // Hermitian: a real signal
    spectrum[2 * (L - k) + 1] = -rand[2 * k + 1];
  }
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, spectrum);
  const x = Float64Array.from({ length: L }, (_, n) => out[2 * n]);
  let power = 0;
  for (const v of x) power += v * v;
  const gain = 0.25 / Math.sqrt(power / L); // band RMS -12 dBFS
  const floor = whiteNoise(L, 0.25 * 10 ** (floorDb / 20), seed + 1);
  for (let n = 0; n < L; n++) x[n] = x[n] * gain + floor[n];
  return x;
}

/** The definition written independently in numpy (rfft, numpy.percentile), run by Debian's python3 on the same samples. */
function numpyReference(x: Float64Array): { power: Float64Array; kc: number } {
  const script = `
import sys, numpy as np
x = np.frombuffer(sys.stdin.buffer.read(), dtype='<f8')
N, hop = 2048, 512
w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)
frames = (len(x) - N) // hop + 1
P = sum(np.abs(np.fft.rfft(w * x[f * hop:f * hop + N])) ** 2 for f in range(frames)) / frames
D = 10 * np.log10(np.maximum(P, P.max() * 1e-30))
kc = next((k for k in range(1024, 32, -1) if np.percentile(D[k - 32:k], 10) - np.percentile(D[k:], 90) >= 30), 1024)
sys.stdout.buffer.write(np.append(P, kc).astype('<f8').tobytes())
`;
  const out = run(SYSTEM_PYTHON, ['-c', script], new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  const all = new Float64Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  return { power: all.subarray(0, BANDWIDTH_BINS), kc: all[BANDWIDTH_BINS] };
}

test('white noise cut at sr/4 by a brick wall: the cliff numpy finds, within 32 bins above sr/4', () => {
  // 2^18 samples (11.9 s at 22.05 kHz), floor -80 dB under the band. The Hann window's leakage tail (-15 dB/octave of
  // distance for a flat band) fills the first bins above the wall, so the definition reads a few bins above bin 512;
  // numpy says where exactly.
  const x = brickWallNoise(18, -80, 21);
  const ref = numpyReference(x);
  assert.ok(ref.kc >= 512 && ref.kc < 512 + 32, `numpy reference kc ${ref.kc}`);
  const maxP = Math.max(...ref.power);
  for (const path of PATHS) {
    const acc = accumulate(x, [4096, 1000], path.opts);
    const p = acc.meanPower()!;
    for (let k = 0; k < BANDWIDTH_BINS; k++) {
      // Against the band's level: float32 (PFFFT) keeps ~1e-6 of it; the stopband at -80 dB stays well above that.
      assert.ok(Math.abs(p[k] - ref.power[k]) <= 1e-6 * maxP, `${path.name}: P[${k}] = ${p[k]}, numpy ${ref.power[k]}`);
    }
    assert.equal(acc.finish(SR), (ref.kc * SR) / 2048, path.name);
  }
});

/**
 * |W(f)|² of the periodic 2048-point Hann window at f bins from a bin centre, in closed form: with the Dirichlet
 * kernel D(f) = e^(-iπf(N-1)/N)·sin(πf)/sin(πf/N), W = 0.5·D(f) - 0.25·D(f-1) - 0.25·D(f+1), so
 * |W(f)| = |sin πf|·|0.5/sin(πf/N) - 0.25·e^(-iπ/N)/sin(π(f-1)/N) - 0.25·e^(iπ/N)/sin(π(f+1)/N)|.
 * f is never an integer here (the grid below is offset by half a step).
 */
function hannKernelPower(f: number): number {
  const N = 2048;
  const a = 0.5 / Math.sin((Math.PI * f) / N);
  const b = 0.25 / Math.sin((Math.PI * (f - 1)) / N);
  const c = 0.25 / Math.sin((Math.PI * (f + 1)) / N);
  const re = a - (b + c) * Math.cos(Math.PI / N);
  const im = (b - c) * Math.sin(Math.PI / N); // -b·e^(-iπ/N) - c·e^(iπ/N): imaginary part b·sin - c·sin
  return Math.sin(Math.PI * f) ** 2 * (re * re + im * im);
}

/** Leakage of a flat band that ends at a bin edge into the bin m bins above it: the kernel's energy beyond m, in dB. */
function hannLeakageDb(m: number): number {
  const step = 1 / 64;
  let total = 0;
  let beyond = 0;
  for (let f = -64 + step / 2; f < 64; f += step) {
    const e = hannKernelPower(f);
    total += e;
    if (f > m) beyond += e;
  }
  return 10 * Math.log10(beyond / total);
}

/*
 * The acceptance case: white noise low-passed at sr/4 by a steep filter reads sr/4 within 4 bins.
 * The filter: a brick wall in the frequency domain (every bin of a 2^18-point spectrum from sr/4 up set to zero), its
 * stopband a white floor 35 dB under the band's power (-38 dB per bin, since the band fills half the bins).
 * Worked by hand, in dB relative to the band's level per bin, with the Hann leakage L(m) into bin 512 + m from the closed
 * form above: L(0) = -3.0 (half the kernel on each side), L(1) = -13.9, L(2) = -35.9, L(3) = -45.2, L(4) = -51.6.
 * Bins 512 + m hold L(m) ⊕ floor: 512: -3.0, 513: -13.9, 514: -33.8, 515: -37.4, from 516: the floor -38.
 * P90 above (510 floor bins, each a mean of ~500 frames, spread ~0.2 dB): about -37.7 for every kc >= 516.
 * - kc >= 518: the window's four lowest are floor-like bins (D[kc-4] <= -33.8): P10 - P90 < 7 dB, no cliff.
 * - kc = 517: sorted window -38, -37.4, -33.8, -13.9, -3.0, ...: P10 = -13.9 + 0.1·(−3.0 + 13.9) = -12.8: 24.9 dB < 30.
 * - kc = 516: sorted window -37.4, -33.8, -13.9, -3.0, ~0 (in band): P10 = -3.0 + 0.1·3.0 = -2.7: 35 dB >= 30.
 * So kc = 516 = 512 + 4 (5 dB from the threshold either way, far beyond the noise): bandwidthHz = 516·sr/2048.
 * A deeper stopband moves the answer up: the Hann tail (L(5) = -56.5, L(8) = -66.8) then stands 30 dB over the floor
 * for longer (a -92 dB floor, 16-bit-like, reads kc = 523; exact zeros about 533): see the numpy test above.
 */
test('white noise low-passed at sr/4 by a steep filter reads sr/4 within 4 bins (kc 516 by hand)', () => {
  const leak = [0, 1, 2, 3, 4].map(hannLeakageDb);
  for (const [m, db] of [[0, -3.01], [1, -13.87], [2, -35.90], [3, -45.21], [4, -51.62]] as const) {
    assert.ok(Math.abs(leak[m] - db) < 0.01, `Hann leakage ${m} bins above the edge: ${leak[m]} dB`);
  }
  const x = brickWallNoise(18, -35, 31);
  // Cross-check: the definition written in numpy on the same samples finds the same bin.
  assert.equal(numpyReference(x).kc, 516);
  for (const path of PATHS) {
    const acc = accumulate(x, [4096, 1000], path.opts);
    const bw = acc.finish(SR)!;
    const kc = (bw * 2048) / SR;
    assert.ok(Math.abs(kc - 512) <= 4, `${path.name}: kc ${kc}, sr/4 is bin 512`);
    assert.equal(kc, 516, path.name);
  }
  // The same with 48 kHz labelling: sr/4 = 12 kHz, read as 516·48000/2048 = 12 093.75 Hz.
  assert.equal(accumulate(x).finish(48000), (516 * 48000) / 2048);
});
