import { test } from 'node:test';
import { joinBlocks } from '../fixtures/blocks';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { openAudio } from '../../src/core/decode/probe';
import { openFlac } from '../../src/core/decode/formats/flac';
import { auditFile } from '../../src/core/audit/auditFile';
import { resolveSettings } from '../../src/core/settings';
import type { ReadOptions } from '../../src/core/decode/source';
import { encodeWav, type WavSpec } from '../fixtures/wav';
import { prng } from '../fixtures/prng';
import { run, soundfileRead } from '../fixtures/codecs';

const dir = mkdtempSync(join(tmpdir(), 'decode-flac-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function wavFile(spec: WavSpec, codes: readonly (readonly number[])[]): string {
  const p = join(dir, `s${n++}.wav`);
  writeFileSync(p, encodeWav(spec, codes));
  return p;
}

/** The Debian `flac` encoder's FLAC of a WAV holding these codes. */
function flacOf(spec: WavSpec, codes: readonly (readonly number[])[], args: readonly string[] = []): string {
  const out = join(dir, `f${n++}.flac`);
  run('flac', ['-s', '-f', ...args, '-o', out, wavFile(spec, codes)]);
  return out;
}

/** Seeded band-limited noise codes (a random walk, so the LPC stages have something to predict). */
function noise(seed: number, frames: number, bits: number, amplitude = 0.6): number[] {
  const r = prng(seed);
  const full = 2 ** (bits - 1);
  let x = 0;
  return Array.from({ length: frames }, () => {
    x = 0.97 * x + (r() - 0.5) * 0.25;
    return Math.max(-full, Math.min(full - 1, Math.round(Math.max(-1, Math.min(1, x * amplitude * 4)) * full)));
  });
}

/** Reads a whole stream (or a slice) through openAudio into concatenated planes. */
async function readAll(path: string, opts: ReadOptions = {}) {
  const src = await openAudio(path);
  const parts: Float64Array[][] = Array.from({ length: src.format.channels }, () => []);
  const starts: number[] = [];
  const integrity = await src.read((b) => {
    starts.push(b.startFrame);
    b.channels.forEach((ch, c) => parts[c].push(ch.slice(0, b.frames)));
  }, opts);
  const samples = joinBlocks(parts);
  const out = { format: src.format, integrity, samples, starts, codeOr: src.codeOr, notes: src.notes };
  await src.close();
  return out;
}

const orOf = (codes: readonly number[]) => codes.reduce((o, v) => o | v, 0);

function assertSamples(actual: Float64Array, expected: ArrayLike<number>, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${what}: sample ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Frame offsets and sizes from `flac -a` (libFLAC's own analysis of the stream), for damage tests. */
function analyse(flacPath: string): { offset: number; bytes: number; blocksize: number }[] {
  const copy = join(dir, `a${n++}.flac`);
  writeFileSync(copy, readFileSync(flacPath));
  run('flac', ['-s', '-a', '-f', copy]);
  const text = readFileSync(copy.replace(/\.flac$/, '.ana'), 'latin1');
  return [...text.matchAll(/^frame=\d+\toffset=(\d+)\tbits=(\d+)\tblocksize=(\d+)/gm)]
    .map((m) => ({ offset: Number(m[1]), bytes: Number(m[2]) / 8, blocksize: Number(m[3]) }));
}

test('16-bit mono FLAC decodes to the WAV codes / 2^15, bit for bit, with the same codeOr as the WAV', async () => {
  const codes = noise(1, 20000, 16);
  codes[5] = -32768;
  codes[6] = 32767;
  const spec = { bits: 16, sampleRate: 22050 };
  const flac = await readAll(flacOf(spec, [codes]));
  const wav = await readAll(wavFile(spec, [codes]));
  assertSamples(flac.samples[0], codes.map((c) => c / 32768), 'FLAC vs codes');
  assertSamples(flac.samples[0], wav.samples[0], 'FLAC vs WAV');
  assert.equal(flac.samples[0][5], -1);
  assert.deepEqual(flac.codeOr, [orOf(codes)]);
  assert.deepEqual(flac.codeOr, wav.codeOr);
  assert.deepEqual(flac.format, {
    container: 'FLAC', encoding: 'flac', bitsPerSample: 16, validBits: 16, sampleRate: 22050, channels: 1,
    frames: 20000, durationSec: 20000 / 22050, bitrateKbps: null, storage: 'integer',
  });
  assert.deepEqual(flac.integrity, { frames: 20000, truncated: null, decodeErrors: null });
});

test('24-bit stereo FLAC (mid/side coded) equals the WAV codes / 2^23 in both channels', async () => {
  const left = noise(2, 15000, 24);
  const right = left.map((v, i) => Math.max(-8388608, Math.min(8388607, Math.round(v * 0.8) + (i % 7) - 3)));
  left[0] = -8388608;
  right[1] = 8388607;
  const spec = { bits: 24, sampleRate: 48000 };
  const flac = await readAll(flacOf(spec, [left, right], ['-8']));
  const wav = await readAll(wavFile(spec, [left, right]));
  assertSamples(flac.samples[0], left.map((c) => c / 8388608), 'left');
  assertSamples(flac.samples[1], right.map((c) => c / 8388608), 'right');
  assertSamples(flac.samples[1], wav.samples[1], 'right vs WAV');
  assert.deepEqual(flac.codeOr, [orOf(left), orOf(right)]);
  assert.deepEqual(flac.codeOr, wav.codeOr);
  assert.equal(flac.format.bitsPerSample, 24);
});

test('12-bit FLAC reads like WAV 12-in-16: code·16 / 2^15, codeOr at container width, bitsPerSample 16, validBits 12', async () => {
  // libsndfile 1.2 refuses 12-bit FLAC ("unimplemented format"), so the WAV 12-in-16 reading is the reference.
  const codes12 = noise(3, 6000, 12);
  const stored = codes12.map((c) => c * 16); // WAV stores 12-bit samples left-justified in 16 bits
  const spec = { bits: 16, validBits: 12, sampleRate: 16000 };
  const path = flacOf(spec, [stored]);
  const flac = await readAll(path);
  const wav = await readAll(wavFile(spec, [stored]));
  assert.equal(run('metaflac', ['--show-bps', path]).toString().trim(), '12');
  assertSamples(flac.samples[0], codes12.map((c) => c / 2048), '12-bit');
  assertSamples(flac.samples[0], wav.samples[0], '12-bit vs WAV 12-in-16');
  assert.deepEqual(flac.codeOr, wav.codeOr);
  assert.equal(flac.format.bitsPerSample, 16);
  assert.equal(flac.format.validBits, 12);
  assert.match(flac.notes.join(' '), /12-bit samples.*12-in-16/);
});

test('matches libsndfile bit for bit across encoder settings, bit depths and channel layouts', async () => {
  const cases: { spec: WavSpec; channels: number; args: string[] }[] = [
    { spec: { bits: 16, sampleRate: 44100 }, channels: 2, args: ['-0'] },
    { spec: { bits: 16, sampleRate: 44100 }, channels: 2, args: ['-5'] },
    { spec: { bits: 16, sampleRate: 8000 }, channels: 1, args: ['-8', '-b', '1152'] },
    { spec: { bits: 8, sampleRate: 11025 }, channels: 1, args: ['-5'] },
    { spec: { bits: 24, sampleRate: 96000 }, channels: 6, args: ['-8', '--channel-map=none'] },
    { spec: { bits: 24, sampleRate: 48000 }, channels: 2, args: ['--lax', '-l', '32', '-q', '15', '-b', '65535'] },
    { spec: { bits: 16, sampleRate: 32000 }, channels: 2, args: ['--lax', '-e', '-p', '-l', '32', '-b', '192', '-r', '0,8'] },
    { spec: { bits: 16, sampleRate: 22050 }, channels: 1, args: ['--lax', '-b', '16'] },
  ];
  for (const [i, { spec, channels, args }] of cases.entries()) {
    const codes = Array.from({ length: channels }, (_, c) => noise(100 + 10 * i + c, 9000, spec.bits ?? 16, 0.3 + 0.1 * c));
    if (i === 2) codes[0].fill(0, 0, 3000); // digital silence: CONSTANT subframes
    const path = flacOf(spec, codes, args);
    const ours = await readAll(path);
    const ref = soundfileRead(path);
    assert.equal(ours.integrity.frames, ref.frames, `${args.join(' ')}: frames`);
    assert.equal(ours.format.channels, ref.channels);
    assert.equal(ours.format.sampleRate, ref.sampleRate);
    for (let c = 0; c < channels; c++) assertSamples(ours.samples[c], ref.samples[c], `${spec.bits}-bit ${channels} ch ${args.join(' ')} channel ${c}`);
    assert.equal(ours.integrity.decodeErrors, null);
  }
});

test('wasted bits (8-bit content in 16-bit samples) decode like libsndfile and keep codeOr\'s 8 trailing zeros', async () => {
  const codes = noise(7, 8000, 8).map((c) => c * 256);
  const path = flacOf({ bits: 16, sampleRate: 16000 }, [codes], ['-5']);
  const ours = await readAll(path);
  assertSamples(ours.samples[0], soundfileRead(path).samples[0], 'wasted bits');
  assert.deepEqual(ours.codeOr, [orOf(codes)]);
  assert.equal(ours.codeOr![0] & 0xff, 0);
});

test('the npm libFLAC decoder scales by 1/(2^(b-1) - 1): round(v·32767) recovers all 65536 16-bit codes', async () => {
  // 100 more samples in a last frame of their own: the npm decoder (codec-parser 2.5.0) drops a stream's last frame here.
  const codes = Array.from({ length: 65636 }, (_, i) => (i < 65536 ? i - 32768 : 0));
  const path = flacOf({ bits: 16, sampleRate: 44100 }, [codes]);
  const dec = new FLACDecoder();
  await dec.ready;
  const r = await dec.decodeFile(new Uint8Array(readFileSync(path)));
  dec.free();
  assert.ok(r.samplesDecoded >= 65536, `npm decoded ${r.samplesDecoded} samples`);
  const v = r.channelData[0];
  for (let i = 0; i < 65536; i++) {
    if (Math.round(v[i] * 32767) !== codes[i]) assert.fail(`code ${codes[i]}: npm gives ${v[i]}`);
  }
  // Its 16384 is 16384/32767, not the project's 0.5; our reader gives code / 32768.
  assert.notEqual(v[16384 + 32768], 0.5);
  const ours = await readAll(path);
  assertSamples(ours.samples[0], codes.map((c) => c / 32768), 'all 16-bit codes');
});

test('round(v·8388607) recovers 24-bit extremes and 20 000 random codes from the npm decoder; our reader agrees', async () => {
  const r = prng(24);
  const codes = [-8388608, -8388607, -8388606, -4194304, -1, 0, 1, 4194303, 8388605, 8388606, 8388607,
    ...Array.from({ length: 20000 }, () => Math.floor(r() * 16777216) - 8388608)];
  const path = flacOf({ bits: 24, sampleRate: 48000 }, [codes]);
  const dec = new FLACDecoder();
  await dec.ready;
  const out = await dec.decodeFile(new Uint8Array(readFileSync(path)));
  dec.free();
  const v = out.channelData[0];
  for (let i = 0; i < codes.length; i++) {
    if (Math.round(v[i] * 8388607) !== codes[i]) assert.fail(`code ${codes[i]}: npm gives ${v[i]}`);
  }
  const ours = await readAll(path);
  assertSamples(ours.samples[0], codes.map((c) => c / 8388608), '24-bit codes');
});

test('a FLAC cut in half decodes its whole frames and reports truncated against STREAMINFO', async () => {
  const codes = noise(8, 44100, 16);
  const path = flacOf({ bits: 16, sampleRate: 44100 }, [codes]);
  const bytes = readFileSync(path);
  const cut = Math.floor(bytes.length / 2);
  const frames = analyse(path);
  // libFLAC's analysis: the frames that end before the cut are whole.
  const whole = frames.filter((f) => f.offset + f.bytes <= cut).reduce((s, f) => s + f.blocksize, 0);
  const half = join(dir, 'half.flac');
  writeFileSync(half, bytes.subarray(0, cut));
  const r = await readAll(half);
  assert.equal(r.integrity.frames, whole);
  assert.ok(whole > 0 && whole < 44100);
  assert.deepEqual(r.integrity.truncated, {
    declaredFrames: 44100, detail: `STREAMINFO promises 44100 frames but the stream ends after ${whole}`,
  });
  assert.equal(r.integrity.decodeErrors, null);
  assert.equal(r.format.frames, whole);
  assertSamples(r.samples[0], codes.slice(0, whole).map((c) => c / 32768), 'decoded prefix');
});

test('64 bytes overwritten mid-file: one damaged frame skipped and reported, the rest decodes', async () => {
  const codes = noise(9, 44100, 16);
  const path = flacOf({ bits: 16, sampleRate: 44100 }, [codes]);
  const frames = analyse(path);
  const hit = 4; // overwrite 64 bytes well inside frame 4 (frames are about 6 KB here)
  assert.ok(frames[hit].bytes > 300);
  const bytes = Buffer.from(readFileSync(path));
  const r = prng(64);
  const at = frames[hit].offset + 100;
  for (let i = 0; i < 64; i++) bytes[at + i] = Math.floor(r() * 256);
  const damaged = join(dir, 'damaged.flac');
  writeFileSync(damaged, bytes);
  const out = await readAll(damaged);
  const lost = frames[hit].blocksize;
  const start = frames.slice(0, hit).reduce((s, f) => s + f.blocksize, 0);
  assert.equal(out.integrity.frames, 44100 - lost);
  assert.equal(out.integrity.truncated, null);
  assert.ok(out.integrity.decodeErrors);
  assert.equal(out.integrity.decodeErrors.count, 1);
  assert.equal(out.integrity.decodeErrors.firstFrame, start);
  assert.match(out.integrity.decodeErrors.detail, new RegExp(`at byte ${frames[hit].offset} .*1 damaged stretch skipped, ${lost} frames lost`));
  const expected = [...codes.slice(0, start), ...codes.slice(start + lost)].map((c) => c / 32768);
  assertSamples(out.samples[0], expected, 'around the damage');
});

test('startFrame/endFrame reads equal the same slices of the whole read, block boundaries included', async () => {
  const left = noise(10, 30000, 16);
  const right = noise(11, 30000, 16);
  const path = flacOf({ bits: 16, sampleRate: 44100 }, [left, right], ['-b', '4096']);
  const whole = await readAll(path);
  const slices: [number, number, number][] = [
    [0, 1, 1000], [4095, 4097, 1000], [5000, 17000, 1000], [12288, 30000, 1000], [29999, 30000, 1000], [0, 30000, 1000],
    [100, 9000, 4096], [100, 9000, 1 << 15],
  ];
  for (const [s, e, blockFrames] of slices) {
    const part = await readAll(path, { startFrame: s, endFrame: e, blockFrames });
    assert.equal(part.starts[0], s);
    for (let c = 0; c < 2; c++) assertSamples(part.samples[c], whole.samples[c].subarray(s, e), `[${s}, ${e}) ch ${c}`);
    assert.ok(part.starts.every((st, i) => i === 0 || st - part.starts[i - 1] === blockFrames), 'blocks of blockFrames');
  }
});

test('a FLAC behind an ID3v2 tag opens through the probe and reads like the bare file', async () => {
  const codes = noise(12, 5000, 16);
  const path = flacOf({ bits: 16, sampleRate: 16000 }, [codes]);
  const body = Buffer.from('hello tag');
  const tag = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, body.length]), body]);
  const tagged = join(dir, 'tagged.flac');
  writeFileSync(tagged, Buffer.concat([tag, readFileSync(path)]));
  const r = await readAll(tagged);
  assertSamples(r.samples[0], codes.map((c) => c / 32768), 'after ID3v2');
});

