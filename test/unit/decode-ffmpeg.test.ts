// The ffmpeg reader against independent references: ffmpeg's own raw decode of the same file (frame counts and every
// sample), libsndfile's decode of lossless files, the generated sine (peak, RMS, a Goertzel scan for 1 kHz), and the
// codes written into the source WAV (OR of codes). Files are made by Debian's ffmpeg in a temp dir.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { run, soundfileRead } from '../fixtures/codecs';
import { encodeWav, sineCodes } from '../fixtures/wav';
import { openAudio } from '../../src/core/decode/probe';
import { AudioError, type AudioSource } from '../../src/core/decode/source';
import { resolveFfmpeg, FFMPEG_EXTENSIONS } from '../../src/core/decode/ffmpegPath';
import { channelsOfLayout, parseFfmpegInfo } from '../../src/core/decode/formats/ffmpegInfo';

const FFMPEG = 'ffmpeg';
const SINE_HZ = 1000;
const AMPLITUDE = 0.5;
let dir: string;
const file = (name: string) => path.join(dir, name);

/** A 1 kHz sine at 0.5 full scale (16-bit codes), 50 ms raised-cosine fades so the codec sees no click. */
function fadedSine(frames: number, sampleRate: number): number[] {
  const fade = Math.round(0.05 * sampleRate);
  return sineCodes(frames, SINE_HZ, sampleRate, AMPLITUDE).map((c, n) => {
    const edge = Math.min(n, frames - 1 - n);
    return edge >= fade ? c : Math.round(c * 0.5 * (1 - Math.cos((Math.PI * edge) / fade)));
  });
}

/** ffmpeg's own decode of the file, run independently of the reader: planar float32 samples. */
function ffmpegDecode(name: string, channels: number): Float32Array[] {
  const bytes = run(FFMPEG, ['-v', 'error', '-i', file(name), '-f', 'f32le', '-']);
  assert.equal(bytes.length % (4 * channels), 0, 'whole frames');
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const frames = bytes.length / 4 / channels;
  return Array.from({ length: channels }, (_, c) => Float32Array.from({ length: frames }, (_, i) => all[i * channels + c]));
}

/** Reads the whole stream into planar arrays; also returns the block start frames and the integrity. */
async function readAll(src: AudioSource, opts: Parameters<AudioSource['read']>[1] = {}) {
  const out: number[][] = Array.from({ length: src.format.channels }, () => []);
  const starts: number[] = [];
  const integrity = await src.read((b) => {
    starts.push(b.startFrame);
    for (let c = 0; c < b.channels.length; c++) for (let i = 0; i < b.frames; i++) out[c].push(b.channels[c][i]);
  }, opts);
  return { samples: out, starts, integrity };
}

