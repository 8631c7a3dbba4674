// The acceptance case for near-duplicate-audio: a speech file vs itself at -6 dB, re-encoded as 64 kbps MP3
// (lame) and trimmed by 0.5 s all match; two different sentences by the same voice do not. Speech from espeak-ng,
// edits by sox and lame, decoding by libsndfile (python3-soundfile): no project decoder is involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FingerprintAccumulator, FINGERPRINT_RATE, HOP_SIZE } from '../../../src/core/dedup/fingerprint';
import { compareBlocks } from '../../../src/core/dedup/ber';
import { FingerprintIndex } from '../../../src/core/dedup/index';
import { NEAR_DUPLICATE_SEARCH } from '../../../src/core/rules/duplicateRules';
import { run, soundfileRead } from '../../fixtures/codecs';

// Long enough (about 7 s) that a 0.5 s trim still leaves far more than one 256-frame block (3.3 s).
const SENTENCE_1 = 'The quick brown fox jumps over the lazy dog, and then it runs across the wide green field toward the old stone bridge by the river.';
const SENTENCE_2 = 'She sells sea shells by the sea shore every summer morning, while her brother paints small wooden boats in the harbour.';

async function fingerprintFile(file: string): Promise<Uint32Array> {
  const { samples, frames, sampleRate } = soundfileRead(file);
  const acc = await FingerprintAccumulator.create(sampleRate);
  for (let i = 0; i < frames; i += 4096) {
    const n = Math.min(4096, frames - i);
    acc.pushBlock({ channels: samples.map((x) => x.subarray(i, i + n)), frames: n, startFrame: i });
  }
  return acc.finish();
}

test('speech vs itself at -6 dB, as 64 kbps MP3 and trimmed by 0.5 s: all match; another sentence does not', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'near-dup-speech-'));
  try {
    const f = (name: string) => path.join(dir, name);
    run('espeak-ng', ['-w', f('sentence-1.wav'), SENTENCE_1]);
    run('espeak-ng', ['-w', f('sentence-2.wav'), SENTENCE_2]);
    run('sox', [f('sentence-1.wav'), f('sentence-1-minus6db.wav'), 'gain', '-6']);
    run('lame', ['--quiet', '-b', '64', f('sentence-1.wav'), f('sentence-1-64k.mp3')]);
    run('sox', [f('sentence-1.wav'), f('sentence-1-trimmed.wav'), 'trim', '0.5']);

    const names = ['sentence-1.wav', 'sentence-1-minus6db.wav', 'sentence-1-64k.mp3', 'sentence-1-trimmed.wav', 'sentence-2.wav'];
    const index = new FingerprintIndex();
    for (const name of names) index.add(name, await fingerprintFile(f(name)));
    const found = index.findNearDuplicates();
    for (const d of found) t.diagnostic(`${d.a} ~ ${d.b}: BER ${d.ber.toFixed(4)} at ${d.offsetFrames} frames`);
    // The audit rule's search (every 4th lookup, two hits per alignment) finds the same pairs at the same alignments.
    assert.deepEqual(index.findNearDuplicates(NEAR_DUPLICATE_SEARCH), found);

    // Every pair among the four versions of sentence 1, none with sentence 2.
    const pairs = found.map((d) => `${d.a} ~ ${d.b}`);
    const versions = names.slice(0, 4);
    const expected = versions.flatMap((a, i) => versions.slice(i + 1).map((b) => `${a} ~ ${b}`));
    assert.deepEqual(pairs, expected);
    // 0.5 s at 5 512 Hz is 2 756 samples = 43.06 hops of 64: the trimmed file starts 43 frames into the original.
    const trimmed = found.find((d) => d.a === 'sentence-1.wav' && d.b === 'sentence-1-trimmed.wav')!;
    assert.equal(trimmed.offsetFrames, Math.round((0.5 * FINGERPRINT_RATE) / HOP_SIZE));
    // libsndfile drops the encoder delay using lame's gapless header, so the MP3 lines up within a frame.
    const mp3 = found.find((d) => d.b === 'sentence-1-64k.mp3' && d.a === 'sentence-1.wav')!;
    assert.ok(Math.abs(mp3.offsetFrames) <= 1, `MP3 offset ${mp3.offsetFrames} frames`);

    // Not only missed by the lookup: at no alignment does a 256-frame block of sentence 2 come near 0.25 on sentence 1.
    const one = await fingerprintFile(f('sentence-1.wav'));
    const two = await fingerprintFile(f('sentence-2.wav'));
    let best = 1;
    for (let s = 0; s + 256 <= two.length; s += 64) {
      for (let at = 0; at + 256 <= one.length; at++) best = Math.min(best, compareBlocks(two, s, one, at, 256).ber);
    }
    t.diagnostic(`sentence 2 vs sentence 1, best BER over every alignment: ${best.toFixed(4)}`);
    assert.ok(best > 0.3, `best BER ${best}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
