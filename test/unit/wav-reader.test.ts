import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { openWav, WavError } from '../../src/core/wav/reader';
import { encodeWav, type WavSpec } from '../fixtures/wav';

const dir = mkdtempSync(join(tmpdir(), 'wav-reader-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(bytes: Uint8Array | string): string {
  const p = join(dir, `f${n++}.wav`);
  writeFileSync(p, bytes);
  return p;
}

/** Decodes a whole file into plain arrays, block by block. */
async function decode(path: string, blockFrames?: number) {
  const src = await openWav(path);
  const out: number[][] = Array.from({ length: src.layout.channels }, () => []);
  await src.read((b) => b.channels.forEach((ch, c) => out[c].push(...ch.subarray(0, b.frames))), { blockFrames });
  const codeOr = src.codeOr;
  await src.close();
  return { layout: src.layout, samples: out, codeOr };
}

async function decodeSpec(spec: WavSpec, codes: number[][]) {
  return decode(file(encodeWav(spec, codes)));
}

test('16-bit PCM scales x / 2^15: -32768 -> -1.0, 16384 -> 0.5', async () => {
  const { layout, samples } = await decodeSpec({ bits: 16, sampleRate: 16000 }, [[-32768, 0, 16384, 32767]]);
  assert.deepEqual(samples[0], [-1, 0, 0.5, 32767 / 32768]);
  assert.equal(layout.container, 'RIFF');
  assert.equal(layout.encoding, 'pcm');
  assert.equal(layout.sampleRate, 16000);
  assert.equal(layout.frames, 4);
  assert.equal(layout.durationSec, 4 / 16000);
});

test('8-bit unsigned PCM scales (x - 128) / 128: stored 0 -> -1, 128 -> 0, 192 -> 0.5', async () => {
  const { samples } = await decodeSpec({ bits: 8 }, [[-128, 0, 64, 127]]);
  assert.deepEqual(samples[0], [-1, 0, 0.5, 127 / 128]);
});

test('24-bit stereo PCM is de-interleaved and scaled by 2^23', async () => {
  const { samples, layout } = await decodeSpec({ bits: 24 }, [[-8388608, 4194304], [8388607, -1]]);
  assert.equal(layout.channels, 2);
  assert.deepEqual(samples[0], [-1, 0.5]);
  assert.deepEqual(samples[1], [8388607 / 8388608, -1 / 8388608]);
});

test('32-bit PCM scales by 2^31', async () => {
  const { samples } = await decodeSpec({ bits: 32 }, [[-2147483648, 1073741824, 2147483647]]);
  assert.deepEqual(samples[0], [-1, 0.5, 2147483647 / 2147483648]);
});

test('12-in-16 and 20-in-24 (WAVE_FORMAT_EXTENSIBLE) keep valid bits and scale by the container', async () => {
  const a = await decodeSpec({ bits: 16, validBits: 12 }, [[0x7ff0, -0x8000, 0x10]]);
  assert.equal(a.layout.validBits, 12);
  assert.equal(a.layout.bitsPerSample, 16);
  assert.deepEqual(a.samples[0], [0x7ff0 / 32768, -1, 16 / 32768]);
  const b = await decodeSpec({ bits: 24, validBits: 20 }, [[0x7ffff0, -0x100]]);
  assert.equal(b.layout.validBits, 20);
  assert.deepEqual(b.samples[0], [0x7ffff0 / 8388608, -256 / 8388608]);
});

test('IEEE float 32 and 64 are read as stored, NaN and Inf included', async () => {
  const a = await decodeSpec({ encoding: 'float', bits: 32 }, [[0.25, -0.5, NaN, Infinity, 1.5]]);
  assert.deepEqual(a.samples[0], [0.25, -0.5, NaN, Infinity, 1.5]);
  assert.equal(a.codeOr, null);
  const b = await decodeSpec({ encoding: 'float', bits: 64 }, [[0.1, -1e-300]]);
  assert.deepEqual(b.samples[0], [0.1, -1e-300]);
});

test('float through WAVE_FORMAT_EXTENSIBLE: the subformat GUID decides', async () => {
  const { layout, samples } = await decodeSpec({ encoding: 'float', bits: 32, extensible: true }, [[0.75]]);
  assert.equal(layout.encoding, 'float');
  assert.deepEqual(samples[0], [0.75]);
});

test('G.711 published code points: A-law 0xD5 -> +8, 0x55 -> -8, 0xAA -> +32256; µ-law 0x80 -> +32124, 0x00 -> -32124, 0xFF -> 0', async () => {
  const a = await decodeSpec({ encoding: 'alaw' }, [[0xd5, 0x55, 0xaa]]);
  assert.deepEqual(a.samples[0], [8 / 32768, -8 / 32768, 32256 / 32768]);
  const u = await decodeSpec({ encoding: 'mulaw' }, [[0x80, 0x00, 0xff]]);
  assert.deepEqual(u.samples[0], [32124 / 32768, -32124 / 32768, 0]);
});

test('A-law and µ-law written by wavefile decode to what wavefile decodes, / 32768', async () => {
  const input = [0, 1000, -1000, 32767, -32768, 5, -77, 12345];
  for (const kind of ['alaw', 'mulaw'] as const) {
    const w = new WaveFile();
    w.fromScratch(1, 8000, '16', input);
    if (kind === 'alaw') w.toALaw(); else w.toMuLaw();
    const bytes = w.toBuffer();
    w.fromScratch(1, 8000, '16', input);
    if (kind === 'alaw') { w.toALaw(); w.fromALaw(); } else { w.toMuLaw(); w.fromMuLaw(); }
    const expected = Array.from(w.getSamples() as unknown as ArrayLike<number>, (x) => x / 32768);
    const { samples, layout } = await decode(file(bytes));
    assert.equal(layout.encoding, kind);
    assert.deepEqual(samples[0], expected);
  }
});

test('RIFX (big-endian) decodes the same values for 16, 24, 32-bit PCM and float', async () => {
  const s16 = await decodeSpec({ container: 'RIFX', bits: 16 }, [[-32768, 256, 1]]);
  assert.equal(s16.layout.container, 'RIFX');
  assert.deepEqual(s16.samples[0], [-1, 256 / 32768, 1 / 32768]);
  const s24 = await decodeSpec({ container: 'RIFX', bits: 24 }, [[-8388608, 65536 + 2]]);
  assert.deepEqual(s24.samples[0], [-1, 65538 / 8388608]);
  const s32 = await decodeSpec({ container: 'RIFX', bits: 32 }, [[1073741824]]);
  assert.deepEqual(s32.samples[0], [0.5]);
  const f32 = await decodeSpec({ container: 'RIFX', encoding: 'float', bits: 32 }, [[-0.125]]);
  assert.deepEqual(f32.samples[0], [-0.125]);
});

test('RF64 takes the data size from ds64', async () => {
  const { layout, samples } = await decodeSpec({ container: 'RF64', bits: 16 }, [[100, -100, 200]]);
  assert.equal(layout.container, 'RF64');
  assert.equal(layout.frames, 3);
  assert.equal(layout.declaredDataBytes, 6);
  assert.deepEqual(samples[0], [100 / 32768, -100 / 32768, 200 / 32768]);
});

test('odd-sized LIST before fmt, JUNK/bext/fact between, and fmt after data are all found', async () => {
  const odd = { id: 'LIST', body: new Uint8Array([0x49, 0x4e, 0x46]) }; // 3 bytes + pad byte
  const junk = { id: 'JUNK', body: new Uint8Array(5) };
  const bext = { id: 'bext', body: new Uint8Array(602) };
  const fact = { id: 'fact', body: new Uint8Array(4) };
  const a = await decodeSpec({ before: [odd, junk], between: [bext, fact] }, [[1, 2, 3]]);
  assert.deepEqual(a.samples[0], [1 / 32768, 2 / 32768, 3 / 32768]);
  const b = await decodeSpec({ fmtAfterData: true, before: [odd] }, [[4, 5]]);
  assert.deepEqual(b.samples[0], [4 / 32768, 5 / 32768]);
});

test('a data size past the end of the file reads the whole frames that are there and marks truncated', async () => {
  // 5 stereo 16-bit frames = 20 bytes, declared 400; cut one byte so 4.75 frames remain -> 4 whole frames.
  const bytes = encodeWav({ declaredDataBytes: 400 }, [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
  const { layout, samples } = await decode(file(bytes.subarray(0, bytes.length - 1)));
  assert.equal(layout.truncated, true);
  assert.equal(layout.declaredDataBytes, 400);
  assert.equal(layout.frames, 4);
  assert.deepEqual(samples[1], [6 / 32768, 7 / 32768, 8 / 32768, 9 / 32768]);
  const streaming = await decodeSpec({ declaredDataBytes: 0xffffffff }, [[7, 8]]);
  assert.equal(streaming.layout.truncated, true);
  assert.equal(streaming.layout.frames, 2);
});

test('streaming in blocks of 3 frames and a frame range give the same samples as one read', async () => {
  const codes = Array.from({ length: 10 }, (_, i) => i * 1000 - 5000);
  const p = file(encodeWav({}, [codes, codes.map((x) => -x)]));
  const whole = await decode(p);
  const blocked = await decode(p, 3);
  assert.deepEqual(blocked.samples, whole.samples);
  const src = await openWav(p);
  const seen: number[] = [];
  const starts: number[] = [];
  await src.read((b) => { starts.push(b.startFrame); seen.push(...b.channels[0].subarray(0, b.frames)); }, { startFrame: 4, endFrame: 9, blockFrames: 2 });
  await src.close();
  assert.deepEqual(starts, [4, 6, 8]);
  assert.deepEqual(seen, codes.slice(4, 9).map((x) => x / 32768));
});

test('codeOr collects the OR of integer codes (8-bit audio padded into 16 bits has 8 zero low bits)', async () => {
  const { codeOr } = await decodeSpec({ bits: 16 }, [[0x0100, -0x0300, 0x7f00]]);
  assert.equal(codeOr![0] & 0xff, 0);
  assert.notEqual(codeOr![0] & 0x100, 0);
});

const malformed: [string, () => Uint8Array | string, RegExp][] = [
  ['empty file', () => new Uint8Array(0), /empty \(0 bytes\)/],
  ['text file named .wav', () => 'hello, this is not audio\n', /not a WAV file: it starts with "hell"/],
  ['RIFF header only', () => riffOnly(), /fmt chunk is missing/],
  ['fmt chunk missing', () => stripFmt(encodeWav({}, [[1, 2]])), /fmt chunk is missing/],
  ['zero channels', () => encodeWav({ fmtOverride: { channels: 0, blockAlign: 2 } }, [[1]]), /0 channels/],
  ['zero sample rate', () => encodeWav({ fmtOverride: { sampleRate: 0 } }, [[1]]), /sample rate of 0 Hz/],
  ['MP3 format tag', () => encodeWav({ fmtOverride: { formatTag: 0x55 } }, [[1]]), /unsupported encoding: format tag 0x0055 \(MPEG Layer 3\)/],
  ['data chunk missing', () => encodeWav({}, [[1]]).subarray(0, 36), /data chunk is missing/],
];

for (const [name, make, reason] of malformed) {
  test(`malformed: ${name} -> WavError with the reason`, async () => {
    await assert.rejects(openWav(file(make())), (err: unknown) => err instanceof WavError && reason.test(err.message));
  });
}

function riffOnly(): Uint8Array {
  const b = new Uint8Array(12);
  b.set([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x41, 0x56, 0x45]);
  return b;
}

/** Renames the fmt chunk to 'xxxx' so the walk skips it. */
function stripFmt(b: Uint8Array): Uint8Array {
  const out = b.slice();
  out.set([0x78, 0x78, 0x78, 0x78], 12);
  return out;
}
