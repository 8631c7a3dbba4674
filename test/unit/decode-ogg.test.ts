// Ogg Vorbis and Ogg Opus readers against the reference tools: files made by oggenc and opusenc from WAVs written
// here, decoded frame counts and samples compared with libsndfile (soundfile.read) or, for cut files that libsndfile
// refuses, with oggdec/opusdec; a -6 dBFS 1 kHz sine checked against its closed-form level and frequency.
import { joinBlocks } from '../fixtures/blocks';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudio } from '../../src/core/decode/probe';
import { AudioError, type ReadOptions, type StreamIntegrity } from '../../src/core/decode/source';
import type { SourceFormat } from '../../src/core/types';
import { run, soundfileRead } from '../fixtures/codecs';
import { speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';

const dir = mkdtempSync(join(tmpdir(), 'decode-ogg-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A 16-bit WAV of speech-like audio (a different voice per channel), `frames` long. */
function speechWav(sampleRate: number, channels: number, frames: number): string {
  const p = join(dir, `in${n++}.wav`);
  const codes = Array.from({ length: channels }, (_, c) => Array.from(speechLike(frames, sampleRate, 7 + c, 0.5 - 0.05 * c), (v) => toCode(v, 16)));
  writeFileSync(p, encodeWav({ sampleRate }, codes));
  return p;
}

function opusenc(wav: string, args: string[] = [], ext = 'opus'): string {
  const out = join(dir, `o${n++}.${ext}`);
  run('opusenc', ['--quiet', ...args, wav, out]);
  return out;
}

function oggenc(wav: string, quality: number, ext = 'ogg'): string {
  const out = join(dir, `v${n++}.${ext}`);
  run('oggenc', ['--quiet', '-q', String(quality), wav, '-o', out]);
  return out;
}

interface Decoded {
  format: SourceFormat;
  framesAtOpen: number;
  samples: Float64Array[];
  integrity: StreamIntegrity;
  blocks: number;
}

/** Reads a file through openAudio into whole arrays, checking that blocks arrive in order. */
async function decode(path: string, opts: ReadOptions = {}): Promise<Decoded> {
  const src = await openAudio(path);
  const framesAtOpen = src.format.frames;
  const parts: Float64Array[][] = Array.from({ length: src.format.channels }, () => []);
  let next = opts.startFrame ?? 0;
  let blocks = 0;
  try {
    const integrity = await src.read((b) => {
      assert.equal(b.startFrame, next, 'blocks arrive in order without gaps');
      next += b.frames;
      blocks++;
      b.channels.forEach((ch, c) => parts[c].push(ch.slice(0, b.frames)));
    }, opts);
    const samples = joinBlocks(parts);
    return { format: { ...src.format, frames: src.format.frames, durationSec: src.format.durationSec }, framesAtOpen, samples, integrity, blocks };
  } finally {
    await src.close();
  }
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// Odd lengths, so that the end trimming by the last granule position is exercised (not a whole number of packets).
const OPUS_CASES = [
  { sr: 16000, ch: 1, outRate: 16000 }, { sr: 16000, ch: 2, outRate: 16000 },
  { sr: 44100, ch: 1, outRate: 48000 }, { sr: 44100, ch: 2, outRate: 48000 },
  { sr: 48000, ch: 1, outRate: 48000 }, { sr: 48000, ch: 2, outRate: 48000 },
  // libsndfile decodes at the lowest Opus rate at or above the input rate (ogg_opus_setup_decoder): 22.05 -> 24 kHz.
  { sr: 22050, ch: 1, outRate: 24000 },
];

for (const { sr, ch, outRate } of OPUS_CASES) {
  test(`opusenc ${sr} Hz ${ch === 1 ? 'mono' : 'stereo'}: libsndfile's rate (${outRate} Hz), frame count and samples`, async () => {
    const file = opusenc(speechWav(sr, ch, Math.round(1.3 * sr) + 37));
    const ref = soundfileRead(file);
    const d = await decode(file);
    assert.equal(ref.sampleRate, outRate);
    assert.equal(d.format.container, 'OGG');
    assert.equal(d.format.encoding, 'opus');
    assert.equal(d.format.storage, 'lossy');
    assert.equal(d.format.bitsPerSample, null);
    assert.equal(d.format.validBits, null);
    assert.equal(d.format.sampleRate, ref.sampleRate);
    assert.equal(d.format.channels, ref.channels);
    assert.equal(d.framesAtOpen, ref.frames, 'frames at open (last granule - pre-skip, at the output rate)');
    assert.equal(d.integrity.frames, ref.frames);
    assert.equal(d.format.frames, ref.frames);
    assert.equal(d.format.durationSec, ref.frames / ref.sampleRate);
    assert.equal(d.integrity.truncated, null);
    assert.equal(d.integrity.decodeErrors, null);
    // Same libopus, different builds (WASM vs Debian's): within -66 dBFS.
    for (let c = 0; c < ch; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c]) < 5e-4, `channel ${c} differs by ${maxAbsDiff(d.samples[c], ref.samples[c])}`);
    // Average bitrate: the bytes after the header pages over the duration. opusenc writes the headers in the
    // first two pages; the audio bytes are the file minus those pages' sizes read from their headers here.
    const bytes = readFileSync(file);
    let headerBytes = 0;
    for (let page = 0, at = 0; page < 2; page++) {
      const segs = bytes[at + 26];
      let body = 0;
      for (let i = 0; i < segs; i++) body += bytes[at + 27 + i];
      headerBytes += 27 + segs + body;
      at += 27 + segs + body;
    }
    const expectedKbps = ((bytes.length - headerBytes) * 8) / (ref.frames / ref.sampleRate) / 1000;
    assert.ok(Math.abs(d.format.bitrateKbps! - expectedKbps) < 1e-9, `${d.format.bitrateKbps} vs ${expectedKbps}`);
  });
}

for (const sr of [22050, 44100]) {
  for (const ch of [1, 2]) {
    for (const q of [2, 6]) {
      test(`oggenc -q ${q} ${sr} Hz ${ch === 1 ? 'mono' : 'stereo'}: frame count and samples equal libsndfile's`, async () => {
        const file = oggenc(speechWav(sr, ch, Math.round(1.1 * sr) + 123), q);
        const ref = soundfileRead(file);
        const d = await decode(file);
        assert.equal(d.format.encoding, 'vorbis');
        assert.equal(d.format.sampleRate, sr);
        assert.equal(d.format.channels, ch);
        assert.equal(ref.frames, Math.round(1.1 * sr) + 123, 'oggenc keeps the exact length');
        assert.equal(d.framesAtOpen, ref.frames, 'frames at open (the last granule position)');
        assert.equal(d.integrity.frames, ref.frames);
        assert.equal(d.format.frames, ref.frames);
        assert.equal(d.integrity.truncated, null);
        assert.equal(d.integrity.decodeErrors, null);
        // The same libvorbis float decoder: equal up to float32 rounding.
        for (let c = 0; c < ch; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c]) < 1e-5, `channel ${c} differs by ${maxAbsDiff(d.samples[c], ref.samples[c])}`);
      });
    }
  }
}