/** Goertzel power of x[from, from + n) at freq (Goertzel 1958; exact bins when freq·n/sr is an integer). */
function goertzelPower(x: ArrayLike<number>, from: number, n: number, freq: number, sampleRate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s = x[from + i] + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/** The loudest of 100 Hz .. 5 kHz in 50 Hz steps over one second from 1 s in. */
function dominantHz(x: ArrayLike<number>, sampleRate: number): { hz: number; marginDb: number } {
  const powers: [number, number][] = [];
  for (let f = 100; f <= 5000; f += 50) powers.push([f, goertzelPower(x, sampleRate, sampleRate, f, sampleRate)]);
  powers.sort((a, b) => b[1] - a[1]);
  return { hz: powers[0][0], marginDb: 10 * Math.log10(powers[0][1] / powers[1][1]) };
}

const db = (x: number) => 20 * Math.log10(x);
const peakOf = (x: readonly number[]) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const rmsOf = (x: readonly number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'audit-ffmpeg-'));
  const sine44 = fadedSine(3 * 44100, 44100);
  writeFileSync(file('sine44.wav'), encodeWav({ sampleRate: 44100, bits: 16 }, [sine44, sine44]));
  const sine48 = fadedSine(3 * 48000, 48000);
  writeFileSync(file('sine48.wav'), encodeWav({ sampleRate: 48000, bits: 16 }, [sine48, sine48]));
  run(FFMPEG, ['-v', 'error', '-f', 'wav', '-i', file('sine44.wav'), '-c:a', 'aac', '-b:a', '128k', file('sine.m4a')]);
  run(FFMPEG, ['-v', 'error', '-f', 'wav', '-i', file('sine48.wav'), '-c:a', 'libopus', '-b:a', '96k', file('sine.webm')]);
  run(FFMPEG, ['-v', 'error', '-f', 'wav', '-i', file('sine44.wav'), '-c:a', 'wmav2', '-b:a', '128k', file('sine.wma')]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

for (const c of [
  { name: 'sine.m4a', container: 'mov', encoding: 'aac', sampleRate: 44100, peakTolDb: 0.3 },
  { name: 'sine.webm', container: 'matroska', encoding: 'opus', sampleRate: 48000, peakTolDb: 0.2 },
  { name: 'sine.wma', container: 'asf', encoding: 'wmav2', sampleRate: 44100, peakTolDb: 0.3 },
]) {
  test(`${c.name}: rate, channels, frames and every sample equal ffmpeg's own decode; 1 kHz at -6.02 dBFS`, async () => {
    const src = await openAudio(file(c.name), { ffmpegPath: FFMPEG });
    try {
      assert.equal(src.format.container, c.container);
      assert.equal(src.format.encoding, c.encoding);
      assert.equal(src.format.storage, 'lossy');
      assert.equal(src.format.bitsPerSample, null);
      assert.equal(src.format.validBits, null);
      assert.equal(src.format.sampleRate, c.sampleRate);
      assert.equal(src.format.channels, 2);
      assert.equal(src.codeOr, null);
      assert.ok((src.format.bitrateKbps ?? 0) > 32 && (src.format.bitrateKbps ?? 0) < 300, `bitrate ${src.format.bitrateKbps}`);
      const reference = ffmpegDecode(c.name, 2);
      // Before a read: the Duration line's estimate, 10 ms resolution plus the codec's priming.
      assert.ok(Math.abs(src.format.frames - reference[0].length) <= 0.05 * c.sampleRate, `${src.format.frames} vs ${reference[0].length}`);

      const { samples, integrity } = await readAll(src);
      assert.equal(integrity.frames, reference[0].length);
      assert.equal(src.format.frames, reference[0].length);
      assert.equal(src.format.durationSec, reference[0].length / c.sampleRate);
      assert.equal(integrity.truncated, null);
      assert.equal(integrity.decodeErrors, null);
      for (let ch = 0; ch < 2; ch++) assert.deepEqual(samples[ch], Array.from(reference[ch]), `channel ${ch}`);

      // The sine: peak 0.5 = -6.02 dBFS (the codec's ringing gives the tolerance), RMS 0.5/√2 = -9.03 dBFS over the
      // steady middle, and 1 kHz is the loudest component by far.
      const steady = samples[0].slice(c.sampleRate / 2, (5 * c.sampleRate) / 2);
      assert.ok(Math.abs(db(peakOf(samples[0])) - db(AMPLITUDE)) < c.peakTolDb, `peak ${db(peakOf(samples[0]))} dBFS`);
      assert.ok(Math.abs(db(rmsOf(steady)) - db(AMPLITUDE / Math.SQRT2)) < 0.05, `rms ${db(rmsOf(steady))} dBFS`);
      const dominant = dominantHz(samples[0], c.sampleRate);
      assert.equal(dominant.hz, SINE_HZ);
      assert.ok(dominant.marginDb > 30, `1 kHz only ${dominant.marginDb} dB above the next frequency`);
    } finally {
      await src.close();
    }
  });
}

test('startFrame/endFrame/blockFrames: the exact slice of the full decode, in contiguous blocks', async () => {
  const src = await openAudio(file('sine.webm'), { ffmpegPath: FFMPEG });
  try {
    const reference = ffmpegDecode('sine.webm', 2);
    const { samples, starts, integrity } = await readAll(src, { startFrame: 50_000, endFrame: 53_210, blockFrames: 1000 });
    assert.equal(integrity.frames, 3210);
    assert.equal(integrity.decodeErrors, null, 'stopping ffmpeg early is not a decode error');
    assert.deepEqual(samples[1], Array.from(reference[1].subarray(50_000, 53_210)));
    // Blocks are cut at multiples of 1000 decoded frames: the first one starts at 50 000, the rest at each 1000.
    assert.deepEqual(starts, [50_000, 51_000, 52_000, 53_000]);
    // A partial read leaves the estimate alone: only a read from 0 to the end counts frames.
    assert.notEqual(src.format.frames, 3210);
  } finally {
    await src.close();
  }
});

test('lossless integer codecs: samples equal libsndfile\'s, bits from the stream, OR of codes exact (8-in-16 padding)', async () => {
  const frames = 22050;
  const padded = sineCodes(frames, 440, 44100, 0.5).map((c) => c & ~0xff); // 8 significant bits in 16
  const full = sineCodes(frames, 1000, 44100, 0.25);
  writeFileSync(file('padded.wav'), encodeWav({ sampleRate: 44100, bits: 16 }, [padded, full]));
  run(FFMPEG, ['-v', 'error', '-i', file('padded.wav'), '-c:a', 'alac', file('padded.caf')]);
  const src = await openAudio(file('padded.caf'), { ffmpegPath: FFMPEG });
  try {
    assert.deepEqual([src.format.container, src.format.encoding, src.format.storage], ['caf', 'alac', 'integer']);
    assert.deepEqual([src.format.bitsPerSample, src.format.validBits, src.format.bitrateKbps], [16, 16, null]);
    const { samples } = await readAll(src);
    const libsndfile = soundfileRead(file('padded.wav'));
    assert.deepEqual(samples[0], Array.from(libsndfile.samples[0]));
    assert.deepEqual(samples[1], Array.from(libsndfile.samples[1]));
    assert.deepEqual(src.codeOr, [padded.reduce((a, c) => a | c, 0), full.reduce((a, c) => a | c, 0)]);
    assert.equal(src.codeOr![0] & 0xff, 0);
  } finally {
    await src.close();
  }

  // 24-bit FLAC in Matroska: "s32 (24 bit)" gives 24 bits; samples code / 2^23 as libsndfile reads the source.
  const codes24 = sineCodes(frames, 440, 48000, 0.9, 24);
  writeFileSync(file('s24.wav'), encodeWav({ sampleRate: 48000, bits: 24 }, [codes24]));
  run(FFMPEG, ['-v', 'error', '-i', file('s24.wav'), '-c:a', 'flac', file('s24.mka')]);
  const flac = await openAudio(file('s24.mka'), { ffmpegPath: FFMPEG });
  try {
    assert.deepEqual([flac.format.encoding, flac.format.bitsPerSample, flac.format.storage, flac.format.channels], ['flac', 24, 'integer', 1]);
    const { samples } = await readAll(flac);
    assert.deepEqual(samples[0], Array.from(soundfileRead(file('s24.wav')).samples[0]));
    assert.deepEqual(flac.codeOr, [codes24.reduce((a, c) => a | c, 0)]);
  } finally {
    await flac.close();
  }
});

test('µ-law .au: companded, 8 bits, the same samples as libsndfile\'s G.711 decode of the same file', async () => {
  run(FFMPEG, ['-v', 'error', '-i', file('sine44.wav'), '-ac', '1', '-c:a', 'pcm_mulaw', file('sine.au')]);
  const src = await openAudio(file('sine.au'), { ffmpegPath: FFMPEG });
  try {
    assert.deepEqual([src.format.encoding, src.format.storage, src.format.bitsPerSample, src.codeOr], ['pcm_mulaw', 'companded', 8, null]);
    const { samples } = await readAll(src);
    assert.deepEqual(samples[0], Array.from(soundfileRead(file('sine.au')).samples[0]));
  } finally {
    await src.close();
  }
});

test('a cut M4A whose index survived: truncated against the header duration, frames as ffmpeg decodes them', async () => {
  run(FFMPEG, ['-v', 'error', '-i', file('sine44.wav'), '-c:a', 'aac', '-movflags', '+faststart', file('faststart.m4a')]);
  const whole = readFileSync(file('faststart.m4a'));
  writeFileSync(file('cut.m4a'), whole.subarray(0, Math.floor(whole.length / 2)));
  const src = await openAudio(file('cut.m4a'), { ffmpegPath: FFMPEG });
  try {
    const reference = ffmpegDecode('cut.m4a', 2);
    const { integrity } = await readAll(src);
    assert.equal(integrity.frames, reference[0].length);
    assert.ok(integrity.truncated, 'truncated');
    // The source is 3 s: the header's Duration (00:00:03.00 plus AAC priming, 10 ms resolution) says so.
    assert.ok(Math.abs(integrity.truncated.declaredFrames! - 3 * 44100) <= 0.05 * 44100, `${integrity.truncated.declaredFrames}`);
    assert.match(integrity.truncated.detail, /the mov header gives a duration of 3\.\d\d s but ffmpeg decodes only 1\.\d\d s/);
  } finally {
    await src.close();
  }
});

test('a cut WMA: ffmpeg\'s decoder error lines become decodeErrors, the frames before the cut are kept', async () => {
  const whole = readFileSync(file('sine.wma'));
  // Cut inside a packet (ASF packets follow a header of a few KiB), so the last packet is short.
  writeFileSync(file('cut.wma'), whole.subarray(0, Math.floor(whole.length / 2) + 100));
  const independent = spawnSync(FFMPEG, ['-v', 'error', '-i', file('cut.wma'), '-f', 'f32le', '-']);
  const firstError = independent.stderr.toString().split('\n')[0].replace(/^\[[^\]]*\] /, '');
  assert.ok(firstError.length > 0, 'ffmpeg reports the cut');
  const src = await openAudio(file('cut.wma'), { ffmpegPath: FFMPEG });
  try {
    const { integrity } = await readAll(src);
    assert.equal(integrity.frames, independent.stdout.length / 8);
    assert.ok(integrity.decodeErrors && integrity.decodeErrors.count >= 1);
    assert.ok(integrity.decodeErrors.detail.startsWith(`ffmpeg's wmav2 decoding reports: ${firstError}`), integrity.decodeErrors.detail);
  } finally {
    await src.close();
  }
});

