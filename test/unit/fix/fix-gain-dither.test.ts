// --gain dataset: one gain for the corpus (closed form 10^((target − peak)/20)), and the TPDF dither of 16-bit outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixFiles } from '../../../src/core/fix/fixFiles';
import { soundfileRead } from '../../fixtures/codecs';
import { peakOf, workspace, writeWav } from './fixCorpus';

const db = (a: number): number => 20 * Math.log10(a);

test('--gain dataset: a corpus whose global peak is −6 dBFS comes out at −1.00 dBFS, every file by the same gain', async () => {
  const { dir, input } = workspace('gain');
  const fs = 16000, n = 8000;
  const full = 2 ** 23;
  // 24-bit sines peaking at −6, −12 and −20 dBFS (the peak sample set exactly at frame 0 of a cosine).
  const levels = { 'loud.wav': -6, 'mid/quiet.wav': -12, 'mid/deep/soft.wav': -20 };
  for (const [rel, level] of Object.entries(levels)) {
    const a = 10 ** (level / 20);
    writeWav(input, rel, { bits: 24, sampleRate: fs }, [Array.from({ length: n }, (_, i) => Math.round(a * full * Math.cos((2 * Math.PI * 250 * i) / fs)))]);
  }
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: Object.keys(levels), outDir: out, gain: { mode: 'dataset', peakDbfs: -1 } });
  assert.deepEqual(r.files.map((f) => f.error), [undefined, undefined, undefined]);
  for (const [rel, level] of Object.entries(levels)) {
    const y = soundfileRead(path.join(out, rel)).samples[0];
    // Gain = +5 dB for all: −6 → −1, −12 → −7, −20 → −15 (±0.01 dB; the dither moves a 24-bit peak by < 2e-6 dB).
    assert.ok(Math.abs(db(peakOf(y)) - (level + 5)) < 0.01, `${rel}: ${db(peakOf(y))} dBFS`);
  }
  assert.ok(r.files.every((f) => f.changes.includes('gain +5.00 dB')), JSON.stringify(r.files));
});

test('16-bit output after a gain has TPDF dither: error variance 1/12 + 1/6 = 1/4 LSB², mean 0, constant input gives varied codes', async () => {
  const { dir, input } = workspace('dither');
  const fs = 16000, n = 200000;
  // Peak code 16384 (−6.02 dBFS) in the ramp file, so the gain is 10^(−1/20)·32768/16384 ≈ 1.7825: non-integer codes.
  const ramp = Array.from({ length: n }, (_, i) => ((i * 37) % 32769) - 16384);
  const constant = new Array<number>(n).fill(1000);
  writeWav(input, 'ramp.wav', { bits: 16, sampleRate: fs }, [ramp]);
  writeWav(input, 'constant.wav', { bits: 16, sampleRate: fs }, [constant]);
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: ['ramp.wav', 'constant.wav'], outDir: out, gain: { mode: 'dataset', peakDbfs: -1 } });
  assert.ok(r.files.every((f) => f.changes.includes('requantized with TPDF dither')));
  const g = (10 ** (-1 / 20) * 32768) / 16384;
  for (const [file, x] of [['ramp.wav', ramp], ['constant.wav', constant]] as const) {
    const y = soundfileRead(path.join(out, file)).samples[0];
    let s = 0, s2 = 0;
    const codes = new Set<number>();
    for (let i = 0; i < n; i++) {
      const e = y[i] * 32768 - x[i] * g; // output code − ideal scaled input, in LSB
      s += e;
      s2 += e * e;
      codes.add(y[i] * 32768);
    }
    const m = s / n, v = s2 / n - m * m;
    // Standard error of the variance estimate at n = 2e5 is about 0.001 LSB²; of the mean about 0.0011 LSB.
    assert.ok(Math.abs(m) < 0.01, `${file}: mean error ${m} LSB`);
    assert.ok(Math.abs(v - 0.25) < 0.01, `${file}: error variance ${v} LSB² (TPDF + rounding = 1/4)`);
    if (file === 'constant.wav') {
      // 1000·g = 1782.5…: undithered rounding would give one code; the dither spreads it over 2–3 neighbours.
      assert.ok(codes.size >= 2 && codes.size <= 4, `constant input gave codes ${[...codes].join(', ')}`);
    }
  }
});

test('without a change that makes codes fractional, integer samples are copied exactly (no dither)', async () => {
  const { dir, input } = workspace('exact');
  const x = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 65536) - 32768);
  writeWav(input, 'a.wav', { bits: 16, sampleRate: 8000 }, [x]);
  const out = path.join(dir, 'out');
  // --mono on a mono file changes nothing; non-finite zeroing never touches integers.
  const r = await fixFiles({ root: input, files: ['a.wav'], outDir: out, mono: true });
  assert.ok(!r.files[0].changes.includes('requantized with TPDF dither'));
  const y = soundfileRead(path.join(out, 'a.wav')).samples[0];
  assert.deepEqual(Array.from(y, (v) => v * 32768), x);
});

test('samples pushed past the code range are clipped and counted: a 10 % full-scale pulse train after --dc mean', async () => {
  const { dir, input } = workspace('clip');
  // 900 samples at −32768 and 100 at +32767: mean ≈ −0.8 of full scale. Removing it lifts the pulses to about
  // +1.8 (far past +32767: all 100 clip) and the floor to about −0.2 (far from any limit: none clip).
  const x = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 32767 : -32768));
  writeWav(input, 'pulses.wav', { bits: 16 }, [x]);
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: ['pulses.wav'], outDir: out, dc: 'mean' });
  assert.ok(r.files[0].changes.includes('100 samples clipped to the code range'), r.files[0].changes.join('|'));
  const y = soundfileRead(path.join(out, 'pulses.wav')).samples[0];
  assert.equal(y.filter((v) => v * 32768 === 32767).length, 100);
  const row = readFileSync(r.logPath, 'utf8').split('\r\n')[1].split(',');
  assert.equal(row[6], '100'); // the clipped column
});
