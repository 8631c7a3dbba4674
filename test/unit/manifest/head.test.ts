import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { resolverFrom, seconds } from '../../../src/core/manifest/head';

test('resolverFrom gives what path.resolve gives, for plain and tricky relative paths and absolute ones', () => {
  const cases = ['x.wav', 'wavs/x.wav', './x.wav', '../x.wav', 'a/../x.wav', 'a//x.wav', 'a/', '.hidden/x.wav', '..x/y.wav',
    'a/..', 'a/.', '/abs//x.wav', '/abs/../x.wav', 'a/...', 'x y.wav', '.', 'ünï/cödé.wav'];
  for (const dir of ['/a/b', '/a/b/', '/a/./b/../c', '/']) {
    const resolve = resolverFrom(dir);
    for (const p of cases) assert.equal(resolve(p), path.resolve(dir, p), `${dir} + ${p}`);
  }
});

test('seconds: finite numbers and numeric strings >= 0, else the reason', () => {
  assert.equal(seconds(1.5, 'duration'), 1.5);
  assert.equal(seconds('4.5', 'duration'), 4.5);
  assert.equal(seconds(0, 'offset'), 0);
  assert.equal(seconds(-1, 'duration'), 'duration -1 is negative');
  assert.equal(seconds('', 'duration'), 'duration "" is not a number of seconds');
  assert.equal(seconds(null, 'duration'), 'duration null is not a number of seconds');
  assert.equal(seconds('1e999', 'duration'), 'duration "1e999" is not a number of seconds');
});