/** ffmpeg processes started by this test process that read `target` (Linux /proc). */
function ffmpegChildren(target: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(target);
    } catch {
      return false;
    }
  });
}

test('abort and close() kill the ffmpeg process mid-stream', async () => {
  const long = fadedSine(20 * 44100, 44100);
  writeFileSync(file('long.wav'), encodeWav({ sampleRate: 44100, bits: 16 }, [long]));
  run(FFMPEG, ['-v', 'error', '-i', file('long.wav'), '-c:a', 'aac', file('long.m4a')]);
  const src = await openAudio(file('long.m4a'), { ffmpegPath: FFMPEG });
  try {
    const controller = new AbortController();
    let pids: number[] = [];
    let blocks = 0;
    await assert.rejects(src.read(() => {
      if (blocks++ === 0) {
        pids = ffmpegChildren(file('long.m4a'));
        controller.abort();
      }
    }, { signal: controller.signal, blockFrames: 1024 }), (e: Error) => e.name === 'AbortError');
    assert.equal(pids.length, 1, 'one ffmpeg was decoding');
    assert.equal(existsSync(`/proc/${pids[0]}`), false, 'the aborted ffmpeg is gone');
    assert.ok(blocks < 20, `${blocks} blocks after the abort`);

    let closing: Promise<void> | null = null;
    await assert.rejects(src.read(() => {
      if (!closing) {
        pids = ffmpegChildren(file('long.m4a'));
        closing = src.close();
      }
    }, { blockFrames: 1024 }), (e: unknown) => e instanceof AudioError && /closed during a read/.test(e.message));
    await closing;
    assert.equal(pids.length, 1);
    assert.equal(existsSync(`/proc/${pids[0]}`), false, 'close() ended ffmpeg');
  } finally {
    await src.close();
  }
});

