// The FLAC encoder of src/core/encode: `flac -t` accepts its streams (CRCs and the STREAMINFO MD5), and libsndfile and
// our own decoder both return exactly the codes written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlacEncoder } from '../../../src/core/encode/flacEncoder';
import { openAudio } from '../../../src/core/decode/probe';
import { run, soundfileRead } from '../../fixtures/codecs';
import { prng } from '../../fixtures/prng';

const dir = mkdtempSync(join(tmpdir(), 'flac-encoder-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

function encode(codes: readonly number[][], bps: number, sampleRate = 44100, pushFrames = 1000): string {
  const parts: Uint8Array[] = [];
  const enc = new FlacEncoder(codes.length, sampleRate, bps, (b) => parts.push(b.slice()));
  parts.push(enc.header());
  const n = codes[0].length;
  // Pushed in uneven pieces, so frames straddle calls.
  for (let at = 0; at < n; at += pushFrames) enc.push(codes.map((c) => c.slice(at, at + pushFrames)), Math.min(pushFrames, n - at));
  parts[0] = enc.finish();
  const file = join(dir, `t${serial++}.flac`);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

async function ourDecode(file: string, bps: number): Promise<number[][]> {
  const src = await openAudio(file);
  const container = Math.ceil(bps / 8) * 8;
  const out: number[][] = Array.from({ length: src.format.channels }, () => []);
  await src.read((b) => b.channels.forEach((ch, c) => { for (let i = 0; i < b.frames; i++) out[c].push(Math.round(ch[i] * 2 ** (container - 1)) / 2 ** (container - bps)); }));
  await src.close();
  return out;
}

const signals: Record<string, (n: number, full: number, r: () => number) => number> = {
  noise: (_i, full, r) => Math.floor((r() * 2 - 1) * full),
  'random walk': (() => { let x = 0; return (_i: number, full: number, r: () => number) => { x = Math.max(-full, Math.min(full - 1, Math.round(x * 0.99 + (r() - 0.5) * full * 0.05))); return x; }; })(),
  'full-scale square': (i, full) => (Math.floor(i / 50) % 2 ? full - 1 : -full),
  sine: (i, full) => Math.round(0.9 * full * Math.sin(i * 0.05)),
};

for (const [bps, channels, frames] of [[16, 1, 4096], [16, 2, 10001], [24, 1, 9000], [24, 2, 4097], [8, 3, 5000], [16, 1, 1], [20, 1, 3000]] as const) {
  test(`${bps}-bit, ${channels} channel(s), ${frames} frames: flac -t passes and both decoders return the codes`, async () => {
    const full = 2 ** (bps - 1);
    const r = prng(bps * 1000 + frames);
    const names = Object.keys(signals);
    const codes = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => signals[names[(c + frames) % names.length]](i, full, r) + 0)); // + 0: no -0 from Math.round
    const file = encode(codes, bps);
    run('flac', ['-t', '-s', file]); // throws on a CRC or MD5 mismatch
    assert.deepEqual(await ourDecode(file, bps), codes);
    if (bps % 8 === 0) {
      // libsndfile reads 8/16/24-bit FLAC (not 20-bit) as full-scale floats code / 2^(bps−1).
      const sf = soundfileRead(file);
      assert.equal(sf.frames, frames);
      assert.deepEqual(sf.samples.map((ch) => Array.from(ch, (v) => Math.round(v * full))), codes);
    }
  });
}

for (const bps of [16, 24]) {
  test(`${bps}-bit correlated stereo (side and mid coding, the side one bit wider, extremes): exact, and smaller than left/right`, async () => {
    const full = 2 ** (bps - 1);
    const r = prng(bps);
    const n = 12000;
    // White noise (no predictor helps: about bps − 1 bits a sample) and a copy of it off by at most ±4 codes
    // (the side costs about 4 bits a sample): left/side ≈ (bps − 1 + 4) against 2 (bps − 1) for left/right.
    const left = Array.from({ length: n }, () => Math.floor((r() - 0.5) * full));
    const right = left.map((v) => v + Math.floor((r() - 0.5) * 8));
    // Opposite full-scale extremes: the side L − R = 2^bps − 1 needs bps + 1 bits.
    for (let i = 5000; i < 5100; i++) { left[i] = full - 1; right[i] = -full; }
    const stereo = encode([left, right], bps);
    run('flac', ['-t', '-s', stereo]);
    assert.deepEqual(await ourDecode(stereo, bps), [left, right]);
    const sf = soundfileRead(stereo);
    assert.deepEqual(sf.samples.map((ch) => Array.from(ch, (v) => Math.round(v * full))), [left, right]);
    // Two mono files hold left and right coded independently: the stereo file must be well below their sum.
    const mono = statSync(encode([left], bps)).size + statSync(encode([right], bps)).size;
    assert.ok(statSync(stereo).size < 0.75 * mono, `stereo ${statSync(stereo).size} B vs independent ${mono} B`);
  });
}

test('a constant block and silence encode as CONSTANT subframes: a few bytes per frame', () => {
  const file = encode([new Array(8192).fill(0), new Array(8192).fill(-7)], 16);
  run('flac', ['-t', '-s', file]);
  const sf = soundfileRead(file);
  assert.deepEqual([...new Set(sf.samples[0])], [0]);
  assert.deepEqual([...new Set(sf.samples[1].map((v) => v * 32768))], [-7]);
  // 2 frames × (header ≤ 9 + 2 × 3-byte CONSTANT subframes + CRC-16 2) + 42-byte stream header.
  const { size } = statSync(file);
  assert.ok(size <= 42 + 2 * (9 + 6 + 2), `size ${size}`);
});
