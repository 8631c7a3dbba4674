import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MelParamError, resolveMel } from '../../src/core/mel/params';

test('tacotron at 22.05 kHz: keithito hparams (50 ms / 12.5 ms truncated like Python int())', () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 22050);
  // int(0.050·22050) = int(1102.5) = 1102; int(0.0125·22050) = int(275.625) = 275; (num_freq 1025 - 1)·2 = 2048
  assert.deepEqual(r, {
    preset: 'tacotron', sampleRate: 22050, winLength: 1102, hopLength: 275, nFft: 2048, nMels: 80, fmin: 0,
    fmax: 11025, preemphasis: 0.97, padMode: 'reflect', power: 1, amin: 1e-5, refLevelDb: 0, topDb: 0, floorDb: -100,
  });
});

test('tacotron above 40.96 kHz raises nFft to the next power of two >= the window', () => {
  // 0.05·48000 = 2400 > 2048 → 4096; 0.0125·48000 = 600
  const r48 = resolveMel({ preset: 'tacotron', params: {} }, 48000)!;
  assert.deepEqual([r48.winLength, r48.hopLength, r48.nFft], [2400, 600, 4096]);
  // 0.05·44100 = 2205 → 4096; int(551.25) = 551
  const r44 = resolveMel({ preset: 'tacotron', params: {} }, 44100)!;
  assert.deepEqual([r44.winLength, r44.hopLength, r44.nFft], [2205, 551, 4096]);
  // exactly 40.96 kHz: window 2048 still fits n_fft 2048
  const r40 = resolveMel({ preset: 'tacotron', params: {} }, 40960)!;
  assert.deepEqual([r40.winLength, r40.nFft], [2048, 2048]);
  // 16 kHz: 800 / 200
  const r16 = resolveMel({ preset: 'tacotron', params: {} }, 16000)!;
  assert.deepEqual([r16.winLength, r16.hopLength, r16.nFft], [800, 200, 2048]);
});

test('librosa preset: melspectrogram defaults + power_to_db(amin 1e-10), floor -80', () => {
  const r = resolveMel({ preset: 'librosa', params: {} }, 22050);
  assert.deepEqual(r, {
    preset: 'librosa', sampleRate: 22050, winLength: 2048, hopLength: 512, nFft: 2048, nMels: 128, fmin: 0,
    fmax: 11025, preemphasis: 0, padMode: 'constant', power: 2, amin: 1e-10, refLevelDb: 0, topDb: 0, floorDb: -80,
  });
});

test("'none' resolves to null; overrides apply on top of a preset; custom starts from tacotron", () => {
  assert.equal(resolveMel({ preset: 'none', params: {} }, 22050), null);
  assert.equal(resolveMel({ preset: 'tacotron', params: { refLevelDb: 20 } }, 22050)!.refLevelDb, 20);
  const c = resolveMel({ preset: 'custom', params: { nMels: 40, hopLength: 100, fmax: 7600, winLength: 3000 } }, 22050)!;
  assert.deepEqual([c.nMels, c.hopLength, c.fmax, c.winLength, c.nFft, c.preemphasis], [40, 100, 7600, 3000, 4096, 0.97]);
  // winLength/hopLength null and no seconds: librosa's win_length = n_fft, hop = win // 4
  const d = resolveMel({ preset: 'custom', params: { winLengthSec: null, hopLengthSec: null, nFft: 1024 } }, 8000)!;
  assert.deepEqual([d.winLength, d.hopLength, d.nFft], [1024, 256, 1024]);
});

test('settings that cannot run are refused with the parameter named', () => {
  assert.throws(() => resolveMel({ preset: 'custom', params: { nFft: 1000 } }, 22050), MelParamError);
  assert.throws(() => resolveMel({ preset: 'custom', params: { power: 3 as 1 } }, 22050), /power/);
  assert.throws(() => resolveMel({ preset: 'custom', params: { fmin: 8000, fmax: 4000 } }, 22050), /fmax/);
  assert.throws(() => resolveMel({ preset: 'custom', params: { hopLength: 0 } }, 22050), /hop/);
  assert.throws(() => resolveMel({ preset: 'custom', params: { amin: 0 } }, 22050), /amin/);
  assert.throws(() => resolveMel({ preset: 'tacotron', params: {} }, 0), /sample rate/);
});