test('a streamed encode (STREAMINFO total 0) is counted by decoding at open', async () => {
  const codes = noise(13, 7777, 16);
  const raw = Buffer.from(new Int16Array(codes).buffer);
  const encoded = run('flac', ['-s', '--force-raw-format', '--endian=little', '--sign=signed', '--channels=1', '--bps=16',
    '--sample-rate=8000', '-c', '-'], raw);
  const path = join(dir, 'streamed.flac');
  writeFileSync(path, encoded);
  const src = await openFlac(path);
  assert.equal(src.info.totalSamples, 0);
  assert.equal(src.format.frames, 7777);
  assert.equal(src.format.durationSec, 7777 / 8000);
  await src.close();
  const r = await readAll(path);
  assertSamples(r.samples[0], codes.map((c) => c / 32768), 'streamed');
  assert.equal(r.integrity.truncated, null);
});

test('a text file named .flac is not matched by the FLAC probe: the error says what it starts with', async () => {
  const path = join(dir, 'notes.flac');
  writeFileSync(path, 'hello, this is not audio\n');
  await assert.rejects(openAudio(path), { name: 'AudioError', message: 'not a recognized audio file: it starts with "hell" (68 65 6c 6c)' });
});

test('a FLAC that ends inside its metadata is an AudioError naming it', async () => {
  const path = join(dir, 'short.flac');
  writeFileSync(path, Buffer.from('fLaC\x00\x00\x00\x22', 'latin1'));
  await assert.rejects(openAudio(path), { name: 'AudioError', message: 'the FLAC file ends inside its STREAMINFO header' });
});

