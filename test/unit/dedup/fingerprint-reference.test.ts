// The fingerprint's bits against an independent implementation of Haitsma & Kalker (2002) in numpy (float64
// throughout): frames of 2048 samples every 64 at 5 512 Hz, periodic Hann window, numpy.fft.rfft, band energies over
// the 33 log-spaced bands 300-2000 Hz, bits from eq. (1). The signal is given at 5 512 Hz, so the resampler is the
// identity (a sinc sampled at integers) and only the frame loop is compared. The project's FFT is float32 (PFFFT):
// a bit may differ only where the reference's double difference is within float32 rounding of the energies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FingerprintAccumulator, FINGERPRINT_RATE } from '../../../src/core/dedup/fingerprint';
import { popcount32 } from '../../../src/core/dedup/ber';
import { run, SYSTEM_PYTHON } from '../../fixtures/codecs';
import { prng } from '../../fixtures/prng';

/**
 * Reads float64 LE samples from stdin; writes the count, the 32-bit words of frames n >= 1, then per word 32 float64
 * ratios |d| / ΣE of eq. (1)'s double difference to the four energies in it (1 where all four are 0: silence is no tie).
 */
const REFERENCE = `
import sys, numpy as np
x = np.frombuffer(sys.stdin.buffer.read(), dtype='<f8')
fs, N, hop = 5512, 2048, 64
f = 300.0 * (2000.0 / 300.0) ** (np.arange(34) / 33.0)
edges = np.ceil(f * N / fs).astype(int)          # band m = bins edges[m] .. edges[m+1]-1
w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)  # periodic Hann
frames = (len(x) - N) // hop + 1
E = np.empty((frames, 33))
for n in range(frames):
    p = np.abs(np.fft.rfft(x[n * hop:n * hop + N] * w)) ** 2
    E[n] = [p[edges[m]:edges[m + 1]].sum() for m in range(33)]
d = (E[1:, :32] - E[1:, 1:]) - (E[:-1, :32] - E[:-1, 1:])
scale = E[1:, :32] + E[1:, 1:] + E[:-1, :32] + E[:-1, 1:]
words = ((d > 0) * (1 << np.arange(32, dtype=np.uint64))).sum(axis=1).astype('<u4')
ratio = np.where(scale > 0, np.abs(d) / np.where(scale > 0, scale, 1), 1).astype('<f8')  # all-zero energies: no tie
sys.stdout.buffer.write(np.array([len(words)], dtype='<u4').tobytes() + words.tobytes() + ratio.tobytes())
`;

/** 4 s at 5 512 Hz: two gliding tones, one amplitude-modulated, over white noise, with a silent gap (all bands move). */
function testSignal(): Float64Array {
  const rand = prng(20);
  const n = 4 * FINGERPRINT_RATE;
  return Float64Array.from({ length: n }, (_, i) => {
    const t = i / FINGERPRINT_RATE;
    if (t > 1.5 && t < 1.9) return 0;
    const glide = 2 * Math.PI * (400 * t + 150 * t * t);
    const am = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3.1 * t);
    return 0.3 * Math.sin(glide) + 0.2 * am * Math.sin(2 * Math.PI * 1333 * t + Math.sin(7 * t)) + 0.05 * (rand() - 0.5);
  });
}

test('sub-fingerprints equal a numpy float64 implementation of the paper, but for bits within float32 rounding', async (t) => {
  const x = testSignal();
  const out = run(SYSTEM_PYTHON, ['-c', REFERENCE], new Uint8Array(x.buffer));
  const count = out.readUInt32LE(0);
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = out.readUInt32LE(4 + 4 * i);
  const ratioAt = (frame: number, bit: number) => out.readDoubleLE(4 + 4 * count + 8 * (32 * frame + bit));

  const acc = await FingerprintAccumulator.create(FINGERPRINT_RATE);
  for (let i = 0; i < x.length; i += 1000) acc.push(x.subarray(i, Math.min(i + 1000, x.length)), Math.min(1000, x.length - i));
  const prints = acc.finish();
  // floor((22 048 − 2048) / 64) + 1 = 313 frames, 312 sub-fingerprints.
  assert.equal(count, 312);
  assert.equal(prints.length, count);

  let flipped = 0;
  for (let n = 0; n < count; n++) {
    const diff = (prints[n] ^ words[n]) >>> 0;
    flipped += popcount32(diff);
    for (let b = 0; b < 32; b++) {
      // float32 spectra: each energy carries a relative error of order 1e-6, so a difference below 1e-5 of the
      // energies involved has no defined sign at that precision.
      if (diff & (1 << b)) assert.ok(ratioAt(n, b) < 1e-5, `frame ${n + 1} bit ${b}: |d| / ΣE = ${ratioAt(n, b)}`);
    }
  }
  t.diagnostic(`${flipped} of ${32 * count} bits differ from the reference`);
  // The silent gap's frames hold exact zeros on both sides (all bits 0), so at most a handful of bits are near ties.
  assert.ok(flipped <= 8, `${flipped} of ${32 * count} bits differ`);
});
