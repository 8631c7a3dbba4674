import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, exactPathGlob } from '../../src/core/glob';

test('exactPathGlob matches the file itself and not the same name elsewhere', () => {
  assert.equal(exactPathGlob('a.wav'), './a.wav');
  assert.equal(compileGlob(exactPathGlob('a.wav'))('a.wav'), true);
  assert.equal(compileGlob(exactPathGlob('a.wav'))('sub/a.wav'), false);
  assert.equal(exactPathGlob('x/take {1,2}*.wav'), 'x/take ?1?2??.wav');
  assert.equal(compileGlob(exactPathGlob('x/take {1,2}*.wav'))('x/take {1,2}*.wav'), true);
  assert.equal(compileGlob(exactPathGlob('x/take {1,2}*.wav'))('x/take 1.wav'), false);
});
