import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BandLimitedResampler, besselI0 } from '../../../src/core/dedup/resample';
import { createRealFft } from '../../../src/core/fft/realFft';
import { prng } from '../../fixtures/prng';

const OUT = 5512;

function sine(hz: number, rate: number, length: number, amplitude = 1): Float64Array {
  return Float64Array.from({ length }, (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / rate));
}

/** Resamples x pushed in blocks cycling through `sizes`, collecting every output. */
function resample(x: Float64Array, inputRate: number, sizes: number[] = [4096]): Float64Array {
  const out: number[] = [];
  const r = new BandLimitedResampler(inputRate, OUT, (y, n) => {
    for (let i = 0; i < n; i++) out.push(y[i]);
  });
  for (let i = 0, b = 0; i < x.length; b++) {
    const n = Math.min(sizes[b % sizes.length], x.length - i);
    r.push(x.subarray(i, i + n), n);
    i += n;
  }
  r.finish();
  return Float64Array.from(out);
}

/** RMS of y[from..to). */
function rms(y: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += y[i] * y[i];
  return Math.sqrt(s / (to - from));
}

test('besselI0 matches tabulated values (Abramowitz & Stegun table 9.8: I0(1) = 1.266065878, I0(5) = 27.23987182)', () => {
  assert.ok(Math.abs(besselI0(1) - 1.266065878) < 1e-9);
  assert.ok(Math.abs(besselI0(5) - 27.23987182) < 1e-7);
  assert.equal(besselI0(0), 1);
});

test('a 1 kHz sine at 44.1 kHz resampled to 5 512 Hz has its spectral peak at 1 kHz', async () => {
  const y = resample(sine(1000, 44100, 44100 * 2, 0.5), 44100);
  const N = 8192;
  const fft = await createRealFft(N, 'fft.js');
  // 8192 samples from the middle, Hann-windowed, so the edges (zero before and after the input) do not count.
  const from = (y.length - N) >> 1;
  for (let i = 0; i < N; i++) fft.input[i] = y[from + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
  const power = new Float64Array(fft.bins);
  fft.power(power);
  let peak = 0;
  for (let k = 1; k < fft.bins; k++) if (power[k] > power[peak]) peak = k;
  // Bin spacing 5512/8192 = 0.673 Hz: 1 kHz lies at bin 1486.2, so the peak bin is 1486.
  assert.equal(peak, Math.round((1000 * N) / OUT));
  assert.ok(Math.abs((peak * OUT) / N - 1000) <= OUT / N / 2);
});

test('output sample k is the input at time k·fin/5512: tones of 300-2000 Hz come through within -60 dB of the closed form', () => {
  for (const rate of [8000, 11025, 16000, 22050, 44100, 48000, 96000]) {
    for (const hz of [300, 1000, 2000]) {
      const y = resample(sine(hz, rate, rate), rate, [1000, 37, 8192]);
      assert.equal(y.length, OUT, `${rate} Hz: 1 s gives ceil(5512) outputs`);
      // Away from the ends (200 outputs ≥ the kernel's reach), compare with sin(2π·hz·k/5512).
      let err = 0;
      let ref = 0;
      for (let k = 200; k < OUT - 200; k++) {
        const want = Math.sin((2 * Math.PI * hz * k) / OUT);
        err += (y[k] - want) ** 2;
        ref += want * want;
      }
      const errDb = 10 * Math.log10(err / ref);
      assert.ok(errDb < -60, `${hz} Hz at ${rate} Hz: error ${errDb.toFixed(1)} dB`);
    }
  }
});

test('anything at or above 5512 - 2000 = 3 512 Hz, which would alias into 300-2000 Hz, is attenuated by >= 70 dB', () => {
  for (const rate of [16000, 22050, 44100, 48000]) {
    for (const hz of [3512, 4500, 7000]) {
      if (hz >= rate / 2) continue;
      const y = resample(sine(hz, rate, rate), rate);
      const db = 20 * Math.log10(rms(y, 200, y.length - 200) / Math.SQRT1_2);
      assert.ok(db <= -70, `${hz} Hz at ${rate} Hz comes out at ${db.toFixed(1)} dB`);
    }
  }
});

test('L input samples give ceil(L·5512/fin) outputs in any block sizes, and non-finite samples read as 0', () => {
  const rand = prng(3);
  for (const [rate, L] of [[44100, 1], [44100, 7], [22050, 12345], [48000, 48001], [8000, 3]]) {
    const x = Float64Array.from({ length: L }, () => rand() - 0.5);
    assert.equal(resample(x, rate, [5, 4096]).length, Math.ceil((L * OUT) / rate), `${L} samples at ${rate} Hz`);
  }
  const bad = new Float64Array(4000).fill(NaN);
  bad[5] = Infinity;
  const y = resample(bad, 16000);
  assert.equal(y.length, Math.ceil((4000 * OUT) / 16000));
  assert.ok(y.every((v) => v === 0));
  assert.throws(() => new BandLimitedResampler(44100.5, OUT, () => {}), /positive integer/);
});

test('the WASM kernel gives the same outputs as the TypeScript loop (same positions, phases and sums in the same order)', () => {
  const rand = prng(7);
  for (const rate of [8000, 16000, 22050, 44100, 48000]) {
    const x = Float64Array.from({ length: rate + 123 }, () => rand() - 0.5);
    x[77] = NaN;
    x[rate >> 1] = -Infinity;
    const run = (engine: 'wasm-simd' | 'js'): Float64Array => {
      const out: number[] = [];
      const r = new BandLimitedResampler(rate, OUT, (y, n) => {
        for (let i = 0; i < n; i++) out.push(y[i]);
      }, { engine });
      assert.equal(r.engine, engine);
      for (let i = 0, b = 0; i < x.length; b++) {
        const n = Math.min([4096, 13, 1500][b % 3], x.length - i);
        r.push(x.subarray(i, i + n), n);
        i += n;
      }
      r.finish();
      return Float64Array.from(out);
    };
    const js = run('js');
    assert.equal(js.length, Math.ceil((x.length * OUT) / rate));
    assert.deepEqual(run('wasm-simd'), js, `${rate} Hz`);
  }
});
