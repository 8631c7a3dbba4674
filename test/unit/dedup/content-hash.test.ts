import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ContentHasher } from '../../../src/core/dedup/contentHash';
import { murmur3x86_128 } from '../../../src/core/dedup/murmur3';
import { openAudio } from '../../../src/core/decode/probe';
import { int16Kernel } from '../../../src/core/stats/int16Kernel';
import { auditFile } from '../../../src/core/audit/auditFile';
import { resolveSettings } from '../../../src/core/settings';
import { run, soundfileRead } from '../../fixtures/codecs';
import { prng } from '../../fixtures/prng';
import { encodeWav } from '../../fixtures/wav';

test('MurmurHash3_x86_128 passes the SMHasher verification test (published value 0xB3ECE62A)', () => {
  // smhasher KeysetTest.cpp VerificationTest: hash keys {0..i-1} with seed 256-i, then the concatenated hashes with seed 0.
  const key = Uint8Array.from({ length: 256 }, (_, i) => i);
  const hashes = new Uint8Array(16 * 256);
  const view = new DataView(hashes.buffer);
  for (let i = 0; i < 256; i++) {
    const h = murmur3x86_128(key.subarray(0, i), 256 - i);
    for (let w = 0; w < 4; w++) view.setUint32(16 * i + 4 * w, h[w], true);
  }
  const final = murmur3x86_128(hashes, 0);
  assert.equal(final[0], 0xb3ece62a);
});

/** The documented message: interleaved float64 LE samples, then uint32 LE rate, channels, frames lo, frames hi. */
function message(planar: Float64Array[], sampleRate: number): Uint8Array {
  const C = planar.length;
  const frames = planar[0].length;
  const bytes = new Uint8Array(8 * C * frames + 16);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < frames; i++) for (let c = 0; c < C; c++) v.setFloat64(8 * (i * C + c), planar[c][i], true);
  const t = 8 * C * frames;
  v.setUint32(t, sampleRate, true);
  v.setUint32(t + 4, C, true);
  v.setUint32(t + 8, frames, true);
  v.setUint32(t + 12, 0, true);
  return bytes;
}

