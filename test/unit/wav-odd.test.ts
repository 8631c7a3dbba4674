// WAV headers libsndfile reads although they bend the spec: sample sizes that are not whole bytes, WAVE_FORMAT_EXTENSIBLE
// inside RIFX, and a blockAlign that disagrees with the sample size. Every file is decoded by libsndfile too
// (soundfileRead), and our samples and frame counts must equal its.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWav, WavError } from '../../src/core/wav/reader';
import { encodeWav, type WavSpec } from '../fixtures/wav';
import { soundfileRead } from '../fixtures/codecs';

const dir = mkdtempSync(join(tmpdir(), 'wav-odd-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(bytes: Uint8Array): string {
  const p = join(dir, `f${n++}.wav`);
  writeFileSync(p, bytes);
  return p;
}

async function decode(path: string) {
  const src = await openWav(path);
  const samples: number[][] = Array.from({ length: src.layout.channels }, () => []);
  await src.read((b) => b.channels.forEach((ch, c) => samples[c].push(...ch.subarray(0, b.frames))), { blockFrames: 5 });
  const codeOr = src.codeOr;
  await src.close();
  return { layout: src.layout, samples, codeOr, notes: src.layout.notes ?? [] };
}

/** Our decode and libsndfile's of the same file: same frame count and the very same float values. */
async function sameAsLibsndfile(path: string) {
  const ours = await decode(path);
  const ref = soundfileRead(path);
  assert.equal(ours.layout.frames, ref.frames, 'frames');
  assert.deepEqual(ours.samples, ref.samples.map((ch) => Array.from(ch)));
  return ours;
}

/** Rewrites header fields of a file encodeWav made with no chunk before fmt (fmt body at byte 20). */
function patchFmt(bytes: Uint8Array, fields: { bits?: number; formatTag?: number }, le = true): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  if (fields.formatTag !== undefined) v.setUint16(20, fields.formatTag, le);
  if (fields.bits !== undefined) v.setUint16(20 + 14, fields.bits, le);
  return out;
}

function spec(s: WavSpec): WavSpec {
  return { sampleRate: 8000, ...s };
}

test('12-bit PCM (format tag 1) in 16-bit containers: validBits 12, scaled by 2^15 like libsndfile', async () => {
  // Left-justified 12-bit codes: the low 4 bits are zero. 0x7ff0 / 32768 = 0.99951171875.
  const p = file(patchFmt(encodeWav(spec({ bits: 16 }), [[0x7ff0, -0x8000, 0x0010, -0x0010]]), { bits: 12 }));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.layout.bitsPerSample, 16);
  assert.equal(r.layout.validBits, 12);
  assert.equal(r.layout.blockAlign, 2);
  assert.deepEqual(r.samples[0], [0x7ff0 / 32768, -1, 16 / 32768, -16 / 32768]);
  assert.equal(r.codeOr![0] & 0xf, 0);
  assert.deepEqual(r.notes, []);
});

test('20-bit PCM in 24-bit containers (stereo) and 20-bit RIFX: validBits 20, scaled by 2^23', async () => {
  const codes = [[0x7ffff0, -0x800000, 0x10], [-0x10, 0x100, 0]];
  const p = file(patchFmt(encodeWav(spec({ bits: 24 }), codes), { bits: 20 }));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.layout.bitsPerSample, 24);
  assert.equal(r.layout.validBits, 20);
  assert.deepEqual(r.samples[1], [-16 / 8388608, 256 / 8388608, 0]);
  const be = file(patchFmt(encodeWav(spec({ container: 'RIFX', bits: 24 }), codes), { bits: 20 }, false));
  const rb = await sameAsLibsndfile(be);
  assert.deepEqual(rb.samples, r.samples);
});

