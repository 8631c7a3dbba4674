// The AIFF / AIFF-C reader through openAudio: the 80-bit sample rate, every encoding against the same content as WAV
// and against libsndfile's decode (soundfileRead), files sox and ffmpeg write, hand-made headers, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudio } from '../../src/core/decode/probe';
import { AudioError, type ReadOptions } from '../../src/core/decode/source';
import { readExtended80 } from '../../src/core/aiff/extended';
import { encodeWav, sineCodes, type WavSpec } from '../fixtures/wav';
import { encodeAiff, extended80, type AiffSpec } from '../fixtures/aiff';
import { run, soundfileRead } from '../fixtures/codecs';

const dir = mkdtempSync(join(tmpdir(), 'decode-aiff-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(bytes: Uint8Array | string, ext = 'aiff'): string {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
}

function wav(spec: WavSpec, codes: number[][]): string {
  return file(encodeWav(spec, codes), 'wav');
}

/** sox or ffmpeg turns `input` into a file named `name` in the temp dir. */
function convert(tool: 'sox' | 'ffmpeg', input: string, args: string[], name: string): string {
  const out = join(dir, `${n++}-${name}`);
  if (tool === 'sox') run('sox', [input, ...args, out]);
  else run('ffmpeg', ['-loglevel', 'error', '-y', '-i', input, ...args, out]);
  return out;
}

async function decode(path: string, opts: ReadOptions = {}) {
  const src = await openAudio(path);
  const samples: number[][] = Array.from({ length: src.format.channels }, () => []);
  const integrity = await src.read((b) => b.channels.forEach((ch, c) => samples[c].push(...ch.subarray(0, b.frames))), opts);
  const out = { format: src.format, samples, codeOr: src.codeOr, notes: src.notes, integrity };
  await src.close();
  return out;
}

/** Our decode equals libsndfile's: frame count, rate, channels and every float value. */
async function sameAsLibsndfile(path: string) {
  const ours = await decode(path);
  const ref = soundfileRead(path);
  assert.equal(ours.format.frames, ref.frames, 'frames');
  assert.equal(ours.format.channels, ref.channels, 'channels');
  assert.deepEqual(ours.samples, ref.samples.map((ch) => Array.from(ch)));
  return ours;
}

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

test('80-bit extended: the encodings of 8000, 11025, 22050, 44100, 48000 and 96000 Hz worked out by hand', () => {
  // r = 1.m · 2^e: exponent field 16383 + e, significand r · 2^(63 - e). 8000 = 0x1F40 = 2^12 · 1.953125 -> 0x400B FA00…
  const cases: [string, number][] = [
    ['400bfa00000000000000', 8000], ['400cac44000000000000', 11025], ['400dac44000000000000', 22050],
    ['400eac44000000000000', 44100], ['400ebb80000000000000', 48000], ['400fbb80000000000000', 96000],
    ['3fff8000000000000000', 1], ['400dac45000000000000', 22050.5], ['bfff8000000000000000', -1],
  ];
  for (const [hex, rate] of cases) assert.equal(readExtended80(bytes(hex), 0), rate, hex);
  assert.equal(readExtended80(bytes('00000000000000000000'), 0), 0);
  assert.equal(readExtended80(bytes('7fff0000000000000000'), 0), Infinity);
  assert.ok(Number.isNaN(readExtended80(bytes('7fffc000000000000000'), 0)));
  // A 64-bit significand of all ones at exponent 63 is 2^64 - 1, whose nearest double is 2^64.
  assert.equal(readExtended80(bytes('403effffffffffffffff'), 0), 2 ** 64);
  // 2^-1 + 2^-64 needs 64 significant bits; the nearest double is 0.5.
  assert.equal(readExtended80(bytes('3ffe8000000000000001'), 0), 0.5);
});

test('sox writes AIFF at 8000 … 96000 Hz: the rate reads back exactly, and equals libsndfile\'s', async () => {
  for (const rate of [8000, 11025, 22050, 44100, 48000, 96000]) {
    const src = wav({ bits: 16, sampleRate: rate }, [sineCodes(50, 440, rate, 0.5)]);
    const p = convert('sox', src, [], 'rate.aiff');
    const r = await sameAsLibsndfile(p);
    assert.equal(r.format.sampleRate, rate);
    assert.equal(soundfileRead(p).sampleRate, rate);
  }
});

test('a non-integer rate (sox -r 44055.944) reads back as that double; libsndfile truncates it to 44055', async () => {
  const raw = file(new Uint8Array(200), 'raw');
  const p = join(dir, 'frac.aiff');
  run('sox', ['-t', 'raw', '-r', '44055.944', '-e', 'signed', '-b', '16', '-c', '1', raw, p]);
  const r = await sameAsLibsndfile(p);
  assert.equal(r.format.sampleRate, 44055.944);
  assert.equal(r.format.durationSec, 100 / 44055.944);
  assert.equal(soundfileRead(p).sampleRate, 44055);
  const hand = await decode(file(encodeAiff({ sampleRate: 22050.5 }, [[1, 2]])));
  assert.equal(hand.format.sampleRate, 22050.5);
});

const stereo16 = [sineCodes(441, 440, 22050, 0.7), sineCodes(441, 1000, 22050, -0.3)];

test('sox AIFF of a 16-bit stereo WAV: identical samples and codeOr to the WAV, and to libsndfile', async () => {
  const w = wav({ bits: 16 }, stereo16);
  const p = convert('sox', w, [], 'pcm16.aiff');
  const a = await sameAsLibsndfile(p);
  const ref = await decode(w);
  assert.deepEqual(a.samples, ref.samples);
  assert.deepEqual(a.codeOr, ref.codeOr);
  const f = a.format;
  assert.deepEqual([f.container, f.encoding, f.storage, f.bitsPerSample, f.validBits, f.sampleRate, f.channels, f.frames],
    ['AIFF', 'pcm', 'integer', 16, 16, 22050, 2, 441]);
  assert.deepEqual(a.integrity, { frames: 441, truncated: null, decodeErrors: null });
  assert.deepEqual(a.notes, []);
  const c = await sameAsLibsndfile(convert('sox', w, ['-t', 'aifc'], 'pcm16.aifc'));
  assert.equal(c.format.container, 'AIFC');
  assert.deepEqual(c.samples, ref.samples);
});

test('sox AIFF at 8, 24 and 32 bits: 8-bit AIFF is signed, and all decode like the WAV of the same codes', async () => {
  const cases: [number, number[][]][] = [
    [8, [[-128, -1, 0, 1, 64, 127]]],
    [24, [[-8388608, -1, 0, 1, 4194304, 8388607]]],
    [32, [[-2147483648, -1, 0, 1, 1073741824, 2147483647]]],
  ];
  for (const [bits, codes] of cases) {
    const w = wav({ bits }, codes);
    const p = convert('sox', w, [], `pcm${bits}.aiff`);
    const a = await sameAsLibsndfile(p);
    const ref = await decode(w);
    assert.deepEqual(a.samples, ref.samples, `${bits}-bit`);
    assert.deepEqual(a.codeOr, ref.codeOr, `${bits}-bit codeOr`);
    assert.equal(a.format.bitsPerSample, bits);
  }
});

test('hand-made 8-bit AIFF: 0x80 -> -1, 0xFF -> -1/128, 0x40 -> 0.5, 0x7F -> 127/128 (signed, / 128)', async () => {
  const p = file(encodeAiff({ sampleSize: 8 }, [[-128, -1, 64, 127]]));
  const r = await sameAsLibsndfile(p);
  assert.deepEqual(r.samples[0], [-1, -1 / 128, 0.5, 127 / 128]);
  assert.equal(r.codeOr![0], -128 | -1 | 64 | 127);
});

test('ffmpeg AIFF-C: sowt, fl32, fl64, alaw, ulaw decode like the WAV of the same content, and like libsndfile', async () => {
  const w16 = wav({ bits: 16 }, stereo16);
  const ref16 = await decode(w16);
  const sowt = await sameAsLibsndfile(convert('ffmpeg', w16, ['-c:a', 'pcm_s16le'], 'sowt.aiff'));
  assert.deepEqual([sowt.format.container, sowt.format.encoding], ['AIFC', 'pcm']);
  assert.deepEqual(sowt.samples, ref16.samples);
  assert.deepEqual(sowt.codeOr, ref16.codeOr);

  const values = [0.25, -0.5, 1.5, -1e-30, 0.1];
  for (const [bits, codec] of [[32, 'pcm_f32be'], [64, 'pcm_f64be']] as const) {
    const wf = wav({ encoding: 'float', bits }, [values]);
    const r = await sameAsLibsndfile(convert('ffmpeg', wf, ['-c:a', codec], `${codec}.aiff`));
    assert.deepEqual([r.format.encoding, r.format.storage, r.format.bitsPerSample], ['float', 'float', bits]);
    assert.deepEqual(r.samples, (await decode(wf)).samples);
    assert.equal(r.codeOr, null);
  }

  for (const [codec, encoding] of [['pcm_alaw', 'alaw'], ['pcm_mulaw', 'mulaw']] as const) {
    const a = await sameAsLibsndfile(convert('ffmpeg', w16, ['-c:a', codec], `${codec}.aiff`));
    const asWav = await decode(convert('ffmpeg', w16, ['-c:a', codec], `${codec}.wav`));
    assert.deepEqual([a.format.encoding, a.format.storage, a.format.bitsPerSample], [encoding, 'companded', 8]);
    assert.deepEqual(a.samples, asWav.samples);
  }
});

test('hand-made AIFF-C: twos, in24, in32, 42n1, raw, FL32 and fl64 decode to the codes / 2^(bits-1), as libsndfile does', async () => {
  const cases: [AiffSpec, number[], number[]][] = [
    [{ compression: 'twos', sampleSize: 16 }, [-32768, 16384, 1], [-1, 0.5, 1 / 32768]],
    [{ compression: 'in24', sampleSize: 24 }, [-8388608, 4194304, 1], [-1, 0.5, 1 / 8388608]],
    [{ compression: 'in32', sampleSize: 32 }, [-2147483648, 1073741824, 1], [-1, 0.5, 1 / 2147483648]],
    [{ compression: '42n1', sampleSize: 24 }, [-8388608, 4194304, 1], [-1, 0.5, 1 / 8388608]],
    [{ compression: 'raw ', sampleSize: 8 }, [-128, 64, 1], [-1, 0.5, 1 / 128]],
    [{ compression: 'fl64', sampleSize: 64 }, [0.1, -2, 1e-300], [0.1, -2, 1e-300]],
  ];
  for (const [spec, codes, expected] of cases) {
    const r = await sameAsLibsndfile(file(encodeAiff(spec, [codes])));
    assert.deepEqual(r.samples[0], expected, spec.compression);
    assert.deepEqual(r.notes, []);
  }
  // Upper-case FL32 declaring 16 bits (files libsndfile's aiff.c calls broken): 32-bit float, with a note.
  const fl = await sameAsLibsndfile(file(encodeAiff({ compression: 'FL32', sampleSize: 16 }, [[0.5, -2]])));
  assert.deepEqual(fl.samples[0], [0.5, -2]);
  assert.deepEqual(fl.notes, ['The COMM chunk\'s sampleSize is 16 for 32-bit float (\'FL32\') data; read as 32-bit float, as libsndfile does.']);
});

test('12-bit and 20-bit AIFF: left-justified in 16 and 24 bits, validBits = sampleSize, scaled by the container', async () => {
  const a = await sameAsLibsndfile(file(encodeAiff({ sampleSize: 12 }, [[0x7ff0, -0x8000, 0x10], [-0x10, 0, 0x100]])));
  assert.deepEqual([a.format.bitsPerSample, a.format.validBits], [16, 12]);
  assert.deepEqual(a.samples[0], [0x7ff0 / 32768, -1, 16 / 32768]);
  assert.equal(a.codeOr![0] & 0xf, 0);
  const b = await sameAsLibsndfile(file(encodeAiff({ sampleSize: 20 }, [[0x7ffff0, -0x800000, 0x10]])));
  assert.deepEqual([b.format.bitsPerSample, b.format.validBits], [24, 20]);
  assert.deepEqual(b.samples[0], [0x7ffff0 / 8388608, -1, 16 / 8388608]);
});

test('SSND offset skips its padding; chunks in any order with odd sizes and pad bytes', async () => {
  const off = await sameAsLibsndfile(file(encodeAiff({ ssndOffset: 5, ssndBlockSize: 4096 }, [[1, 2, 3]])));
  assert.deepEqual(off.samples[0], [1 / 32768, 2 / 32768, 3 / 32768]);
  const anno = { id: 'ANNO', body: new Uint8Array([0x68, 0x69, 0x21]) }; // 3 bytes + pad byte
  const name = { id: 'NAME', body: new Uint8Array(0) };
  const odd = await sameAsLibsndfile(file(encodeAiff({ before: [anno, name], ssndFirst: true, sampleSize: 8 }, [[5, -6, 7]])));
  assert.deepEqual(odd.samples[0], [5 / 128, -6 / 128, 7 / 128]);
  // An odd SSND (8 + 3 bytes) ends with a pad byte that is not a frame.
  assert.equal(odd.format.frames, 3);
});

test('an SSND chunk past the end of the file: the whole frames present, truncated at open and in the read', async () => {
  // 4 stereo 16-bit frames = 16 bytes, SSND size declares 8 + 400; cut 1 byte: 3 whole frames remain.
  const full = encodeAiff({ ssndSize: 408 }, [[1, 2, 3, 4], [5, 6, 7, 8]]);
  const p = file(full.subarray(0, full.length - 1));
  const r = await sameAsLibsndfile(p);
  assert.equal(r.format.frames, 3);
  assert.deepEqual(r.samples[1], [5 / 32768, 6 / 32768, 7 / 32768]);
  assert.deepEqual(r.integrity.truncated, { declaredFrames: 100, detail: 'the header declares 400 data bytes but the file holds 12' });
  assert.equal(r.integrity.frames, 3);
});

test('COMM numSampleFrames disagreeing with SSND: the SSND frames are read, as libsndfile does, with a note', async () => {
  const more = await sameAsLibsndfile(file(encodeAiff({ commFrames: 7 }, [[1, 2, 3]])));
  assert.equal(more.format.frames, 3);
  assert.deepEqual(more.notes, ['The COMM chunk declares 7 frames but the SSND chunk\'s size gives 3; the SSND chunk\'s frames were read, as libsndfile does.']);
  const fewer = await sameAsLibsndfile(file(encodeAiff({ commFrames: 1 }, [[1, 2, 3]])));
  assert.equal(fewer.format.frames, 3);
});

test('reads honour startFrame, endFrame, blockFrames and onBytes; an aborted read throws the AbortError', async () => {
  const codes = Array.from({ length: 10 }, (_, i) => i * 1000 - 5000);
  const negated = codes.map((x) => 0 - x); // 0 - 0 is +0, so the expected values carry no -0
  const p = file(encodeAiff({ compression: 'sowt' }, [codes, negated]));
  const src = await openAudio(p);
  const starts: number[] = [];
  const seen: number[] = [];
  const progress: number[] = [];
  await src.read((b) => { starts.push(b.startFrame); seen.push(...b.channels[1].subarray(0, b.frames)); },
    { startFrame: 3, endFrame: 8, blockFrames: 2, onBytes: (x) => progress.push(x) });
  assert.deepEqual(starts, [3, 5, 7]);
  assert.deepEqual(seen, negated.slice(3, 8).map((x) => x / 32768));
  assert.deepEqual(progress, [8, 16, 20]);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(src.read(() => {}, { signal: ac.signal }), { name: 'AbortError' });
  await src.close();
});

test('COMM with 0 frames and no SSND chunk is an empty file (AIFF 1.3 allows it)', async () => {
  const bytes = encodeAiff({}, [[]]);
  const noSsnd = bytes.subarray(0, bytes.length - 16); // drop the 16-byte empty SSND chunk
  const v = new DataView(noSsnd.buffer, noSsnd.byteOffset);
  v.setUint32(4, noSsnd.length - 8);
  const r = await decode(file(noSsnd));
  assert.equal(r.format.frames, 0);
  assert.deepEqual(r.integrity, { frames: 0, truncated: null, decodeErrors: null });
});

const bad: [string, () => Uint8Array | string, RegExp][] = [
  ['text named .aiff', () => 'hello, this is not audio\n', /^not a recognized audio file: it starts with "hell" \(68 65 6c 6c\)$/],
  ['an IFF file of another type (8SVX)', () => { const b = encodeAiff({}, [[1]]); b.set([0x38, 0x53, 0x56, 0x58], 8); return b; }, /^not a recognized audio file: it starts with "FORM"/],
  ['COMM chunk missing', () => encodeAiff({ noComm: true }, [[1, 2]]), /^the COMM chunk is missing$/],
  ['SSND chunk missing', () => encodeAiff({}, [[1, 2]]).subarray(0, 12 + 26), /^the SSND chunk is missing \(the COMM chunk declares 2 frames\)$/],
  ['zero channels', () => { const b = encodeAiff({}, [[1]]); b.set([0, 0], 20); return b; }, /^the COMM chunk declares 0 channels$/],
  ['sample rate 0', () => encodeAiff({ rateBytes: extended80(0) }, [[1]]), /^the COMM chunk declares a sample rate of 0 Hz$/],
  ['IMA ADPCM', () => encodeAiff({ compression: 'ima4' }, [[1]]), /^unsupported encoding: AIFF-C compression "ima4" \(IMA 4:1 ADPCM\)$/],
  ['40-bit PCM', () => encodeAiff({ sampleSize: 40 }, [[1]]), /^unsupported encoding: 40-bit PCM$/],
  ['SSND offset past its end', () => encodeAiff({ ssndOffset: 0 }, [[1]]).map((x, i, b) => (i === b.length - 7 ? 9 : x)), /^the SSND chunk's offset field \(9\) points past the end of its 10 bytes$/],
];

for (const [name, make, reason] of bad) {
  test(`bad input: ${name} -> AudioError with the reason`, async () => {
    await assert.rejects(openAudio(file(make())), (err: unknown) => err instanceof AudioError && reason.test(err.message));
  });
}