test('multichannel: 6-channel Opus (mapping family 1) and 3-channel Vorbis decode like libsndfile, channel order included', async () => {
  for (const file of [opusenc(speechWav(48000, 6, 30011)), oggenc(speechWav(44100, 3, 30011), 4)]) {
    const ref = soundfileRead(file);
    const d = await decode(file);
    assert.equal(d.format.channels, ref.channels);
    assert.equal(d.integrity.frames, ref.frames);
    const tol = d.format.encoding === 'opus' ? 5e-4 : 1e-5;
    for (let c = 0; c < ref.channels; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c]) < tol, `${d.format.encoding} channel ${c}: ${maxAbsDiff(d.samples[c], ref.samples[c])}`);
  }
});

/** Power of x at frequency f (Goertzel), over the whole of x. */
function goertzelPower(x: Float64Array, f: number, sampleRate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * f) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i] + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/** A 1 kHz sine at -6 dBFS: amplitude 10^(-6/20) = 0.50119. */
function sineWav(sampleRate: number, seconds: number): string {
  const p = join(dir, `sine${n++}.wav`);
  const a = 10 ** (-6 / 20);
  const x = Array.from({ length: sampleRate * seconds }, (_, i) => toCode(a * Math.sin((2 * Math.PI * 1000 * i) / sampleRate), 16));
  writeFileSync(p, encodeWav({ sampleRate }, [x]));
  return p;
}