test('5-bit PCM in 8-bit containers is unsigned 8-bit, (x - 128) / 128, like libsndfile', async () => {
  // Stored bytes 0x00, 0x80, 0xf8, 0x88 (encodeWav stores signed code + 128).
  const p = file(patchFmt(encodeWav(spec({ bits: 8 }), [[-128, 0, 120, 8]]), { bits: 5 }));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.layout.bitsPerSample, 8);
  assert.equal(r.layout.validBits, 5);
  assert.deepEqual(r.samples[0], [-1, 0, 120 / 128, 8 / 128]);
});

test('WAVE_FORMAT_EXTENSIBLE in RIFX: the GUID\'s Data1-3 are big-endian, as libsndfile reads them', async () => {
  const pcm = file(encodeWav(spec({ container: 'RIFX', bits: 16, extensible: true }), [[16384, -32768, 1]]));
  const a = await sameAsLibsndfile(pcm);
  assert.equal(a.layout.container, 'RIFX');
  assert.deepEqual(a.samples[0], [0.5, -1, 1 / 32768]);
  const flt = file(encodeWav(spec({ container: 'RIFX', encoding: 'float', bits: 32, extensible: true }), [[0.5, -0.125]]));
  const b = await sameAsLibsndfile(flt);
  assert.equal(b.layout.encoding, 'float');
  assert.deepEqual(b.samples[0], [0.5, -0.125]);
  const valid = file(encodeWav(spec({ container: 'RIFX', bits: 24, validBits: 20 }), [[0x7ffff0]]));
  const c = await sameAsLibsndfile(valid);
  assert.equal(c.layout.validBits, 20);
});

test('a RIFX GUID written in little-endian order is refused, as libsndfile refuses it', async () => {
  const bytes = encodeWav(spec({ container: 'RIFX', bits: 16, extensible: true }), [[1, 2]]);
  // Data1 = 1, Data2 = 0, Data3 = 0x10 stored little-endian at fmt bytes 24..31 (file bytes 44..51).
  bytes.set([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00], 44);
  const p = file(bytes);
  await assert.rejects(openWav(p), (err: unknown) => err instanceof WavError
    && err.message === 'unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat GUID {01000000-0000-1000-8000-00aa00389b71} is not PCM, float, A-law or µ-law');
  assert.throws(() => soundfileRead(p), /unimplemented format/);
});

test('blockAlign larger, smaller or 0: frames are channels x container bytes, as libsndfile reads them, with a note', async () => {
  const cases: [WavSpec, number[][], string][] = [
    [{ bits: 16, fmtOverride: { blockAlign: 3 } }, [[1, 2, 3, 4, 5, 6]],
      'The fmt chunk\'s blockAlign is 3 but 1 channel of 16-bit samples needs 2; read with 2-byte frames, as libsndfile does.'],
    [{ bits: 16, fmtOverride: { blockAlign: 2 } }, [[1, 3, 5], [2, 4, 6]],
      'The fmt chunk\'s blockAlign is 2 but 2 channels of 16-bit samples need 4; read with 4-byte frames, as libsndfile does.'],
    [{ bits: 16, fmtOverride: { blockAlign: 0 } }, [[7, -7, 300]],
      'The fmt chunk\'s blockAlign is 0 but 1 channel of 16-bit samples needs 2; read with 2-byte frames, as libsndfile does.'],
    [{ encoding: 'float', bits: 32, fmtOverride: { blockAlign: 1 } }, [[0.5, 0.25, -1]],
      'The fmt chunk\'s blockAlign is 1 but 1 channel of 32-bit samples needs 4; read with 4-byte frames, as libsndfile does.'],
    [{ encoding: 'mulaw', fmtOverride: { blockAlign: 3 } }, [[0x80, 0x00, 0xff, 0x80]],
      'The fmt chunk\'s blockAlign is 3 but 1 channel of 8-bit samples needs 1; read with 1-byte frames, as libsndfile does.'],
  ];
  for (const [s, codes, note] of cases) {
    const r = await sameAsLibsndfile(file(encodeWav(spec(s), codes)));
    assert.equal(r.layout.frames, codes[0].length);
    assert.deepEqual(r.notes, [note]);
  }
  const twelve = file(patchFmt(encodeWav(spec({ bits: 16, fmtOverride: { blockAlign: 4 } }), [[0x7ff0, 0x10]]), { bits: 12 }));
  const t = await sameAsLibsndfile(twelve);
  assert.deepEqual(t.notes, ['The fmt chunk\'s blockAlign is 4 but 1 channel of 12-bit samples in 16-bit containers needs 2; read with 2-byte frames, as libsndfile does.']);
});

