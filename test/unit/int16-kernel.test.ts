import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int16Kernel, type Int16Kernel } from '../../src/core/stats/int16Kernel';
import { ChannelAccumulator } from '../../src/core/stats/channelStats';

function load(codes: readonly number[]): Int16Kernel {
  const k = int16Kernel();
  assert.ok(k, 'the int16 WASM kernel loads (Node 20 has WebAssembly SIMD)');
  new Int16Array(k.block.buffer, k.block.byteOffset, codes.length).set(codes);
  return k;
}

test('int16 kernel: sums, levels and clip runs of one vector plus a tail, worked by hand', () => {
  // 0.999 · 32768 = 32735.232 -> clipCode 32736. Clipped: indices 3-5 (run 3) and 8-9 (run 2); index 10 ends the run.
  // Σ = 1 - 2 + 3 + 32767 + 32767 - 32768 + 0 + 10 + 32740 - 32740 + 7 = 32785
  // Σ² = 1 + 4 + 9 + 2·1073676289 + 1073741824 + 0 + 100 + 2·1071907600 + 49 = 5364909765
  const codes = [1, -2, 3, 32767, 32767, -32768, 0, 10, 32740, -32740, 7];
  const s = load(codes).stats(codes.length, 32736, 2, 2);
  assert.deepEqual({ ...s }, {
    sum: 32785, sumSq: 5364909765, min: -32768, max: 32767, or: -1,
    clipped: 5, run: 0, longest: 3, longestEnd: 5,
  });
});

test('int16 kernel: eight -32768 codes (a squared pair is 2^31) and the sign-extended OR', () => {
  const low = Array<number>(8).fill(-32768);
  const a = load(low).stats(8, 32768, 0, 0);
  // Σ = -8·32768 = -262144, Σ² = 8·2^30 = 8589934592; clipCode 32768 (clipLevel 1) clips only -32768.
  assert.deepEqual({ ...a }, {
    sum: -262144, sumSq: 8589934592, min: -32768, max: -32768, or: -32768,
    clipped: 8, run: 8, longest: 8, longestEnd: 7,
  });
  // OR over sign-extended codes: -32768 | 4 | 8 = 0xffff800c = -32756, as `or |= code` in JavaScript.
  const b = load([4, 8, 4, 8, 4, 8, 4, -32768, 8]).stats(9, 32736, 0, 0);
  assert.equal(b.or, -32756);
  assert.equal(b.clipped, 1);
});

test('int16 kernel: a clip run carried in from the previous block raises the longest run', () => {
  // Run 4 open, longest 6: ten clipped codes make the run 14, longest first raised at index 2 (run 7), last at 9.
  const s = load(Array<number>(10).fill(32767)).stats(10, 32736, 4, 6);
  assert.equal(s.run, 14);
  assert.equal(s.longest, 14);
  assert.equal(s.longestEnd, 9);
  assert.equal(s.clipped, 10);
  // Nothing longer than the carried run: longestEnd stays -1 (the accumulator keeps its start).
  const t = load([32767, 0, 32767, 32767]).stats(4, 32736, 0, 5);
  assert.deepEqual([t.clipped, t.run, t.longest, t.longestEnd], [3, 2, 5, -1]);
});

test('int16 kernel: toFloat gives code / 32768 over a quad and a tail', () => {
  const k = load([-32768, 16384, 1, 0, 32767]);
  assert.deepEqual(Array.from(k.toFloat(5).subarray(0, 5)), [-1, 0.5, 2 ** -15, 0, 32767 / 32768]);
});

test('int16 kernel and ChannelAccumulator.pushInt16 give the same channel statistics block by block', () => {
  // A sawtooth with clipped stretches that straddle 8-code vectors and the block boundary.
  const n = 1003;
  const codes = Array.from({ length: n }, (_, i) => (i % 97 < 9 ? 32767 - (i % 2) : i % 13 === 0 ? -32768 : ((i * 2654435761) % 65536) - 32768));
  const viaJs = new ChannelAccumulator(0.999, false);
  const viaWasm = new ChannelAccumulator(0.999, false);
  for (const [from, to] of [[0, 501], [501, n]]) {
    const block = codes.slice(from, to);
    viaJs.pushInt16(Int16Array.from(block), 1, 0, block.length, from);
    const k = load(block);
    viaWasm.addInt16Block(k.stats(block.length, viaWasm.clipCode, viaWasm.openClipRun, viaWasm.longestClipRun), block.length, from);
  }
  assert.deepEqual(viaWasm.result(16), viaJs.result(16));
  assert.ok(viaJs.result(16).longestClipRun >= 9);
});
