// --dc mean and --dc highpass, measured on the written files by libsndfile against closed-form values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixFiles } from '../../../src/core/fix/fixFiles';
import { soundfileRead } from '../../fixtures/codecs';
import { mean, workspace, writeWav } from './fixCorpus';

test('--dc mean: a 16-bit sine with DC +0.05 comes out with |mean| < 1e-4 and the sine intact', async () => {
  const { dir, input } = workspace('dc');
  const fs = 16000, n = 16000;
  const amp = 0.3;
  // 440 Hz over exactly 440 periods: the sine itself has mean 0, so the file's mean is the +0.05 offset.
  const codes = Array.from({ length: n }, (_, i) => Math.round((0.05 + amp * Math.sin((2 * Math.PI * 440 * i) / fs)) * 32768));
  writeWav(input, 'a.wav', { bits: 16, sampleRate: fs }, [codes]);
  assert.ok(Math.abs(mean(codes) / 32768 - 0.05) < 1e-4, 'the fixture holds DC +0.05');
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: ['a.wav'], outDir: out, dc: 'mean' });
  assert.equal(r.files[0].error, undefined);
  const y = soundfileRead(path.join(out, 'a.wav'));
  assert.equal(y.frames, n);
  assert.ok(Math.abs(mean(y.samples[0])) < 1e-4, `|dc| = ${Math.abs(mean(y.samples[0]))}`);
  // Only the offset went: every sample moved by 0.05 give or take the dither (≤ 1.5 LSB) and rounding of the input.
  for (let i = 0; i < n; i += 97) assert.ok(Math.abs(y.samples[0][i] - (codes[i] / 32768 - 0.05)) <= 2 / 32768, `sample ${i}`);
});

test('--dc highpass: a 0.1 Hz drift is attenuated by the closed-form |H(e^jω)| of the 5 Hz bilinear high-pass', async () => {
  const { dir, input } = workspace('hp');
  const fs = 1000, f0 = 0.1, seconds = 40, amp = 0.5;
  const n = fs * seconds;
  const x = Float64Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * f0 * i) / fs));
  writeWav(input, 'drift.wav', { encoding: 'float', bits: 32, sampleRate: fs }, [x]);
  const out = path.join(dir, 'out');
  await fixFiles({ root: input, files: ['drift.wav'], outDir: out, dc: 'highpass' });
  const y = soundfileRead(path.join(out, 'drift.wav')).samples[0];
  // Closed form, worked out here: H(s) = s/(s + ωc) through the bilinear transform with prewarping, K = tan(π fc/fs):
  // H(z) = (1 − z⁻¹)/((1 + K) − (1 − K) z⁻¹), so |H(e^jω)| = 2|sin(ω/2)| / |(1 + K) − (1 − K) e^(−jω)|.
  const K = Math.tan((Math.PI * 5) / fs);
  const w = (2 * Math.PI * f0) / fs;
  const re = 1 + K - (1 - K) * Math.cos(w), im = (1 - K) * Math.sin(w);
  const gain = (2 * Math.abs(Math.sin(w / 2))) / Math.hypot(re, im);
  assert.ok(gain > 0.019 && gain < 0.021, `|H| at 0.1 Hz is about f/fc = 0.02 (${gain})`);
  // Amplitude after the transient (time constant 1/(2π·5) s ≈ 32 ms): projection on sin and cos over 3 whole periods.
  let s = 0, c = 0;
  const from = n - 3 * (fs / f0);
  for (let i = from; i < n; i++) {
    s += y[i] * Math.sin(2 * Math.PI * f0 * i / fs);
    c += y[i] * Math.cos(2 * Math.PI * f0 * i / fs);
  }
  const measured = (2 * Math.hypot(s, c)) / (n - from);
  assert.ok(Math.abs(measured / (amp * gain) - 1) < 0.002, `amplitude ${measured} vs ${amp * gain}`);
});

test('--dc highpass passes 1 kHz (closed-form 0.99998876) and has |H| = 1/√2 at 5 Hz (the −3.01 dB cutoff)', async () => {
  const { dir, input } = workspace('hp2');
  const fs = 8000, n = fs * 8;
  const tone = (f: number): Float64Array => Float64Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / fs));
  writeWav(input, 'f5.wav', { encoding: 'float', bits: 64, sampleRate: fs }, [tone(5)]);
  writeWav(input, 'f1000.wav', { encoding: 'float', bits: 64, sampleRate: fs }, [tone(1000)]);
  const out = path.join(dir, 'out');
  await fixFiles({ root: input, files: ['f5.wav', 'f1000.wav'], outDir: out, dc: 'highpass' });
  const amplitude = (file: string, f: number): number => {
    const y = soundfileRead(path.join(out, file)).samples[0];
    let s = 0, c = 0;
    const from = n - 5 * fs; // the last 5 s: whole periods of 5 Hz and 1 kHz
    for (let i = from; i < n; i++) {
      s += y[i] * Math.sin((2 * Math.PI * f * i) / fs);
      c += y[i] * Math.cos((2 * Math.PI * f * i) / fs);
    }
    return (2 * Math.hypot(s, c)) / (n - from);
  };
  assert.ok(Math.abs(amplitude('f5.wav', 5) / 0.5 - Math.SQRT1_2) < 1e-4);
  // At 1 kHz of 8 kHz: 2 sin(ω/2)/|(1+K) − (1−K)e^{-jω}| with ω = π/4, K = tan(π·5/8000): 0.99998876 (python cmath).
  assert.ok(Math.abs(amplitude('f1000.wav', 1000) / 0.5 - 0.99998876) < 1e-6);
});