/** Deterministic 24-bit codes (a linear congruential sequence), enough for several 4096-byte detection blocks. */
function codes24(count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) - 0x800000;
  });
}

test('24-bit PCM with 4-byte blocks, 24-in-32 data (ALSA arecord): libsndfile\'s content test reads it as 32-bit PCM', async () => {
  const codes = codes24(3000, 1);
  const p = file(patchFmt(encodeWav(spec({ bits: 32 }), [codes.map((c) => c * 256)]), { bits: 24 }));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.layout.encoding, 'pcm');
  assert.equal(r.layout.bitsPerSample, 32);
  assert.equal(r.layout.validBits, 24);
  assert.equal(r.layout.frames, 3000);
  assert.deepEqual(r.samples[0].slice(0, 3), codes.slice(0, 3).map((c) => c / 8388608));
  assert.match(r.notes[0], /^The fmt chunk declares 24-bit PCM with a blockAlign of 4 \(4 bytes per sample\); libsndfile's content test recognizes 24-bit samples in 32-bit containers/);
});

test('24-bit PCM with 4-byte blocks holding Cool Edit floats (|x| in 2^9..2^23): read as 32-bit float, as libsndfile does', async () => {
  const values = codes24(6000, 7).map((c) => c / 500.3);
  const bytes = patchFmt(encodeWav(spec({ encoding: 'float', bits: 32 }), [values]), { formatTag: 1, bits: 24 });
  const r = await sameAsLibsndfile(file(bytes));
  assert.equal(r.layout.encoding, 'float');
  assert.equal(r.layout.frames, 6000);
  assert.deepEqual(r.samples[0].slice(0, 2), values.slice(0, 2).map((v) => Math.fround(v)));
  assert.match(r.notes[0], /recognizes 32-bit float data in it/);
});

test('24-bit PCM with 4-byte blocks that the content test does not recognize: 3-byte frames, as libsndfile does', async () => {
  // Too short for one 4096-byte block after offset 600, so libsndfile's test never votes.
  const short = file(patchFmt(encodeWav(spec({ bits: 32 }), [[1000, 2000, -3000, 4000, 5000, 6000].map((c) => c * 256)]), { bits: 24 }));
  const a = await sameAsLibsndfile(short);
  assert.equal(a.layout.bitsPerSample, 24);
  assert.equal(a.layout.frames, 8);
  assert.match(a.notes[0], /found neither 24-in-32 nor float data, so it was read with 3-byte frames of 24-bit samples/);
  // Long, but plain 24-bit floats in [-1, 1) (exponent byte 0x3f or below): no vote either.
  const floats = codes24(3000, 3).map((c) => c / 8388608);
  const b = await sameAsLibsndfile(file(patchFmt(encodeWav(spec({ encoding: 'float', bits: 32 }), [floats]), { formatTag: 1, bits: 24 })));
  assert.equal(b.layout.frames, 4000);
});

test('extensible valid bits above the container are read at the container size, as libsndfile does, with a note', async () => {
  const p = file(encodeWav(spec({ bits: 16, validBits: 24 }), [[16384, -2]]));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.layout.validBits, 16);
  assert.deepEqual(r.notes, ['WAVE_FORMAT_EXTENSIBLE declares 24 valid bits in 16-bit PCM samples; read as 16-bit PCM, as libsndfile does.']);
});
