import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '../../fixtures/wav';
import { openAudio } from '../../../src/core/decode/probe';
import { MelAnalyzer } from '../../../src/core/mel/analyzer';
import { resolveMel, type ResolvedMel } from '../../../src/core/mel/params';
import { computeMelFrames } from '../../../src/core/preview/melRange';
import { MelColumnPool } from '../../../src/core/preview/melTiles';

const SR = 16000;
const FRAMES = 2 * SR + 123;

/** Stereo 16-bit codes: a chirp on the left, a decaying 3 kHz tone plus a click train on the right. */
function stereoCodes(): [number[], number[]] {
  const l: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const t = i / SR;
    l.push(Math.round(12000 * Math.sin(2 * Math.PI * (200 * t + 900 * t * t))));
    r.push(Math.round(9000 * Math.exp(-t) * Math.sin(2 * Math.PI * 3000 * t) + (i % 4000 === 0 ? 20000 : 0)));
  }
  return [l, r];
}

/** Every mel frame of the whole signal from a MelAnalyzer fed the mono downmix (L + R) / 2 of x = code / 2^15. */
async function referenceFrames(r: ResolvedMel, [l, rt]: [number[], number[]]): Promise<Float64Array[]> {
  const frames: Float64Array[] = [];
  const analyzer = await MelAnalyzer.create(r, { onFrame: (_, db) => frames.push(db.slice()) });
  const mono = Float64Array.from(l, (v, i) => (v / 32768 + rt[i] / 32768) / 2);
  for (let i = 0; i < mono.length; i += 1000) analyzer.push(mono.subarray(i, i + 1000), Math.min(1000, mono.length - i));
  analyzer.finish();
  return frames;
}

for (const preset of ['tacotron', 'librosa'] as const) {
  test(`${preset}: mel frames of a range read equal the whole-file analyzer's frames`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-mel-'));
    try {
      const codes = stereoCodes();
      const file = join(dir, 'pcm16-16k-stereo-chirp.wav');
      writeWav(file, { bits: 16, sampleRate: SR }, codes);
      const r = resolveMel({ preset, params: {} }, SR)!;
      const ref = await referenceFrames(r, codes);
      // librosa center=True: 1 + floor(32123 / hop) frames.
      assert.equal(ref.length, 1 + Math.floor(FRAMES / r.hopLength));
      const src = await openAudio(file);
      try {
        // The start (reflect padding), the middle (left context) and the end (right padding) of the file.
        for (const [first, last] of [[0, 7], [40, 55], [ref.length - 9, ref.length]]) {
          const got: [number, Float64Array][] = [];
          await computeMelFrames(src, r, first, last, (t, db) => got.push([t, db.slice()]));
          assert.deepEqual(got.map(([t]) => t), Array.from({ length: last - first }, (_, k) => first + k));
          for (const [t, db] of got) {
            for (let b = 0; b < r.nMels; b++) {
              assert.ok(Math.abs(db[b] - ref[t][b]) <= 1e-9, `frame ${t} band ${b}: ${db[b]} vs ${ref[t][b]}`);
            }
          }
        }
        // A tile of [8000, 24000) at 7 columns: column of frame t = floor((t·hop − 8000) · 7 / 16000) over the
        // centres t·hop inside the range, each band the max over its column's frames.
        const pool = new MelColumnPool(8000, 24000, 7, r.nMels, r.hopLength, ref.length);
        const { first, last } = pool.neededFrames();
        await computeMelFrames(src, r, first, last, (t, db) => pool.add(t, db));
        const tile = pool.tile();
        for (let c = 0; c < 7; c++) {
          const members = ref.map((_, t) => t).filter((t) => t * r.hopLength >= 8000 && t * r.hopLength < 24000
            && Math.floor(((t * r.hopLength - 8000) * 7) / 16000) === c);
          assert.ok(members.length >= 2);
          for (let b = 0; b < r.nMels; b++) {
            const want = Math.max(...members.map((t) => ref[t][b]));
            assert.ok(Math.abs(tile.db[c * r.nMels + b] - want) <= 1e-4, `column ${c} band ${b}`); // Float32 tile
          }
        }
      } finally {
        await src.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
