import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFile } from '../../src/core/audit/auditFile';
import { resolveSettings } from '../../src/core/settings';
import type { FileReport } from '../../src/core/types';
import { encodeWav, type WavSpec } from '../fixtures/wav';

const dir = mkdtempSync(join(tmpdir(), 'audit-file-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const settings = resolveSettings({ mel: { preset: 'none' } });
let n = 0;

async function audit(spec: WavSpec, codes: (number[] | Float64Array)[], s = settings): Promise<FileReport> {
  const name = `f${n++}.wav`;
  writeFileSync(join(dir, name), encodeWav(spec, codes));
  return auditFile(join(dir, name), name, s);
}

const near = (actual: number | null, expected: number, tol: number, what: string) => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
};

test('full-scale 16-bit square wave: peak 0 dBFS, RMS ≈ 0 dB, DC ≈ 0', async () => {
  // Codes alternate -32768 / +32767: peak |-1| = 1 -> 0 dBFS exactly;
  // mean(x²) = (1 + (32767/32768)²)/2 -> 10·log10 of it = -1.3246e-4 dB; DC = (-1 + 32767/32768)/2 = -2^-16.
  const codes = Array.from({ length: 1000 }, (_, i) => (i % 2 ? 32767 : -32768));
  const r = await audit({ bits: 16 }, [codes]);
  assert.equal(r.peakDbfs, 0);
  near(r.rmsDbfs, 10 * Math.log10((1 + (32767 / 32768) ** 2) / 2), 1e-12, 'rms');
  near(r.rmsDbfs, 0, 2e-4, 'rms ≈ 0 dB');
  near(r.dcOffset, -(2 ** -16), 1e-15, 'dc');
  near(r.channels[0].crestDb, 1.3246e-4, 1e-7, 'crest');
});

test('997 Hz sine of amplitude 0.5 over exactly 997 periods: RMS = 20·log10(0.5/√2) = -9.0309 dBFS, DC 0', async () => {
  const sr = 48000;
  const x = Float64Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 997 * i) / sr));
  const r = await audit({ encoding: 'float', bits: 64, sampleRate: sr }, [x]);
  near(r.rmsDbfs, 20 * Math.log10(0.5 / Math.SQRT2), 1e-9, 'rms');
  near(r.rmsDbfs, -9.0309, 1e-4, 'rms published');
  near(r.dcOffset, 0, 1e-12, 'dc');
  near(r.peakDbfs, 20 * Math.log10(0.5), 1e-6, 'peak');
});

test("the seed's example: mono min/max ≈ -0.52/+0.48 puts silence in bin 133 of 256, DC +0.039 after round trip", async () => {
  // Codes: round(-0.52·32768) = -17039 -> min = -0.519989...; round(0.48·32768) = 15729 -> max = 0.480011...
  // bin(0) = trunc(0.519989/1.000000 · 255.99 + 0.005) = trunc(133.115) = 133; shift = 133 - 128 = +5;
  // dequantized: 133/128 - 1 = 0.0390625; gain = 20·log10(2/1.0000) = 6.0206 dB.
  const codes = [-17039, 0, 15729, 100, -100];
  const r = await audit({ bits: 16 }, [codes]);
  assert.equal(r.minMax!.zeroBin, 133);
  assert.equal(r.minMax!.expectedZeroBin, 128);
  assert.equal(r.minMax!.binShift, 5);
  assert.equal(r.minMax!.dcAfterRoundTrip, 0.0390625);
  near(r.minMax!.gainDb, 20 * Math.log10(2 / ((15729 + 17039) / 32768)), 1e-12, 'gain');
  const f = r.findings.find((x) => x.rule === 'minmax-zero-shift');
  assert.ok(f, 'minmax-zero-shift fires');
  assert.match(f.message, /bin 133 of 256 instead of 128/);
  assert.match(f.message, /\+0\.039 after round trip/);
});

test('the worked example -0.5/+0.6 gives zeroBin 116, binShift -12', async () => {
  // bin(0) = trunc(0.5/1.1 · 255.99 + 0.005) = trunc(116.364) = 116.
  const r = await audit({ encoding: 'float', bits: 32 }, [[-0.5, 0.1, 0.6]]);
  assert.equal(r.minMax!.zeroBin, 116);
  assert.equal(r.minMax!.binShift, -12);
});

test('--q-levels 65536: a symmetric file keeps silence at 32768 (bin(0) = trunc(0.5·65535.99 + 0.005) = 32768)', async () => {
  const r = await audit({ encoding: 'float', bits: 32 }, [[-0.5, 0.5]], resolveSettings({ qLevels: 65536, mel: { preset: 'none' } }));
  assert.equal(r.minMax!.zeroBin, 32768);
  assert.equal(r.minMax!.binShift, 0);
});