// A hand-assembled stream for what `flac` never writes: escaped (raw) Rice partitions, RICE2 parameters, VERBATIM,
// CONSTANT and wasted bits. Written from format.html with its own bit writer and bitwise CRCs.
class BitWriter {
  bytes: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, bits: number) {
    for (let b = bits - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** b) & 1);
      if (++this.n === 8) { this.bytes.push(this.acc); this.acc = 0; this.n = 0; }
    }
  }
  signed(value: number, bits: number) { this.put(value < 0 ? value + 2 ** bits : value, bits); }
  rice(value: number, k: number) {
    const u = value >= 0 ? 2 * value : -2 * value - 1;
    for (let q = Math.floor(u / 2 ** k); q > 0; q--) this.put(0, 1);
    this.put(1, 1);
    this.put(u % 2 ** k, k);
  }
  align() { while (this.n !== 0) this.put(0, 1); }
}

/** MSB-first CRC, bit by bit (format.html: CRC-8 poly 0x07, CRC-16 poly 0x8005, both init 0). */
function crc(bytes: readonly number[], width: number, poly: number): number {
  let r = 0;
  const top = 2 ** (width - 1);
  const mask = 2 ** width - 1;
  for (const byte of bytes) {
    for (let b = 7; b >= 0; b--) {
      const bit = ((byte >> b) & 1) ^ (r & top ? 1 : 0);
      r = ((r << 1) & mask) ^ (bit ? poly : 0);
    }
  }
  return r;
}

