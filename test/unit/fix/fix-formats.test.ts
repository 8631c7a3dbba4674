// Every lossless output format holds exactly the input's codes when nothing makes them fractional (libsndfile reads
// both): WAV PCM 8/16/24/32 and float 32/64, AIFF 8/16/24/32 and AIFC float (made from the WAVs by sox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixFiles } from '../../../src/core/fix/fixFiles';
import { run, soundfileRead } from '../../fixtures/codecs';
import { workspace, writeWav } from './fixCorpus';

test('exact copies in every lossless container and bit depth, extremes of the code range included', async () => {
  const { dir, input } = workspace('formats');
  const n = 3001; // odd: the 8- and 24-bit data chunks need their pad byte
  const files: string[] = [];
  for (const bits of [8, 16, 24, 32]) {
    const full = 2 ** (bits - 1);
    const codes = Array.from({ length: n }, (_, i) => (i === 0 ? -full : i === 1 ? full - 1 : Math.round((full - 1) * Math.sin(i * 0.013)) + 0));
    writeWav(input, `pcm${bits}.wav`, { bits, sampleRate: 8000 }, [codes]);
    files.push(`pcm${bits}.wav`);
    run('sox', [path.join(input, `pcm${bits}.wav`), path.join(input, `pcm${bits}.aiff`)]);
    files.push(`pcm${bits}.aiff`);
  }
  for (const bits of [32, 64]) {
    const x = Float64Array.from({ length: n }, (_, i) => 0.9 * Math.sin(i * 0.013));
    writeWav(input, `float${bits}.wav`, { encoding: 'float', bits, sampleRate: 8000 }, [x]);
    files.push(`float${bits}.wav`);
  }
  run('sox', [path.join(input, 'float32.wav'), '-e', 'floating-point', path.join(input, 'float32.aifc')]);
  files.push('float32.aifc');
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files, outDir: out, mono: true });
  assert.deepEqual(r.files.map((f) => f.error ?? null), files.map(() => null));
  for (const f of files) {
    const a = soundfileRead(path.join(input, f)), b = soundfileRead(path.join(out, f));
    assert.equal(b.frames, n, f);
    assert.equal(b.sampleRate, 8000, f);
    assert.deepEqual(Array.from(b.samples[0]), Array.from(a.samples[0]), f);
  }
});
