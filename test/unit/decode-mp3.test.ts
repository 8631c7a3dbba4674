import { test } from 'node:test';
import { joinBlocks } from '../fixtures/blocks';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { openAudio } from '../../src/core/decode/probe';
import { AudioError, type ReadOptions, type StreamIntegrity } from '../../src/core/decode/source';
import { parseFrameHeader } from '../../src/core/decode/formats/mp3/frameHeader';
import type { SourceFormat } from '../../src/core/types';
import { run, soundfileRead } from '../fixtures/codecs';
import { prng } from '../fixtures/prng';
import { encodeWav, toCode } from '../fixtures/wav';

const dir = mkdtempSync(join(tmpdir(), 'decode-mp3-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A deterministic test signal: two sines and a little noise per channel, 16-bit WAV. */
function wavFile(sampleRate: number, channels: number, seconds: number): string {
  const rand = prng(sampleRate + channels);
  const frames = Math.round(sampleRate * seconds);
  const codes = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => {
    const t = i / sampleRate;
    const x = 0.3 * Math.sin(2 * Math.PI * (220 + 110 * c) * t) + 0.2 * Math.sin(2 * Math.PI * 1375 * t) + 0.05 * (rand() - 0.5);
    return toCode(x, 16);
  }));
  const p = join(dir, `in${n++}.wav`);
  writeFileSync(p, encodeWav({ bits: 16, sampleRate }, codes));
  return p;
}

function lame(wav: string, args: readonly string[]): string {
  const out = join(dir, `out${n++}.mp3`);
  run('lame', ['--quiet', ...args, wav, out]);
  return out;
}

/** MPEG audio frames in the file as ffmpeg's demuxer (independent of ours) counts them: one framecrc line per packet. */
function ffmpegFrames(path: string): number {
  const lines = run('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:a', '-c', 'copy', '-f', 'framecrc', '-']).toString().split('\n');
  return lines.filter((l) => l !== '' && !l.startsWith('#')).length;
}

interface Decoded {
  format: SourceFormat;
  /** format.frames before the read. */
  framesAtOpen: number;
  samples: Float64Array[];
  integrity: StreamIntegrity;
  blockStarts: number[];
}

async function decode(path: string, opts: ReadOptions = {}): Promise<Decoded> {
  const src = await openAudio(path);
  const framesAtOpen = src.format.frames;
  const parts: Float64Array[][] = Array.from({ length: src.format.channels }, () => []);
  const blockStarts: number[] = [];
  try {
    const integrity = await src.read((b) => {
      blockStarts.push(b.startFrame);
      b.channels.forEach((ch, c) => parts[c].push(ch.slice(0, b.frames)));
    }, opts);
    const samples = joinBlocks(parts);
    return { format: src.format, framesAtOpen, samples, integrity, blockStarts };
  } finally {
    await src.close();
  }
}

function maxAbsDiff(a: Float64Array, b: Float64Array, frames: number): number {
  let m = 0;
  for (let i = 0; i < frames; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// Both decoders are libmpg123 with float output, but different builds (WASM generic vs native SIMD synth) round
// differently: measured differences are below 3e-6.
const SAMPLE_TOLERANCE = 1e-5;

test('lame CBR 128, VBR -V2 and -t (no Xing/LAME tag), mono and stereo, 16/22.05/44.1/48 kHz: libsndfile\'s frames and samples', async () => {
  for (const rate of [16000, 22050, 44100, 48000]) {
    for (const channels of [1, 2]) {
      const wav = wavFile(rate, channels, 0.7);
      for (const [mode, args] of [['cbr', ['-b', '128']], ['vbr', ['-V2']], ['cbr-notag', ['-b', '128', '-t']]] as const) {
        const what = `${mode} ${rate} Hz ${channels} ch`;
        const mp3 = lame(wav, args);
        const ref = soundfileRead(mp3);
        const d = await decode(mp3);
        assert.equal(d.format.sampleRate, rate, what);
        assert.equal(d.format.channels, channels, what);
        assert.equal(ref.channels, channels, what);
        assert.equal(d.format.frames, ref.frames, `${what}: decoded frames`);
        assert.equal(d.samples[0].length, ref.frames, what);
        // With a Xing/LAME tag the count is exact at open; without one the CBR bitrate estimate is too.
        assert.equal(d.framesAtOpen, ref.frames, `${what}: frames at open`);
        for (let c = 0; c < channels; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c], ref.frames) < SAMPLE_TOLERANCE, what);
        assert.equal(d.integrity.frames, ref.frames, what);
        assert.equal(d.integrity.truncated, null, what);
        assert.equal(d.integrity.decodeErrors, null, what);
      }
    }
  }
});