function frame(number: number, blockSize: number, body: (w: BitWriter) => void, channels = 2): number[] {
  const w = new BitWriter();
  w.put(0xfff8, 16); // sync, fixed blocking
  w.put(7, 4); // block size: 16-bit (blocksize-1) at the end of the header
  w.put(0, 4); // sample rate from STREAMINFO
  w.put(channels - 1, 4); // independent channels (two unless told)
  w.put(4, 3); // 16 bits
  w.put(0, 1);
  w.put(number, 8); // coded frame number (< 128: one byte)
  w.put(blockSize - 1, 16);
  w.put(crc(w.bytes, 8, 0x07), 8);
  body(w);
  w.align();
  w.put(crc(w.bytes, 16, 0x8005), 16);
  return w.bytes;
}

test('hand-made frames: escaped partitions, RICE2, VERBATIM, CONSTANT and wasted bits decode to their definitions', async () => {
  const B = 32;
  // Frame 0, channel 0: FIXED order 1, RICE2, partition order 1: partition 0 escaped (7 raw bits), partition 1 k = 3.
  const res0 = Array.from({ length: B - 1 }, (_, i) => (i * 37) % 101 - 50);
  const raw0 = res0.map((v, i) => (i < 15 ? Math.max(-64, Math.min(63, v)) : v));
  const warm0 = -20000;
  const ch0 = [warm0];
  for (const r of raw0) ch0.push(ch0[ch0.length - 1] + r);
  // Frame 0, channel 1: VERBATIM.
  const ch1 = Array.from({ length: B }, (_, i) => ((i * 7919) % 65536) - 32768);
  // Frame 1, channel 0: CONSTANT; channel 1: FIXED order 2, 3 wasted bits, one escaped partition of 0 raw bits.
  const ch2 = new Array(B).fill(-1234);
  const w1 = 5, w2 = 9; // warm-up (before the wasted-bits shift): s[i] = 2 s[i-1] - s[i-2] with zero residual
  const ch3 = [w1, w2];
  while (ch3.length < B) ch3.push(2 * ch3[ch3.length - 1] - ch3[ch3.length - 2]);
  const f0 = frame(0, B, (w) => {
    w.put(0, 1); w.put(0b001001, 6); w.put(0, 1); // FIXED, order 1
    w.signed(warm0, 16);
    w.put(1, 2); w.put(1, 4); // RICE2, partition order 1
    w.put(31, 5); w.put(7, 5); for (let i = 0; i < 15; i++) w.signed(raw0[i], 7);
    w.put(3, 5); for (let i = 15; i < B - 1; i++) w.rice(raw0[i], 3);
    w.put(0, 1); w.put(0b000001, 6); w.put(0, 1); // VERBATIM
    for (const v of ch1) w.signed(v, 16);
  });
  const f1 = frame(1, B, (w) => {
    w.put(0, 1); w.put(0, 6); w.put(0, 1); w.signed(-1234, 16); // CONSTANT
    w.put(0, 1); w.put(0b001010, 6); w.put(1, 1); w.put(0b001, 3); // FIXED order 2, wasted bits: unary 2 zeros + 1 -> 3
    w.signed(w1, 13); w.signed(w2, 13);
    w.put(0, 2); w.put(0, 4); w.put(15, 4); w.put(0, 5); // RICE, one partition, escape with 0 raw bits
  });
  const info = new BitWriter();
  info.put(B, 16); info.put(B, 16); info.put(0, 24); info.put(0, 24);
  info.put(44100, 20); info.put(1, 3); info.put(15, 5); info.put(0, 4); info.put(2 * B, 32);
  for (let i = 0; i < 16; i++) info.put(0, 8);
  const bytes = [...Buffer.from('fLaC'), 0x80, 0, 0, 34, ...info.bytes, ...f0, ...f1];
  const path = join(dir, 'handmade.flac');
  writeFileSync(path, Uint8Array.from(bytes));
  const r = await readAll(path);
  const left = [...ch0, ...ch2].map((c) => c / 32768);
  const right = [...ch1, ...ch3.map((v) => v * 8)].map((c) => c / 32768);
  assertSamples(r.samples[0], left, 'left');
  assertSamples(r.samples[1], right, 'right');
  assert.deepEqual(r.integrity, { frames: 2 * B, truncated: null, decodeErrors: null });
  const ref = soundfileRead(path);
  assertSamples(r.samples[0], ref.samples[0], 'left vs libsndfile');
  assertSamples(r.samples[1], ref.samples[1], 'right vs libsndfile');
});

