// Every rule: one case that makes it fire and one that keeps it quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFile } from '../../src/core/audit/auditFile';
import { finalizeReport } from '../../src/core/audit/finalize';
import { bitDepthKey } from '../../src/core/rules/datasetRules';
import { encodeFlacVerbatim } from '../fixtures/flac';
import { resolveSettings } from '../../src/core/settings';
import type { FileReport, RuleId } from '../../src/core/types';
import { encodeWav, sineCodes, toCode, type WavSpec } from '../fixtures/wav';

const dir = mkdtempSync(join(tmpdir(), 'rules-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const settings = resolveSettings({ mel: { preset: 'none' } });
let n = 0;

async function audit(spec: WavSpec, codes: (number[] | Float64Array)[] | Uint8Array, s = settings): Promise<FileReport> {
  const name = `r${n++}.wav`;
  writeFileSync(join(dir, name), codes instanceof Uint8Array ? codes : encodeWav(spec, codes));
  return auditFile(join(dir, name), name, s);
}

const rules = (r: FileReport) => r.findings.map((f) => f.rule);
const sine = (amp: number, frames = 4410, freq = 441) => sineCodes(frames, freq, 22050, amp);
// A clean reference: 441 Hz at 0.5 amplitude, 16-bit, symmetric (zero bin 128), 16 effective bits.
const clean = () => sine(0.5);

function expectRule(r: FileReport, rule: RuleId, fires: boolean) {
  assert.equal(rules(r).includes(rule), fires, `${rule} should ${fires ? '' : 'not '}fire; got ${JSON.stringify(rules(r))}`);
}

test('a clean file has no findings at all', async () => {
  assert.deepEqual(rules(await audit({}, [clean()])), []);
});

test('unreadable fires on a non-WAV and not on a WAV', async () => {
  expectRule(await audit({}, new TextEncoder().encode('plain text')), 'unreadable', true);
  expectRule(await audit({}, [clean()]), 'unreadable', false);
});

test('empty fires on zero frames and sets error; not on one frame', async () => {
  const r = await audit({}, [[]]);
  expectRule(r, 'empty', true);
  assert.match(r.error!, /no audio frames/);
  expectRule(await audit({}, [[5]]), 'empty', false);
});

test('constant-signal fires when max == min (a constant 0.25), not on a sine', async () => {
  const r = await audit({}, [new Array(100).fill(8192)]);
  expectRule(r, 'constant-signal', true);
  assert.equal(r.minMax, null);
  assert.match(r.findings.find((f) => f.rule === 'constant-signal')!.message, /\+0\.250000/);
  expectRule(await audit({}, [clean()]), 'constant-signal', false);
});

test('non-finite fires on a NaN in a float file, not on a finite one', async () => {
  expectRule(await audit({ encoding: 'float' }, [[0.1, NaN, -0.1]]), 'non-finite', true);
  expectRule(await audit({ encoding: 'float' }, [[0.1, 0, -0.1]]), 'non-finite', false);
});

test('truncated fires when the declared data runs past the end, not otherwise', async () => {
  expectRule(await audit({ declaredDataBytes: 1_000_000 }, [clean()]), 'truncated', true);
  expectRule(await audit({}, [clean()]), 'truncated', false);
});

test('minmax-zero-shift fires at |shift| >= 2 and stays quiet at 1', async () => {
  // min -0.52, max +0.48 -> bin 133 (shift +5): fires.
  expectRule(await audit({}, [[-17039, 15729, 0]]), 'minmax-zero-shift', true);
  // min -0.502, max +0.498: bin(0) = trunc(0.502·255.99 + 0.005) = trunc(128.51) = 128: quiet.
  // min -0.506, max +0.494: bin(0) = trunc(0.506·255.99 + 0.005) = trunc(129.54) = 129, shift 1: quiet.
  expectRule(await audit({ encoding: 'float' }, [[-0.506, 0.494, 0]]), 'minmax-zero-shift', false);
});

test('dc-offset fires at |mean| >= 0.01 and stays quiet at 0.005', async () => {
  const withDc = (dc: number) => sine(0.3).map((c) => c + toCode(dc, 16));
  expectRule(await audit({}, [withDc(0.02)]), 'dc-offset', true);
  expectRule(await audit({}, [withDc(0.005)]), 'dc-offset', false);
});

test('near-silent fires below -40 dBFS peak (0.005 -> -46 dBFS), quiet at 0.02 (-34 dBFS)', async () => {
  const quiet = await audit({}, [sine(0.005)]);
  expectRule(quiet, 'near-silent', true);
  assert.match(quiet.findings.find((f) => f.rule === 'near-silent')!.message, /amplify this file by 46\.\d dB/);
  expectRule(await audit({}, [sine(0.02)]), 'near-silent', false);
});

test('clipping fires at a run of 3 full-scale samples, quiet at 2', async () => {
  const run = (len: number) => { const c = clean(); for (let i = 0; i < len; i++) c[100 + i] = 32767; return c; };
  expectRule(await audit({}, [run(3)]), 'clipping', true);
  expectRule(await audit({}, [run(2)]), 'clipping', false);
});

test('stereo-downmix-loss fires when R = -L (cancels), quiet when R = L', async () => {
  // R = -0.9 L: loss 25.6 dB; R = L: 0 dB.
  const l = clean();
  expectRule(await audit({}, [l, l.map((v) => Math.round(-0.9 * v))]), 'stereo-downmix-loss', true);
  expectRule(await audit({}, [l, l]), 'stereo-downmix-loss', false);
});

test('padded-bit-depth fires for 8-bit audio in 16 bits (info), quiet for full 16-bit', async () => {
  const padded = await audit({}, [clean().map((c) => c & ~0xff)]);
  expectRule(padded, 'padded-bit-depth', true);
  assert.equal(padded.findings.find((f) => f.rule === 'padded-bit-depth')!.severity, 'info');
  expectRule(await audit({}, [clean()]), 'padded-bit-depth', false);
});

test('dataset rules: sample-rate, channel and bit-depth mismatch against the most common value; loudness outlier against the median', async () => {
  const base = [await audit({}, [clean()]), await audit({}, [clean()]), await audit({}, [clean()])];
  const rate = await audit({ sampleRate: 16000 }, [clean()]);
  const stereo = await audit({}, [clean(), clean()]);
  const float = await audit({ encoding: 'float' }, [clean().map((c) => c / 32768)]);
  // RMS of a 0.5 sine is -9.03 dBFS; 0.025 amplitude -> -35.05 dBFS: 26 dB below the median (-9.03): fires.
  const soft = await audit({}, [sine(0.025)]);
  // 0.1 amplitude -> -23.0 dBFS: 14 dB below: quiet.
  const lessSoft = await audit({}, [sine(0.1)]);
  // The base files and the float copy decode to the same samples: duplicate-audio is tested on its own below.
  const formatOnly = resolveSettings({ mel: { preset: 'none' }, severities: { 'duplicate-audio': 'off' } });
  const report = finalizeReport('/data', formatOnly, [...base, rate, stereo, float, soft, lessSoft], false);
  const by = (p: string) => rules(report.files.find((f) => f.path === p)!);
  assert.deepEqual(by(rate.path), ['sample-rate-mismatch']);
  assert.deepEqual(by(stereo.path), ['channel-mismatch']);
  assert.deepEqual(by(float.path), ['bit-depth-mismatch']);
  assert.deepEqual(by(soft.path), ['loudness-outlier']);
  assert.deepEqual(by(lessSoft.path), []);
  for (const f of base) assert.deepEqual(by(f.path), []);
  assert.match(report.files.find((f) => f.path === rate.path)!.findings[0].message, /16000 Hz differs from the dataset's most common 22050 Hz \(7 of 8 files\)/);
  // Finalizing again does not duplicate dataset findings.
  const again = finalizeReport('/data', formatOnly, report.files, false);
  assert.deepEqual(again.files.map(rules), report.files.map(rules));
});

test('severity overrides: a rule can be raised, lowered or turned off', async () => {
  const s = resolveSettings({ mel: { preset: 'none' }, severities: { 'near-silent': 'error', 'padded-bit-depth': 'off' } });
  const r = await audit({}, [sine(0.005).map((c) => c & ~0xf)], s);
  assert.equal(r.findings.find((f) => f.rule === 'near-silent')!.severity, 'error');
  expectRule(r, 'padded-bit-depth', false);
});

test('thresholds are configurable: dc-offset at 0.001 fires on a 0.005 offset', async () => {
  const s = resolveSettings({ mel: { preset: 'none' }, thresholds: { dcOffset: 0.001 } });
  expectRule(await audit({}, [sine(0.3).map((c) => c + toCode(0.005, 16))], s), 'dc-offset', true);
});

const withMel = resolveSettings({ mel: { preset: 'tacotron' } });

test('mel-clipped-high fires for a full-scale sine under the tacotron preset, quiet at -60 dBFS', async () => {
  // A full-scale 1 kHz sine reaches about +16.7 dB in its mel band (> 0 dB top, see mel-analyzer tests);
  // at -60 dBFS the same band is near -43 dB, so no value exceeds the top.
  const loud = await audit({}, [sineCodes(22050, 1000, 22050, 0.999)], withMel);
  expectRule(loud, 'mel-clipped-high', true);
  assert.ok(loud.mel!.maxDb > 0);
  assert.ok(loud.findings.find((f) => f.rule === 'mel-clipped-high')!.location, 'points at the loudest frame');
  const soft = await audit({}, [sineCodes(22050, 1000, 22050, 0.001)], withMel);
  expectRule(soft, 'mel-clipped-high', false);
  assert.equal(soft.mel!.fractionAboveTop, 0);
});

test('mel-below-floor fires for digital silence (every value at 20·log10(1e-5) = -100 dB), quiet for noise', async () => {
  const silence = await audit({}, [new Array(22050).fill(0)], withMel);
  expectRule(silence, 'mel-below-floor', true);
  assert.equal(silence.mel!.fractionBelowFloor, 1);
  let seed = 1;
  const noise = Array.from({ length: 22050 }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.round((seed / 2147483648 - 0.5) * 6000);
  });
  const r = await audit({}, [noise], withMel);
  expectRule(r, 'mel-below-floor', false);
});

test('bit-depth-mismatch keys what a loader sees: 16-bit integers agree across WAV, AIFF and FLAC; each lossy codec is its own key', () => {
  const fmt = (container: string, encoding: string, validBits: number | null) => ({
    container, encoding, bitsPerSample: validBits, validBits, sampleRate: 16000, channels: 1, frames: 16000, durationSec: 1,
  });
  assert.equal(bitDepthKey(fmt('RIFF', 'pcm', 16)), 'pcm/16');
  assert.equal(bitDepthKey(fmt('AIFF', 'pcm', 16)), 'pcm/16');
  assert.equal(bitDepthKey(fmt('FLAC', 'flac', 16)), 'pcm/16');
  assert.equal(bitDepthKey(fmt('FLAC', 'flac', 24)), 'pcm/24');
  assert.equal(bitDepthKey(fmt('RIFF', 'float', 32)), 'float/32');
  assert.equal(bitDepthKey(fmt('MP3', 'mp3', null)), 'mp3');
  assert.equal(bitDepthKey(fmt('OGG', 'opus', null)), 'opus');
});

test('duplicate-audio: the same 16-bit codes as WAV, as FLAC and as float32 values are one audio; one changed sample is not', async () => {
  const codes = clean();
  const wav = await audit({}, [codes]);
  writeFileSync(join(dir, 'same.flac'), encodeFlacVerbatim({ sampleRate: 22050, bits: 16 }, [codes]));
  const flac = await auditFile(join(dir, 'same.flac'), 'same.flac', settings);
  // code / 32768 is exact in float32, so the float file decodes to the very same samples.
  const float = await audit({ encoding: 'float' }, [codes.map((c) => c / 32768)]);
  const changed = codes.slice();
  changed[100] += 1;
  const other = await audit({}, [changed]);
  const report = finalizeReport('/data', settings, [wav, flac, float, other], false);
  const by = (p: string) => report.files.find((f) => f.path === p)!;
  for (const f of [wav, flac, float]) {
    assert.deepEqual(rules(by(f.path)).filter((r) => r === 'duplicate-audio'), ['duplicate-audio'], f.path);
    assert.equal(by(f.path).contentHash, wav.contentHash);
  }
  assert.match(by(flac.path).findings.find((x) => x.rule === 'duplicate-audio')!.message, new RegExp(`identical to "${wav.path}", "${float.path}"`));
  assert.ok(!rules(by(other.path)).includes('duplicate-audio'));
  assert.notEqual(other.contentHash, wav.contentHash);
});
