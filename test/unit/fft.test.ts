import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRealFft, type FftBackendName, type RealFft } from '../../src/core/fft/realFft';

const EPS32 = 2 ** -23;
const EPS64 = 2 ** -52;

/** Deterministic noise in [-1, 1) (32-bit LCG, Numerical Recipes constants) so failures reproduce. */
function noise(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Textbook O(N²) DFT in float64: X[k] = Σ x[n]·e^(-2πikn/N), k = 0..N/2. */
function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * ((k * t) % n)) / n;
      sr += x[t] * Math.cos(a);
      si += x[t] * Math.sin(a);
    }
    re[k] = sr;
    im[k] = si;
  }
  return { re, im };
}

function run(fft: RealFft, x: Float64Array, kind: 'magnitude' | 'power'): Float64Array {
  fft.input.set(x);
  const out = new Float64Array(fft.bins);
  fft[kind](out);
  return out;
}

const backends: FftBackendName[] = ['fft.js', 'pffft-simd'];

for (const backend of backends) {
  // Per-bin error of a radix-2/4 FFT grows like eps·log2(N)·‖X‖₂/√N = eps·log2(N)·‖x‖₂ (Parseval); measured PFFFT
  // errors are ~3·eps·‖x‖₂ at N = 4096, so this bound has a margin of about 4 and still fails on any real defect.
  const eps = backend === 'fft.js' ? EPS64 : EPS32;

  for (const size of [32, 256, 2048, 4096]) {
    test(`${backend} N=${size}: magnitude and power match a naive DFT within ${backend === 'fft.js' ? 'float64' : 'float32'} precision`, async () => {
      const fft = await createRealFft(size, backend);
      assert.equal(fft.backend, backend);
      assert.equal(fft.bins, size / 2 + 1);
      // Quantize to float32 first so PFFFT and the reference see the same input.
      const x = noise(size, size).map(Math.fround);
      const { re, im } = naiveDft(x);
      const norm2 = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
      // Plus the float64 reference's own rounding: a sum of N terms, ~eps64·√N·‖x‖₂ (dominant only for fft.js).
      const tolMag = eps * Math.log2(size) * norm2 + 4 * EPS64 * Math.sqrt(size) * norm2;
      const mag = run(fft, x, 'magnitude');
      const pow = run(fft, x, 'power');
      for (let k = 0; k <= size / 2; k++) {
        const m = Math.hypot(re[k], im[k]);
        assert.ok(Math.abs(mag[k] - m) <= tolMag, `bin ${k}: |X| ${mag[k]} vs ${m} (tol ${tolMag})`);
        // d(|X|²) = 2|X|·d|X| + d|X|²
        assert.ok(Math.abs(pow[k] - m * m) <= (2 * m + tolMag) * tolMag, `bin ${k}: |X|² ${pow[k]} vs ${m * m}`);
      }
    });
  }

  test(`${backend}: closed forms (cosine on bin 5 gives N/2, DC and Nyquist give N)`, async () => {
    const n = 2048;
    const fft = await createRealFft(n, backend);
    const cos5 = new Float64Array(n).map((_, t) => Math.cos((2 * Math.PI * 5 * t) / n));
    const mag = run(fft, cos5, 'magnitude');
    const tol = 64 * eps * n;
    assert.ok(Math.abs(mag[5] - n / 2) <= tol, `bin 5 = ${mag[5]}`);
    for (const k of [0, 4, 6, 100, n / 2]) assert.ok(mag[k] <= tol, `bin ${k} = ${mag[k]}`);

    const dcPlusNyquist = new Float64Array(n).map((_, t) => 1 + (t % 2 === 0 ? 1 : -1));
    const m2 = run(fft, dcPlusNyquist, 'magnitude');
    assert.ok(Math.abs(m2[0] - n) <= tol, `DC ${m2[0]}`);
    assert.ok(Math.abs(m2[n / 2] - n) <= tol, `Nyquist ${m2[n / 2]}`);
  });
}

test('auto picks PFFFT for sizes it supports and fft.js below 32; bad sizes are refused', async () => {
  assert.equal((await createRealFft(2048)).backend, 'pffft-simd');
  assert.equal((await createRealFft(16)).backend, 'fft.js');
  await assert.rejects(createRealFft(1000), RangeError);
  await assert.rejects(createRealFft(16, 'pffft-simd'), RangeError);
});

test('instances are shared per size and backend (no allocation per analyzer)', async () => {
  assert.equal(await createRealFft(1024, 'fft.js'), await createRealFft(1024, 'fft.js'));
  assert.notEqual(await createRealFft(1024, 'fft.js'), await createRealFft(1024, 'pffft-simd'));
});