test('60 randomly damaged copies (overwritten runs, bit flips, zeroed stretches and cuts) never crash the reader', async () => {
  const codes = [noise(14, 20000, 16), noise(15, 20000, 16)];
  const path = flacOf({ bits: 16, sampleRate: 44100 }, codes);
  const original = readFileSync(path);
  const audioStart = analyse(path)[0].offset;
  const r = prng(60);
  const pick = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo));
  let reported = 0;
  for (let t = 0; t < 60; t++) {
    const b = Buffer.from(original);
    let data: Buffer = b;
    if (t % 3 === 0) {
      const at = pick(audioStart, b.length - 200);
      for (let i = pick(1, 200); i > 0; i--) b[at + i] = pick(0, 256);
    } else if (t % 3 === 1) {
      for (let j = 0; j < 20; j++) b[pick(audioStart, b.length)] ^= 1 << pick(0, 8);
    } else {
      const at = pick(audioStart, b.length - 200);
      b.fill(0, at, at + pick(1, 5000));
      data = b.subarray(0, pick(audioStart + 1, b.length));
    }
    const damaged = join(dir, `fuzz${t}.flac`);
    writeFileSync(damaged, data);
    const out = await readAll(damaged);
    assert.ok(out.integrity.frames <= 20000, `variant ${t}: ${out.integrity.frames} frames`);
    assert.ok(out.samples.every((ch) => ch.every((v) => v >= -1 && v < 1)), `variant ${t}: samples out of range`);
    if (out.integrity.decodeErrors || out.integrity.truncated) reported++;
  }
  // Every variant changed audio bytes; a CRC-16 lets a damaged frame through about once in 65536.
  assert.equal(reported, 60);
});

