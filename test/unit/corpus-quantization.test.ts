import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusRange, quantizationDocument } from '../../src/core/stats/corpusQuantization';
import { execFileSync } from 'node:child_process';
import { minMaxQuantization } from '../../src/core/stats/minMax';
import type { FileReport } from '../../src/core/types';
import { fileReport, report } from './extension/fixtures';

const withRange = (p: string, min: number, max: number): FileReport => ({ ...fileReport(p), minMax: minMaxQuantization(min, max, 256) });

test('the corpus range is the min and max over the files; silence lands where docs/definitions.md works it out', () => {
  const files = [withRange('a.wav', -0.5, 0.3), withRange('b.wav', -0.2, 0.6), fileReport('broken.wav')];
  assert.deepEqual(corpusRange(files), { min: -0.5, max: 0.6, files: 2 });
  const doc = quantizationDocument(report('/data', files));
  // docs/definitions.md: min/max -0.5/+0.6 gives trunc(0.5/1.1 · 255.99 + 0.005) = 116.
  assert.match(doc, /min -0\.5, max 0\.6: silence lands in bin 116 of 256 \(the middle is 128\)/);
  // Symmetric ±0.6: trunc(0.5 · 255.99 + 0.005) = trunc(128.0) = 128.
  assert.match(doc, /symmetric ±0\.6 .*bin 128\./);
  assert.match(doc, /^CORPUS_MIN = -0\.5$/m);
  assert.match(doc, /^CORPUS_MAX = 0\.6$/m);
  assert.match(doc, /^EPSILON = 0\.01 /m);
});

test('no readable file: no range, and the document says so', () => {
  assert.equal(corpusRange([fileReport('x.wav')]), null);
  assert.match(quantizationDocument(report('/d', [fileReport('x.wav')])), /there is no corpus range/);
});

test('the Python snippet runs (numpy) and puts silence, the corpus min and the corpus max in bins 116, 0 and 255', () => {
  const doc = quantizationDocument(report('/data', [withRange('a.wav', -0.5, 0.3), withRange('b.wav', -0.2, 0.6)]));
  // 0.6 maps to trunc(1 · 255.99 + 0.005) = 255; -0.5 to trunc(0.005) = 0; dequantize(116) = 116/128 - 1 = -0.09375.
  const out = execFileSync('/usr/bin/python3', ['-c', `${doc}\nprint(linear_quantize([0.0, -0.5, 0.6]).tolist(), linear_dequantize(116))`], { encoding: 'utf8' });
  assert.equal(out.trim(), '[116, 0, 255] -0.09375');
});