test('VBR without a Xing tag: every MPEG frame is decoded (ffmpeg\'s frame count x 1152); libsndfile stops at its own estimate', async () => {
  const mp3 = lame(wavFile(44100, 2, 3), ['-V2', '-t']);
  const mpegFrames = ffmpegFrames(mp3);
  const ref = soundfileRead(mp3);
  const d = await decode(mp3);
  assert.equal(d.format.frames, mpegFrames * 1152);
  assert.ok(ref.frames < d.format.frames, `libsndfile reads ${ref.frames} of ${d.format.frames}`);
  for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c], ref.frames) < SAMPLE_TOLERANCE);
  assert.equal(d.integrity.truncated, null);
});

test('format: MP3/mp3, lossy, no bit depth, average bitrate = audio bytes (ID3v2 and ID3v1 excluded) x 8 / duration', async () => {
  const mp3 = lame(wavFile(44100, 2, 1.5), ['-b', '128', '--tt', 'A title', '--ta', 'An artist', '--add-id3v2']);
  const bytes = readFileSync(mp3);
  assert.equal(bytes.toString('latin1', 0, 3), 'ID3');
  // ID3v2.4 §3.1: 10-byte header, then a 28-bit syncsafe size.
  const id3v2 = 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]);
  assert.equal(bytes.toString('latin1', bytes.length - 128, bytes.length - 125), 'TAG');
  const ref = soundfileRead(mp3);
  const d = await decode(mp3);
  assert.equal(d.format.container, 'MP3');
  assert.equal(d.format.encoding, 'mp3');
  assert.equal(d.format.storage, 'lossy');
  assert.equal(d.format.bitsPerSample, null);
  assert.equal(d.format.validBits, null);
  assert.equal(d.format.frames, ref.frames);
  assert.equal(d.format.durationSec, ref.frames / 44100);
  const audioBytes = statSync(mp3).size - id3v2 - 128;
  assert.ok(Math.abs(d.format.bitrateKbps! - (audioBytes * 8) / (ref.frames / 44100) / 1000) < 1e-9);
  assert.ok(maxAbsDiff(d.samples[1], ref.samples[1], ref.frames) < SAMPLE_TOLERANCE);
});