test('onBytes climbs to the file size; an aborted signal rejects with the AbortError', async () => {
  const path = flacOf({ bits: 16, sampleRate: 44100 }, [noise(16, 300000, 16)]);
  const size = readFileSync(path).length;
  assert.ok(size > 1 << 18, 'more than one 256 KiB read');
  const src = await openFlac(path);
  const seen: number[] = [];
  await src.read(() => {}, { onBytes: (b) => seen.push(b) });
  assert.ok(seen.length >= 2);
  assert.ok(seen.every((b, i) => i === 0 || b >= seen[i - 1]), 'monotonic');
  assert.equal(seen[seen.length - 1], size);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(src.read(() => {}, { signal: ac.signal }), { name: 'AbortError' });
  await src.close();
});

test('a mono 16-bit stream whose FIXED prediction leaves the 16-bit range is audited as decoded (no wrap-around)', async () => {
  // One frame of 32 samples: FIXED order 1, warm-up 32000, every residual +100 (Rice k = 7): codes 32000 ... 35100.
  // By hand: max = 35100 / 32768, min = 32000 / 32768, mean (an arithmetic series) = 33550 / 32768. The audit's
  // 16-bit integer kernel cannot hold 35100, so the audit must measure such a stream through the decoder's floats.
  const B = 32;
  const f0 = frame(0, B, (w) => {
    w.put(0, 1); w.put(0b001001, 6); w.put(0, 1); // FIXED, order 1
    w.signed(32000, 16);
    w.put(0, 2); w.put(0, 4); w.put(7, 4); // RICE, one partition, k = 7
    for (let i = 1; i < B; i++) w.rice(100, 7);
  }, 1);
  const info = new BitWriter();
  info.put(B, 16); info.put(B, 16); info.put(0, 24); info.put(0, 24);
  info.put(16000, 20); info.put(0, 3); info.put(15, 5); info.put(0, 4); info.put(B, 32);
  for (let i = 0; i < 16; i++) info.put(0, 8);
  const path = join(dir, 'beyond-16-bit.flac');
  writeFileSync(path, Uint8Array.from([...Buffer.from('fLaC'), 0x80, 0, 0, 34, ...info.bytes, ...f0]));
  const r = await auditFile(path, 'beyond-16-bit.flac', resolveSettings({ mel: { preset: 'none' } }));
  assert.equal(r.error, null);
  assert.equal(r.channels[0].max, 35100 / 32768);
  assert.equal(r.channels[0].min, 32000 / 32768);
  assert.equal(r.peak, 35100 / 32768);
  assert.ok(Math.abs(r.dcOffset! - 33550 / 32768) < 1e-15, `DC ${r.dcOffset}`);
});