test('a missing or non-ffmpeg executable: a clear error naming the setting', async () => {
  const missing = file('no-such-dir/ffmpeg');
  await assert.rejects(openAudio(file('sine.m4a'), { ffmpegPath: missing }), (e: unknown) =>
    e instanceof AudioError && e.message.startsWith(`the configured ffmpeg (${missing}) cannot be run: ENOENT`)
    && /audioAudit\.ffmpegPath \(CLI: --ffmpeg PATH\)/.test(e.message));
  const silent = file('not-ffmpeg.sh');
  writeFileSync(silent, '#!/bin/sh\nexit 0\n');
  chmodSync(silent, 0o755);
  await assert.rejects(openAudio(file('sine.m4a'), { ffmpegPath: silent }), (e: unknown) =>
    e instanceof AudioError && /printed no description of the file; is audioAudit\.ffmpegPath/.test(e.message));
  writeFileSync(file('notes.m4a'), 'hello, not audio\n');
  await assert.rejects(openAudio(file('notes.m4a'), { ffmpegPath: FFMPEG }), (e: unknown) =>
    e instanceof AudioError && /ffmpeg \(ffmpeg\) cannot open it: .*Invalid data found when processing input$/.test(e.message));
});

test('without ffmpeg: the error names the container, the codec read from its header, and the setting', async () => {
  const cases: [string, RegExp][] = [
    ['sine.m4a', /^an MPEG-4 \(M4A\/MP4\) file with AAC audio: no bundled decoder reads it/],
    ['sine.webm', /^a Matroska\/WebM file with Opus audio:/],
    ['sine.wma', /^a Windows Media \(ASF\/WMA\) file with WMA 2 audio:/],
    ['padded.caf', /^a Core Audio \(CAF\) file with ALAC audio:/],
    ['sine.au', /^a Sun\/NeXT \.au file with µ-law audio:/],
  ];
  for (const [name, re] of cases) {
    await assert.rejects(openAudio(file(name)), (e: unknown) =>
      e instanceof AudioError && re.test(e.message) && /set audioAudit\.ffmpegPath \(CLI: --ffmpeg PATH\)/.test(e.message), name);
  }
});