test('a 1 kHz sine at -6 dBFS through lame 128 kbps: peak -6 dBFS (within lame\'s 0.5 dB) as libsndfile decodes it, dominant frequency 1 kHz', async () => {
  const rate = 44100;
  const amplitude = 0.5012; // 10^(-6/20)
  const codes = Array.from({ length: rate }, (_, i) => toCode(amplitude * Math.sin((2 * Math.PI * 1000 * i) / rate), 16));
  const wav = join(dir, `sine${n++}.wav`);
  writeFileSync(wav, encodeWav({ bits: 16, sampleRate: rate }, [codes]));
  const mp3 = lame(wav, ['-b', '128']);
  const d = await decode(mp3);
  const x = d.samples[0];
  const peakDb = (s: Float64Array) => 20 * Math.log10(s.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  // LAME's quantizer rounds toward zero (quantize_xrpow's 0.4054 offset), so a lone tone comes back about 0.44 dB
  // low at 128 kbps: libsndfile decodes this file to -6.44 dBFS. Our peak must be libsndfile's and near -6 dBFS.
  assert.ok(Math.abs(peakDb(x) - -6) <= 0.5, `peak ${peakDb(x)} dBFS`);
  assert.ok(Math.abs(peakDb(x) - peakDb(soundfileRead(mp3).samples[0])) < 0.001, 'peak as libsndfile decodes it');
  // Goertzel power at a few candidate frequencies over the middle half second.
  const power = (f: number) => {
    const w = (2 * Math.PI * f) / rate;
    let s1 = 0;
    let s2 = 0;
    for (let i = rate / 4; i < (3 * rate) / 4; i++) {
      const s = x[i] + 2 * Math.cos(w) * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    return s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2;
  };
  const candidates = [250, 500, 900, 1000, 1100, 2000, 3000];
  const best = candidates.reduce((a, b) => (power(b) > power(a) ? b : a));
  assert.equal(best, 1000);
});

test('an MP3 cut to a third is truncated: against the Xing byte count, and without a Xing tag by its cut last frame', async () => {
  const wav = wavFile(44100, 2, 3);
  const whole = lame(wav, ['-b', '128']);
  const wholeRef = soundfileRead(whole);
  const bytes = readFileSync(whole);
  const cut = join(dir, `cut${n++}.mp3`);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
  const cutRef = soundfileRead(cut);
  const d = await decode(cut);
  assert.equal(d.format.frames, cutRef.frames);
  assert.ok(d.integrity.truncated, 'truncated');
  assert.equal(d.integrity.truncated.declaredFrames, wholeRef.frames);
  assert.match(d.integrity.truncated.detail, new RegExp(`declares ${bytes.length} bytes .* holds ${Math.floor(bytes.length / 3)}`));

  const noTag = readFileSync(lame(wav, ['-b', '128', '-t']));
  const cutNoTag = join(dir, `cut${n++}.mp3`);
  writeFileSync(cutNoTag, noTag.subarray(0, Math.floor(noTag.length / 3)));
  const r = await decode(cutNoTag);
  assert.equal(r.format.frames, soundfileRead(cutNoTag).frames);
  assert.ok(r.integrity.truncated, 'truncated without a Xing tag');
  assert.equal(r.integrity.truncated.declaredFrames, null);
  assert.match(r.integrity.truncated.detail, /last MPEG frame/);
});

test('garbage overwritten mid-file: decodeErrors with the first damaged frame; audio before it matches the intact file', async () => {
  const whole = lame(wavFile(44100, 2, 3), ['-b', '128']);
  const ref = soundfileRead(whole);
  const bytes = Buffer.from(readFileSync(whole));
  const mid = Math.floor(bytes.length / 2);
  const rand = prng(7);
  for (let i = 0; i < 3000; i++) bytes[mid + i] = Math.floor(rand() * 256);
  const damaged = join(dir, `garbage${n++}.mp3`);
  writeFileSync(damaged, bytes);
  const d = await decode(damaged);
  const errors = d.integrity.decodeErrors;
  assert.ok(errors, 'decodeErrors');
  assert.ok(errors.count >= 1);
  // 128 kbps at 44.1 kHz: 144·128000/44100 = 417.96 bytes per 1152-sample frame after the 417-byte Info frame;
  // gapless output starts 576 + 529 samples into the first audio frame.
  const expected = Math.floor((mid - 417) / 417.96) * 1152 - 1105;
  assert.ok(Math.abs(errors.firstFrame - expected) <= 2 * 1152, `first damaged frame ${errors.firstFrame}, expected about ${expected}`);
  assert.match(errors.detail, /lost sync at byte \d+/);
  assert.ok(d.format.frames < ref.frames, 'frames lost to the damage');
  const before = errors.firstFrame - 1152;
  for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c], before) < SAMPLE_TOLERANCE);
  assert.equal(d.integrity.truncated, null);
});