for (const codec of ['opus', 'vorbis'] as const) {
  test(`a 1 kHz sine at -6 dBFS through ${codec === 'opus' ? 'opusenc' : 'oggenc'} decodes at -6 dBFS ± 0.2 dB and 1 kHz`, async () => {
    const file = codec === 'opus' ? opusenc(sineWav(48000, 2), ['--bitrate', '128']) : oggenc(sineWav(44100, 2), 6);
    const d = await decode(file);
    const sr = d.format.sampleRate;
    // The steady state: away from the encoder's onset and the end.
    const x = d.samples[0].subarray(Math.round(0.25 * sr), Math.round(1.75 * sr));
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    const peakDb = 20 * Math.log10(peak);
    assert.ok(Math.abs(peakDb - -6) <= 0.2, `peak ${peakDb.toFixed(3)} dBFS`);
    // Dominant frequency: the largest Goertzel power on a 50 Hz grid from 100 Hz to 10 kHz is at 1 kHz.
    let best = 0;
    let bestPower = -1;
    for (let f = 100; f <= 10000; f += 50) {
      const p = goertzelPower(x, f, sr);
      if (p > bestPower) { bestPower = p; best = f; }
    }
    assert.equal(best, 1000);
  });
}

test('an Ogg cut in half is truncated: no end-of-stream page; decodes what oggdec / opusdec decode', async () => {
  for (const codec of ['opus', 'vorbis'] as const) {
    const whole = codec === 'opus' ? opusenc(speechWav(48000, 2, 48000 * 6)) : oggenc(speechWav(44100, 2, 44100 * 6), 2);
    const bytes = readFileSync(whole);
    const cut = join(dir, `cut${n++}.${codec === 'opus' ? 'opus' : 'ogg'}`);
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    // The reference decoders of vorbis-tools / opus-tools decode every complete page (float output: no dither).
    const refWav = join(dir, `cut${n++}.wav`);
    if (codec === 'opus') run('opusdec', ['--quiet', '--float', '--rate', '48000', cut, refWav]);
    else run('oggdec', ['--quiet', '-b', '16', cut, '-o', refWav]);
    const ref = soundfileRead(refWav);
    const d = await decode(cut);
    assert.equal(d.integrity.frames, ref.frames, `${codec}: decoded frames`);
    assert.ok(d.integrity.frames > 0 && d.integrity.frames < d.format.sampleRate * 6 * 0.75);
    assert.ok(d.integrity.truncated, `${codec}: truncated`);
    assert.equal(d.integrity.truncated.declaredFrames, null);
    assert.match(d.integrity.truncated.detail, new RegExp(`^the Ogg stream has no end-of-stream page: it stops after ${(ref.frames / d.format.sampleRate).toFixed(2)} s`));
    assert.equal(d.integrity.decodeErrors, null, 'a cut page at the end is truncation, not damage');
    // oggdec writes 16-bit codes (-b 16), opusdec floats: compare within their resolution.
    const tol = codec === 'opus' ? 5e-4 : 2 / 32768;
    for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c]) < tol, `${codec} channel ${c}: ${maxAbsDiff(d.samples[c], ref.samples[c])}`);
  }
});