test('parseFfmpegInfo: the fields of ffmpeg\'s stream description', () => {
  const m4a = parseFfmpegInfo([
    "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/data/a.m4a':",
    '  Duration: 00:01:03.02, start: 0.000000, bitrate: 132 kb/s',
    '  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)',
  ].join('\n'));
  assert.deepEqual(m4a, {
    container: 'mov', codec: 'aac', sampleRate: 44100, channels: 2, layout: 'stereo', sampleFormat: 'fltp', rawBits: null,
    streamKbps: 128, durationSec: 63.02, durationEstimated: false, fileKbps: 132,
  });
  const mka = parseFfmpegInfo([
    "Input #0, matroska,webm, from 'file:/x.mka':",
    '  Duration: N/A, bitrate: N/A',
    '  Stream #0:0: Video: h264, yuv420p, 640x480',
    '  Stream #0:1(eng): Audio: pcm_s24le, 96000 Hz, 5.1(side), s32 (24 bit), 13824 kb/s',
  ].join('\n'))!;
  assert.deepEqual([mka.codec, mka.sampleRate, mka.channels, mka.rawBits, mka.durationSec, mka.fileKbps], ['pcm_s24le', 96000, 6, 24, null, null]);
  assert.equal(parseFfmpegInfo('/x/y.txt: Invalid data found when processing input\n'), null);
  assert.throws(() => parseFfmpegInfo("Input #0, image2, from 'a.png':\n  Stream #0:0: Video: png, rgb24"), /no audio stream in this image2 file/);
  // libavutil channel_layout.c: the layout names and their channel counts.
  const layouts: [string, number | null][] = [['mono', 1], ['stereo', 2], ['2.1', 3], ['quad(side)', 4], ['5.1', 6],
    ['7.1(wide-side)', 8], ['5.1.4', 10], ['hexagonal', 6], ['22.2', 24], ['3 channels (FL+FR+LFE)', 3], ['ambisonic 1', 4],
    ['something new', null]];
  for (const [layout, n] of layouts) assert.equal(channelsOfLayout(layout), n, layout);
});

test('resolveFfmpeg: the configured path, else the first executable ffmpeg on PATH, else none', () => {
  const a = file('path-a');
  const b = file('path-b');
  for (const d of [a, b]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(a, 'ffmpeg'), 'not executable');
  chmodSync(path.join(a, 'ffmpeg'), 0o644);
  writeFileSync(path.join(b, 'ffmpeg'), '#!/bin/sh\n');
  chmodSync(path.join(b, 'ffmpeg'), 0o755);
  assert.equal(resolveFfmpeg('', ['', 'relative/bin', a, b].join(':'), 'linux'), path.join(b, 'ffmpeg'));
  assert.equal(resolveFfmpeg('  /opt/ffmpeg/bin/ffmpeg ', `${b}`, 'linux'), '/opt/ffmpeg/bin/ffmpeg');
  assert.equal(resolveFfmpeg('', a, 'linux'), '');
  // "none" turns it off although an ffmpeg is on PATH.
  assert.equal(resolveFfmpeg('none', b, 'linux'), '');
  assert.equal(resolveFfmpeg(' NONE ', b, 'linux'), '');
  assert.equal(resolveFfmpeg('', undefined, 'linux'), '');
  const seen: string[] = [];
  const found = resolveFfmpeg('', 'tools;C:\\tools;D:\\ff\\bin', 'win32', (f) => (seen.push(f), f === 'D:\\ff\\bin\\ffmpeg.exe'), '.COM;.EXE');
  assert.equal(found, 'D:\\ff\\bin\\ffmpeg.exe');
  assert.deepEqual(seen, ['C:\\tools\\ffmpeg.com', 'C:\\tools\\ffmpeg.exe', 'D:\\ff\\bin\\ffmpeg.com', 'D:\\ff\\bin\\ffmpeg.exe']);
  for (const ext of ['m4a', 'wma', 'webm', 'mka', 'caf', 'ape', 'wv', 'amr', 'au']) assert.ok(FFMPEG_EXTENSIONS.includes(ext), ext);
  for (const bundled of ['wav', 'mp4', 'mkv']) assert.ok(!FFMPEG_EXTENSIONS.includes(bundled), bundled);
});