test('startFrame/endFrame reads equal slices of the whole read, in blocks that start where they say', async () => {
  const mp3 = lame(wavFile(22050, 2, 2), ['-V2']);
  const whole = await decode(mp3);
  for (const [from, to, blockFrames] of [[0, 5000, 1000], [1234, 30000, 4096], [40000, undefined, 777], [0, undefined, 1]] as const) {
    const part = await decode(mp3, { startFrame: from, endFrame: to, blockFrames });
    const end = to ?? whole.format.frames;
    for (let c = 0; c < 2; c++) assert.deepEqual(part.samples[c], whole.samples[c].subarray(from, end), `[${from}, ${to}) channel ${c}`);
    assert.equal(part.integrity.frames, end - from);
    assert.deepEqual(part.blockStarts, Array.from({ length: Math.ceil((end - from) / blockFrames) }, (_, i) => from + i * blockFrames));
  }
});

test('abort: a signal aborted before or during the read rejects with its AbortError; the next read works', async () => {
  const mp3 = lame(wavFile(44100, 1, 2), ['-b', '64']);
  const src = await openAudio(mp3);
  try {
    await assert.rejects(src.read(() => {}, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    const ctrl = new AbortController();
    let blocks = 0;
    await assert.rejects(src.read(() => { if (++blocks === 2) ctrl.abort(); }, { signal: ctrl.signal, blockFrames: 1024 }), { name: 'AbortError' });
    const ref = soundfileRead(mp3);
    let frames = 0;
    const integrity = await src.read((b) => { frames += b.frames; });
    assert.equal(frames, ref.frames);
    assert.equal(integrity.frames, ref.frames);
  } finally {
    await src.close();
  }
});

test('onBytes reports the MPEG bytes consumed, up to the whole stream', async () => {
  const mp3 = lame(wavFile(44100, 2, 2), ['-b', '320']);
  const src = await openAudio(mp3);
  const seen: number[] = [];
  await src.read(() => {}, { onBytes: (b) => seen.push(b) });
  await src.close();
  assert.ok(seen.length >= 2);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen);
  assert.equal(seen.at(-1), statSync(mp3).size);
});

test('frame headers by hand: FF FB 90 44 is MPEG-1 Layer III 128 kbps 44.1 kHz joint stereo, 417 bytes; FF F3 80 C4 MPEG-2 64 kbps 22.05 kHz mono, 208', () => {
  const a = parseFrameHeader(Uint8Array.of(0xff, 0xfb, 0x90, 0x44), 0);
  assert.deepEqual(a, { version: 1, layer: 3, crc: false, bitrateKbps: 128, sampleRate: 44100, channels: 2, frameBytes: 417, samplesPerFrame: 1152 });
  const b = parseFrameHeader(Uint8Array.of(0xff, 0xf3, 0x80, 0xc4), 0);
  assert.deepEqual(b, { version: 2, layer: 3, crc: false, bitrateKbps: 64, sampleRate: 22050, channels: 1, frameBytes: 208, samplesPerFrame: 576 });
  // Bitrate index 15, sample rate index 3, reserved version and layer are no headers.
  for (const h of [[0xff, 0xfb, 0xf0, 0x44], [0xff, 0xfb, 0x9c, 0x44], [0xff, 0xeb, 0x90, 0x44], [0xff, 0xf9, 0x90, 0x44]]) {
    assert.equal(parseFrameHeader(Uint8Array.from(h), 0), null, h.map((v) => v.toString(16)).join(' '));
  }
});

test('probe: a zero-padded start decodes; text, a lone frame header and an empty .mp3 give an AudioError', async () => {
  const mp3 = lame(wavFile(22050, 1, 1), ['-b', '64']);
  const ref = soundfileRead(mp3);
  const padded = join(dir, `padded${n++}.mp3`);
  writeFileSync(padded, Buffer.concat([Buffer.alloc(7), readFileSync(mp3)]));
  const d = await decode(padded);
  assert.equal(d.format.frames, ref.frames);
  assert.equal(soundfileRead(padded).frames, ref.frames);

  const text = join(dir, `text${n++}.mp3`);
  writeFileSync(text, 'This is not audio, only text saved under an .mp3 name.\n'.repeat(40));
  await assert.rejects(openAudio(text), (e) => e instanceof AudioError && /not a recognized audio file/.test(e.message));

  const lone = join(dir, `lone${n++}.mp3`);
  const rand = prng(3);
  writeFileSync(lone, Uint8Array.from({ length: 4096 }, (_, i) => (i < 4 ? [0xff, 0xfb, 0x90, 0x44][i] : Math.floor(rand() * 256) & 0x7f)));
  await assert.rejects(openAudio(lone), AudioError);

  const empty = join(dir, `empty${n++}.mp3`);
  writeFileSync(empty, '');
  await assert.rejects(openAudio(empty), (e) => e instanceof AudioError && /empty/.test(e.message));
});

test('MPEG Layer II (ffmpeg mp2) and ffmpeg\'s libmp3lame (a Lavc LAME tag): libsndfile\'s frames and samples', async () => {
  const wav = wavFile(48000, 2, 1.2);
  const mp2 = join(dir, `layer2${n++}.mp2`);
  run('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-c:a', 'mp2', '-b:a', '192k', mp2]);
  const ff = join(dir, `ffmpeg${n++}.mp3`);
  run('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-c:a', 'libmp3lame', '-q:a', '2', ff]);
  for (const [path, container, encoding] of [[mp2, 'MPEG', 'mp2'], [ff, 'MP3', 'mp3']] as const) {
    const ref = soundfileRead(path);
    const d = await decode(path);
    assert.equal(d.format.container, container);
    assert.equal(d.format.encoding, encoding);
    assert.equal(d.format.frames, ref.frames, path);
    for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(d.samples[c], ref.samples[c], ref.frames) < SAMPLE_TOLERANCE, path);
  }
});