test('an empty .ogg gives the probe\'s AudioError', async () => {
  const p = join(dir, 'empty.ogg');
  writeFileSync(p, new Uint8Array(0));
  await assert.rejects(openAudio(p), (e: unknown) => e instanceof AudioError && e.message === 'the file is empty (0 bytes)');
});

test('FLAC-in-Ogg and Speex are recognized and named as not supported', async () => {
  const wav = speechWav(16000, 1, 16000);
  const flacOgg = join(dir, `f${n++}.oga`);
  run('flac', ['--silent', '--ogg', '-f', wav, '-o', flacOgg]);
  await assert.rejects(openAudio(flacOgg), (e: unknown) => e instanceof AudioError && /carries FLAC, which is not supported/.test(e.message));
  const speex = join(dir, `s${n++}.ogg`);
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libspeex', speex]);
  await assert.rejects(openAudio(speex), (e: unknown) => e instanceof AudioError && /carries Speex, which is not supported/.test(e.message));
});

test('the probe goes by the OggS magic, not the extension: Vorbis in .oga, Opus in .ogg', async () => {
  const wav = speechWav(48000, 1, 24000);
  const vorbis = await decode(oggenc(wav, 3, 'oga'));
  assert.equal(vorbis.format.encoding, 'vorbis');
  assert.equal(vorbis.integrity.frames, 24000);
  const opusFile = opusenc(wav, [], 'ogg');
  const bytesSeen: number[] = [];
  const opus = await decode(opusFile, { onBytes: (b) => bytesSeen.push(b) });
  assert.equal(opus.format.encoding, 'opus');
  assert.equal(opus.integrity.frames, 24000);
  // onBytes: the file bytes read so far, ending at the whole (small) file.
  assert.equal(bytesSeen.at(-1), readFileSync(opusFile).length);
});

test('startFrame/endFrame reads are slices of the whole read, for any block size', async () => {
  for (const file of [opusenc(speechWav(48000, 2, 60000)), oggenc(speechWav(44100, 2, 50000), 4)]) {
    const whole = await decode(file);
    for (const [startFrame, endFrame, blockFrames] of [[0, 1000, 256], [1000, 30001, 4096], [29999, undefined, 777], [49990, 60000, 3]] as const) {
      const part = await decode(file, { startFrame, endFrame, blockFrames });
      const end = Math.min(endFrame ?? Infinity, whole.integrity.frames);
      assert.equal(part.integrity.frames, end - startFrame);
      for (let c = 0; c < 2; c++) assert.deepEqual(part.samples[c], whole.samples[c].slice(startFrame, end));
      if (blockFrames === 256) assert.equal(part.blocks, Math.ceil(1000 / 256));
    }
  }
});