function hex(h: number[]): string {
  return h.map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** Hashes planar samples pushed in blocks cycling through `sizes`. */
function hashBlocks(planar: Float64Array[], sampleRate: number, sizes: number[]): string {
  const hasher = new ContentHasher(sampleRate, planar.length);
  const frames = planar[0].length;
  for (let i = 0, b = 0; i < frames; b++) {
    const n = Math.min(sizes[b % sizes.length], frames - i);
    hasher.push({ channels: planar.map((x) => x.subarray(i, i + n)), frames: n, startFrame: i });
    i += n;
  }
  return hasher.digest();
}

test('the digest is MurmurHash3_x86_128 of the documented message, whatever the block sizes', () => {
  const rand = prng(7);
  for (const [channels, frames] of [[1, 0], [1, 1], [1, 5001], [2, 4097], [3, 333]]) {
    const planar = Array.from({ length: channels }, () => Float64Array.from({ length: frames }, () => rand() * 2 - 1));
    const expected = hex(murmur3x86_128(message(planar, 22050)));
    for (const sizes of [[frames || 1], [1], [7, 2048, 3], [4096]]) {
      assert.equal(hashBlocks(planar, 22050, sizes), expected, `${channels} ch × ${frames} frames in blocks ${sizes}`);
    }
  }
});

test('a 16-bit WAV read by the WAV reader, its FLAC copy decoded by libsndfile and the codes / 32768 hash alike', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-hash-'));
  try {
    const rand = prng(11);
    const frames = 30_000;
    const codes = [0, 1].map(() => Array.from({ length: frames }, () => Math.floor(rand() * 65536) - 32768));
    const wav = path.join(dir, 'pcm16-16k-stereo-noise.wav');
    writeFileSync(wav, encodeWav({ sampleRate: 16000, bits: 16 }, codes));
    run('flac', ['--silent', '-f', '-o', path.join(dir, 'copy.flac'), wav]);

    const fromCodes = hashBlocks(codes.map((c) => Float64Array.from(c, (v) => v / 32768)), 16000, [frames]);

    const src = await openAudio(wav);
    const hasher = new ContentHasher(src.format.sampleRate, src.format.channels);
    await src.read((block) => hasher.push(block), { blockFrames: 1000 });
    await src.close();
    assert.equal(hasher.digest(), fromCodes);

    const flac = soundfileRead(path.join(dir, 'copy.flac'));
    assert.equal(flac.frames, frames);
    assert.equal(hashBlocks(flac.samples, flac.sampleRate, [4096]), fromCodes);

    // One sample one LSB off, another rate, or the same interleaved values as mono: other digests.
    const changed = codes.map((c) => Float64Array.from(c, (v) => v / 32768));
    changed[1][12_345] += 1 / 32768;
    assert.notEqual(hashBlocks(changed, 16000, [frames]), fromCodes);
    assert.notEqual(hashBlocks(codes.map((c) => Float64Array.from(c, (v) => v / 32768)), 22050, [frames]), fromCodes);
    const asMono = new Float64Array(2 * frames);
    for (let i = 0; i < frames; i++) {
      asMono[2 * i] = codes[0][i] / 32768;
      asMono[2 * i + 1] = codes[1][i] / 32768;
    }
    assert.notEqual(hashBlocks([asMono], 16000, [2 * frames]), fromCodes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('−0.0 hashes like +0.0 (an integer zero and a float file\'s negative zero are the same sample)', () => {
  const plus = Float64Array.of(0, 0.5, 0);
  const minus = Float64Array.of(-0, 0.5, -0);
  assert.equal(hashBlocks([minus], 8000, [3]), hex(murmur3x86_128(message([plus], 8000))));
});

test('push() after digest() and a wrong channel count are rejected', () => {
  const h = new ContentHasher(8000, 2);
  assert.throws(() => h.push({ channels: [new Float64Array(4)], frames: 4, startFrame: 0 }), /expected 2 channels, got 1/);
  h.digest();
  assert.throws(() => h.push({ channels: [new Float64Array(4), new Float64Array(4)], frames: 4, startFrame: 0 }), /after digest/);
  assert.throws(() => new ContentHasher(0, 1), /sample rate/);
});

test('the WASM block mixer and the TypeScript one both give the documented digest (several passes, odd blocks, −0)', () => {
  const rand = prng(19);
  for (const [channels, frames] of [[1, 40_001], [2, 9_999], [40, 1_000]]) {
    const planar = Array.from({ length: channels }, () => Float64Array.from({ length: frames }, () => (rand() < 0.01 ? -0 : rand() * 2 - 1)));
    const plus = planar.map((x) => x.map((v) => v + 0));
    const expected = hex(murmur3x86_128(message(plus, 44100)));
    for (const engine of ['wasm', 'js'] as const) {
      for (const sizes of [[frames], [7, 20_000, 3]]) {
        const hasher = new ContentHasher(44100, channels, { engine });
        assert.equal(hasher.engine, engine);
        for (let i = 0, b = 0; i < frames; b++) {
          const n = Math.min(sizes[b % sizes.length], frames - i);
          hasher.push({ channels: planar.map((x) => x.subarray(i, i + n)), frames: n, startFrame: i });
          i += n;
        }
        assert.equal(hasher.digest(), expected, `${engine}: ${channels} ch × ${frames} frames in blocks ${sizes}`);
      }
    }
  }
});

test('16-bit mono codes hashed in the int16 kernel give the documented digest of code / 32768 (odd blocks, extremes)', () => {
  const k = int16Kernel();
  assert.ok(k, 'the WASM int16 kernel loads on this machine');
  const rand = prng(23);
  const frames = 50_001;
  const codes = Int16Array.from({ length: frames }, (_, i) => (i < 6 ? [-32768, 32767, 0, -1, 1, -32767][i] : Math.floor(rand() * 65536) - 32768));
  const expected = hex(murmur3x86_128(message([Float64Array.from(codes, (v) => v / 32768)], 16000)));
  for (const sizes of [[frames], [1], [7, 20_000, 3], [4096], [2, 5, 130_000]]) {
    const hasher = new ContentHasher(16000, 1);
    for (let i = 0, b = 0; i < frames; b++) {
      const n = Math.min(sizes[b % sizes.length], frames - i, k.codes.length);
      k.codes.set(codes.subarray(i, i + n));
      hasher.pushInt16(k, n);
      i += n;
    }
    assert.equal(hasher.digest(), expected, `blocks ${sizes}`);
  }
  assert.throws(() => new ContentHasher(16000, 2).pushInt16(k, 2), /mono/);
});

test('every one of the 65536 codes, first and second in a block (the kernel\'s two word tables), hashes like code / 32768', () => {
  const k = int16Kernel();
  assert.ok(k, 'the WASM int16 kernel loads on this machine');
  // -32768..32767, then the same shifted by one place: each code lands once in each half of a 16-byte block.
  const codes = Int16Array.from({ length: 2 * 65536 + 1 }, (_, i) => ((i < 65536 ? i : i - 65537) & 0xffff) - 32768);
  const expected = hex(murmur3x86_128(message([Float64Array.from(codes, (v) => v / 32768)], 22050)));
  const hasher = new ContentHasher(22050, 1);
  for (let i = 0; i < codes.length; i += k.codes.length) {
    const n = Math.min(k.codes.length, codes.length - i);
    k.codes.set(codes.subarray(i, i + n));
    hasher.pushInt16(k, n);
  }
  assert.equal(hasher.digest(), expected);
});

test('a 16-bit mono FLAC audited through the int16 kernel hashes like libsndfile\'s decode of it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-hash-'));
  try {
    const rand = prng(29);
    const codes = Array.from({ length: 300_001 }, () => Math.floor(rand() * 65536) - 32768);
    const wav = path.join(dir, 'pcm16-16k-mono-noise.wav');
    writeFileSync(wav, encodeWav({ sampleRate: 16000, bits: 16 }, [codes]));
    const flacPath = path.join(dir, 'copy.flac');
    run('flac', ['--silent', '-f', '-o', flacPath, wav]);
    const sf = soundfileRead(flacPath);
    const expected = hashBlocks(sf.samples, sf.sampleRate, [4096]);
    const settings = resolveSettings({ mel: { preset: 'none' } });
    for (const f of [wav, flacPath]) assert.equal((await auditFile(f, path.basename(f), settings)).contentHash, expected, f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
