// Writes small corpora for the fix tests (fixture WAV writer of test/fixtures/wav.ts, independent of src/core) and
// reads outputs back with libsndfile (python3-soundfile), the reference decoder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodeWav, type WavSpec } from '../../fixtures/wav';

/** A fresh temporary folder removed at exit: `in/` is the dataset, outputs go beside it. */
export function workspace(prefix: string): { dir: string; input: string } {
  const dir = mkdtempSync(path.join(tmpdir(), `fix-${prefix}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const input = path.join(dir, 'in');
  mkdirSync(input, { recursive: true });
  return { dir, input };
}

export function writeWav(root: string, rel: string, spec: WavSpec, codes: readonly (readonly number[] | Float64Array)[]): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, encodeWav(spec, codes));
  return abs;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function peakOf(x: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]));
  return p;
}