test('stereo: file DC is the channel value with the largest |mean| (sox); downmix loss 25.59 dB when R = -0.9·L', async () => {
  // L = s, R = -0.9 s + DC: mean channel power = (1 + 0.81)/2 · P, mono = 0.05 s -> power 0.0025 P.
  // loss = 10·log10(0.905 / 0.0025) = 10·log10(362) = 25.587 dB.
  const sr = 8000;
  const s = Float64Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 100 * i) / sr));
  const r = await audit({ encoding: 'float', bits: 64, sampleRate: sr }, [s, s.map((v) => -0.9 * v)]);
  near(r.stereoDownmixLossDb, 10 * Math.log10(362), 1e-9, 'loss');
  const dc = await audit({ encoding: 'float', bits: 64 }, [[0.01, 0.03], [-0.05, -0.05]]);
  assert.equal(dc.channels[0].dcOffset, 0.02);
  assert.equal(dc.channels[1].dcOffset, -0.05);
  assert.equal(dc.dcOffset, -0.05);
});

test('effectiveBits: 8-bit audio padded into 16 bits -> 8; full 16-bit noise -> 16', async () => {
  const padded = await audit({ bits: 16 }, [[0x0100, -0x0300, 0x7f00, -0x8000]]);
  assert.equal(padded.channels[0].effectiveBits, 8);
  const full = await audit({ bits: 16 }, [[1, -2, 3]]);
  assert.equal(full.channels[0].effectiveBits, 16);
  const float = await audit({ encoding: 'float', bits: 32 }, [[0.1]]);
  assert.equal(float.channels[0].effectiveBits, null);
});

test('clipping: longest run and its start, clipped count at |x| >= 0.999', async () => {
  // 32767/32768 = 0.99997 >= 0.999; runs of 2 and 4 -> longest 4 starting at frame 5; 6 clipped in all.
  const codes = [0, 32767, -32768, 0, 100, 32767, 32767, 32767, -32768, 5];
  const r = await audit({ bits: 16 }, [codes]);
  assert.equal(r.channels[0].clippedSamples, 6);
  assert.equal(r.channels[0].longestClipRun, 4);
  assert.equal(r.channels[0].longestClipRunStart, 5);
  const f = r.findings.find((x) => x.rule === 'clipping');
  assert.deepEqual(f?.location, { startFrame: 5, endFrame: 9, channel: 0 });
});

test('non-finite float samples are counted and left out of the other statistics', async () => {
  // Finite samples 0.5 and -0.25: DC = 0.125, mean(x²) = (0.25 + 0.0625)/2.
  const r = await audit({ encoding: 'float', bits: 32 }, [[0.5, NaN, -0.25, Infinity]]);
  assert.equal(r.channels[0].nonFinite, 2);
  assert.equal(r.channels[0].firstNonFiniteFrame, 1);
  assert.equal(r.dcOffset, 0.125);
  near(r.rmsDbfs, 10 * Math.log10(0.3125 / 2), 1e-12, 'rms');
  assert.equal(r.peak, 0.5);
});

test('an unreadable file gives an error report, never a throw', async () => {
  writeFileSync(join(dir, 'text.wav'), 'not audio at all');
  const r = await auditFile(join(dir, 'text.wav'), 'text.wav', settings);
  // The probe names what the file starts with: the bytes of "not ".
  assert.equal(r.error, 'Not readable audio: not a recognized audio file: it starts with "not " (6e 6f 74 20).');
  assert.deepEqual(r.findings.map((f) => f.rule), ['unreadable']);
  const missing = await auditFile(join(dir, 'nope.wav'), 'nope.wav', settings);
  assert.match(missing.error!, /cannot read the file \(ENOENT/);
});

test('with the mel preset on, 16-bit files take the float path and give the same hand-worked values', async () => {
  const s = resolveSettings({ mel: { preset: 'tacotron' } });
  const codes = [0, 32767, -32768, 0, 100, 32767, 32767, 32767, -32768, 5];
  const r = await audit({ bits: 16 }, [codes], s);
  assert.equal(r.channels[0].clippedSamples, 6);
  assert.equal(r.channels[0].longestClipRunStart, 5);
  // Σ codes = 0 + 32767 - 32768 + 0 + 100 + 3·32767 - 32768 + 5 = 65637, so DC = 65637 / 32768 / 10.
  near(r.dcOffset, 65637 / 32768 / 10, 1e-15, 'dc');
  assert.equal(r.peakDbfs, 0);
  assert.ok(r.mel && r.mel.frames > 0);
  const square = await audit({ bits: 16 }, [Array.from({ length: 1000 }, (_, i) => (i % 2 ? 32767 : -32768))], s);
  near(square.rmsDbfs, 10 * Math.log10((1 + (32767 / 32768) ** 2) / 2), 1e-12, 'rms');
});