// mpg123-decoder is ESM-only and our node bundles are CJS (scripts/build.mjs): the bundled reader must load its WASM in
// the main thread and in a worker_thread, where the audit runs.
test('a CJS bundle of the reader decodes in the main thread and in a worker to libsndfile\'s frames and energy', async () => {
  const root = resolve(__dirname, '../..');
  const mp3 = lame(wavFile(22050, 2, 1), ['-V2']);
  const ref = soundfileRead(mp3);
  const entry = `
    import { isMainThread, Worker, parentPort } from 'node:worker_threads';
    import { openAudio } from ${JSON.stringify(join(root, 'src/core/decode/probe'))};
    async function run() {
      const src = await openAudio(${JSON.stringify(mp3)});
      let energy = 0;
      const integrity = await src.read((b) => { for (const ch of b.channels) for (let i = 0; i < b.frames; i++) energy += ch[i] * ch[i]; });
      await src.close();
      return [src.format.frames, integrity.frames, energy];
    }
    if (isMainThread) {
      const w = new Worker(__filename);
      w.once('message', async (m) => { console.log(JSON.stringify([await run(), m])); await w.terminate(); });
    } else run().then((m) => parentPort!.postMessage(m));
  `;
  const out = join(dir, `bundle${n++}.js`);
  await esbuild.build({
    stdin: { contents: entry, loader: 'ts', resolveDir: root },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error',
  });
  const [main, worker] = JSON.parse(execFileSync(process.execPath, [out], { cwd: dir, encoding: 'utf8' })) as number[][];
  let refEnergy = 0;
  for (const ch of ref.samples) for (const v of ch) refEnergy += v * v;
  for (const [frames, integrityFrames, energy] of [main, worker]) {
    assert.equal(frames, ref.frames);
    assert.equal(integrityFrames, ref.frames);
    assert.ok(Math.abs(energy - refEnergy) / refEnergy < 1e-5, `energy ${energy} vs ${refEnergy}`);
  }
});