test('abort: an aborted signal stops the read with an AbortError', async () => {
  const file = opusenc(speechWav(48000, 1, 48000 * 3));
  const src = await openAudio(file);
  try {
    const controller = new AbortController();
    let blocks = 0;
    await assert.rejects(src.read(() => { if (++blocks === 2) controller.abort(); }, { blockFrames: 4800, signal: controller.signal }), { name: 'AbortError' });
    assert.equal(blocks, 2, 'no block after the abort');
    await assert.rejects(src.read(() => {}, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  } finally {
    await src.close();
  }
});

/** File offsets of the pages ('OggS' capture patterns) in a file written by an encoder. */
function pageOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (bytes[i] === 0x4f && bytes[i + 1] === 0x67 && bytes[i + 2] === 0x67 && bytes[i + 3] === 0x53) out.push(i);
  return out;
}

test('a page with a bad CRC is dropped and reported; what decodes matches libsndfile on the same damaged file', async () => {
  for (const codec of ['opus', 'vorbis'] as const) {
    const clean = codec === 'opus' ? opusenc(speechWav(48000, 2, 48000 * 5)) : oggenc(speechWav(44100, 2, 44100 * 5), 6);
    const bytes = new Uint8Array(readFileSync(clean));
    const pages = pageOffsets(bytes);
    // Flip a byte in the middle of an audio page past the first one (the headers take pages 0-1, Vorbis also 2).
    const victim = pages[Math.floor(pages.length / 2)];
    const damaged = join(dir, `crc${n++}.${codec}`);
    bytes[victim + 100] ^= 0xa5;
    writeFileSync(damaged, bytes);
    const ref = soundfileRead(damaged);
    const good = await decode(clean);
    const d = await decode(damaged);
    assert.equal(d.integrity.frames, ref.frames, `${codec}: libsndfile (libogg) also drops the page`);
    assert.ok(d.integrity.frames < good.integrity.frames);
    const e = d.integrity.decodeErrors;
    assert.ok(e, `${codec}: decodeErrors`);
    assert.equal(e.count, 1);
    assert.match(e.detail, /^1 Ogg page failed the CRC check; \d+ bytes were skipped to regain sync; first damage at \d+\.\d\d s$/);
    // Up to the damage the output is the clean file's; the damage is where it starts to differ.
    assert.ok(e.firstFrame > 0 && e.firstFrame < d.integrity.frames);
    for (let c = 0; c < 2; c++) assert.deepEqual(d.samples[c].subarray(0, e.firstFrame), good.samples[c].subarray(0, e.firstFrame));
    assert.equal(d.integrity.truncated, null);
  }
});

test('garbage between two pages: sync is lost and regained, nothing is lost, the garbage is reported', async () => {
  const clean = opusenc(speechWav(48000, 1, 48000 * 4));
  const bytes = readFileSync(clean);
  const pages = pageOffsets(bytes);
  const at = pages[3];
  const garbage = new Uint8Array(5000).map((_, i) => (i * 37 + 11) & 0xff);
  const damaged = join(dir, `garbage${n++}.opus`);
  writeFileSync(damaged, Buffer.concat([bytes.subarray(0, at), garbage, bytes.subarray(at)]));
  const good = await decode(clean);
  const d = await decode(damaged);
  assert.equal(d.integrity.frames, good.integrity.frames);
  assert.deepEqual(d.samples[0], good.samples[0]);
  const e = d.integrity.decodeErrors;
  assert.ok(e);
  assert.equal(e.count, 1);
  assert.match(e.detail, /^5000 bytes were skipped to regain sync; first damage at /);
  // The damage sits before page 3: after the audio of the pages before it.
  assert.ok(e.firstFrame > 0 && e.firstFrame < d.integrity.frames);
});

// The Ogg page checksum, written out here from RFC 3533 §6 (CRC-32, polynomial 0x04c11db7, MSB first, initial value 0,
// computed with the checksum field zeroed) to re-seal pages the tests damage on purpose.
function sealPage(bytes: Uint8Array, at: number): void {
  const segs = bytes[at + 26];
  let len = 27 + segs;
  for (let i = 0; i < segs; i++) len += bytes[at + 27 + i];
  bytes.fill(0, at + 22, at + 26);
  let crc = 0;
  for (let i = at; i < at + len; i++) {
    crc ^= bytes[i] << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 22, crc >>> 0, true);
}

test('a packet the decoder rejects (valid page, Vorbis packet-type bit set) is counted in decodeErrors; headers libvorbis rejects fail the read with an AudioError', async () => {
  const clean = oggenc(speechWav(44100, 1, 44100 * 4), 4);
  const bytes = new Uint8Array(readFileSync(clean));
  // An audio page whose first packet starts on it (not continued): set the packet-type bit, which makes the packet
  // a header packet to libvorbis (OV_ENOTAUDIO from vorbis_synthesis), and re-seal the page.
  const pages = pageOffsets(bytes);
  const at = pages.slice(3).find((p) => (bytes[p + 5] & 1) === 0)!;
  const bodyAt = at + 27 + bytes[at + 26];
  bytes[bodyAt] |= 1;
  sealPage(bytes, at);
  const damaged = join(dir, `rejected${n++}.ogg`);
  writeFileSync(damaged, bytes);
  const good = await decode(clean);
  const d = await decode(damaged);
  const e = d.integrity.decodeErrors;
  assert.ok(e);
  assert.equal(e.count, 1);
  assert.match(e.detail, /^the Vorbis decoder rejected 1 packet \((\w+: )?OV_ENOTAUDIO the packet is not an audio packet\.\); first damage at \d+\.\d\d s$/);
  // Everything before that page decodes as in the clean file.
  assert.ok(e.firstFrame > 0);
  assert.deepEqual(d.samples[0].subarray(0, e.firstFrame), good.samples[0].subarray(0, e.firstFrame));

  // The setup header's codebook count (the byte after "\x05vorbis") set to 0xff: libvorbis reads past the codebooks
  // and rejects the header (OV_EBADHEADER); the page holding it is re-sealed.
  const broken = new Uint8Array(readFileSync(clean));
  const signature = Buffer.from('\x05vorbis', 'latin1');
  const setupAt = Buffer.from(broken).indexOf(signature);
  assert.ok(setupAt > 0);
  broken[setupAt + 7] = 0xff;
  sealPage(broken, pages.filter((p) => p < setupAt).pop()!);
  const refused = join(dir, `setup${n++}.ogg`);
  writeFileSync(refused, broken);
  const src = await openAudio(refused);
  try {
    await assert.rejects(src.read(() => {}), (err: unknown) => err instanceof AudioError && /^libvorbis rejects the stream's headers/.test(err.message));
  } finally {
    await src.close();
  }
});

test('junk after the end-of-stream page (an ID3v1 tag) is a note, not damage; the audio is untouched', async () => {
  const clean = oggenc(speechWav(22050, 1, 30000), 3);
  const tag = Buffer.alloc(128);
  tag.write('TAGsome title', 'latin1');
  const tagged = join(dir, `tagged${n++}.ogg`);
  writeFileSync(tagged, Buffer.concat([readFileSync(clean), tag]));
  const src = await openAudio(tagged);
  assert.deepEqual(src.notes, ['128 bytes after the last Ogg page are not Ogg data; they are ignored.']);
  await src.close();
  const d = await decode(tagged);
  assert.equal(d.integrity.frames, 30000);
  assert.equal(d.integrity.decodeErrors, null);
  assert.equal(d.integrity.truncated, null);
});

test('OpusHead output gain is applied as libsndfile applies it (-6 dB in Q7.8 = -1536)', async () => {
  const file = opusenc(speechWav(48000, 1, 20000));
  const bytes = new Uint8Array(readFileSync(file));
  // The first page holds only OpusHead: gain at byte 16 of the packet (RFC 7845 §5.1), the body after 27 + 1 lacing byte.
  assert.equal(bytes[26], 1);
  new DataView(bytes.buffer, bytes.byteOffset).setInt16(28 + 16, -1536, true);
  sealPage(bytes, 0);
  const quieter = join(dir, `gain${n++}.opus`);
  writeFileSync(quieter, bytes);
  const ref = soundfileRead(quieter);
  const plain = await decode(file);
  const d = await decode(quieter);
  assert.equal(d.integrity.frames, ref.frames);
  assert.ok(maxAbsDiff(d.samples[0], ref.samples[0]) < 5e-4, `differs from libsndfile by ${maxAbsDiff(d.samples[0], ref.samples[0])}`);
  let ratio = 0;
  for (let i = 0; i < d.samples[0].length; i++) if (Math.abs(plain.samples[0][i]) > 0.1) ratio = d.samples[0][i] / plain.samples[0][i];
  assert.ok(Math.abs(ratio - 10 ** (-6 / 20)) < 1e-6, `gain ratio ${ratio}`);
});
