// Shard assignment: FNV-1a 32 against the published test vectors, a partition for N = 1, 2, 7, 64, balance, stability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1a32, parseShardSpec, shardOf } from '../../../src/core/shard/assign';

test('fnv1a32 matches the published FNV-1a 32-bit test vectors', () => {
  // Landon Curt Noll's FNV test suite (test_fnv.c, fnv1a_32): "" is the offset basis.
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('b'), 0xe70c2de5);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('fnv1a32 hashes the UTF-8 bytes (not UTF-16 code units); a lone surrogate counts as U+FFFD', () => {
  // Values from an independent Python implementation over str.encode('utf-8').
  assert.equal(fnv1a32('spk/é-ü.wav'), 0xda2a61a4); // é = C3 A9, ü = C3 BC
  assert.equal(fnv1a32('emoji/\u{1F3B5}.wav'), 0xec8d6022); // U+1F3B5 = F0 9F 8E B5 (a surrogate pair in JS)
  assert.equal(fnv1a32('\ufffd'), 0x3479c4a);
  assert.equal(fnv1a32('\ud800'), fnv1a32('\ufffd'));
  assert.equal(fnv1a32('\udc00x'), fnv1a32('\ufffdx'));
});

test('shardOf is the hash modulo N (worked by hand)', () => {
  assert.equal(shardOf('a', 1), 0);
  assert.equal(shardOf('a', 4), 0); // 0xe40c292c ends in 0x2c = 44 = 4·11
  assert.equal(shardOf('a', 64), 44); // the low 6 bits of 0x...2c
  assert.equal(shardOf('a', 7), 5); // 3826002220 = 7·546571745 + 5
  assert.equal(shardOf('b', 4), 1); // 0x...e5: 229 = 4·57 + 1
  assert.equal(shardOf('foobar', 7), 0); // 3214735720 = 7·459247960
});

/** Paths shaped like a corpus: speaker/chapter/utterance, plus flat clip names with non-ASCII characters. */
function corpusPaths(): string[] {
  const out: string[] = [];
  for (let s = 0; s < 40; s++) for (let c = 0; c < 5; c++) for (let u = 0; u < 50; u++) out.push(`spk${s}/ch${c}/utt-${String(u).padStart(4, '0')}.flac`);
  for (let i = 0; i < 5000; i++) out.push(`clips/common_voice_${i % 3 ? 'de' : 'fr'}_${i}_é.mp3`);
  return out;
}

test('every file lands in exactly one shard for N = 1, 2, 7, 64', () => {
  const paths = corpusPaths();
  for (const n of [1, 2, 7, 64]) {
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      for (const p of paths.filter((x) => shardOf(x, n) === i)) seen.set(p, (seen.get(p) ?? 0) + 1);
    }
    assert.equal(seen.size, paths.length, `N = ${n}: every path in some shard`);
    for (const [p, times] of seen) assert.equal(times, 1, `N = ${n}: ${p} in ${times} shards`);
  }
});

test('shards are balanced: each holds within 15 % (N = 7) and 30 % (N = 64) of an even share', () => {
  const paths = corpusPaths(); // 15 000 paths
  for (const [n, tolerance] of [[7, 0.15], [64, 0.3]] as const) {
    const counts = new Array<number>(n).fill(0);
    for (const p of paths) counts[shardOf(p, n)]++;
    const even = paths.length / n;
    for (let i = 0; i < n; i++) assert.ok(Math.abs(counts[i] - even) <= tolerance * even, `N = ${n}: shard ${i} holds ${counts[i]}, even ${even.toFixed(0)}`);
  }
});

test('adding files moves no other file: each shard keeps its share and only gains new files', () => {
  const before = corpusPaths();
  const added = Array.from({ length: 3000 }, (_, i) => `new/${i}.wav`);
  const after = [...before.slice(0, 7000), ...added, ...before.slice(7000)];
  const share = (paths: string[], i: number): string[] => paths.filter((p) => shardOf(p, 7) === i).sort();
  const isNew = new Set(added);
  for (let i = 0; i < 7; i++) assert.deepEqual(share(after, i).filter((p) => !isNew.has(p)), share(before, i), `shard ${i}`);
});

test('--shard I/N parsing: 0-based index below N', () => {
  assert.deepEqual(parseShardSpec('0/4'), { index: 0, count: 4 });
  assert.deepEqual(parseShardSpec('3/4'), { index: 3, count: 4 });
  assert.match(parseShardSpec('4/4') as string, /index must be 0 to 3 \(shards are numbered from 0\)/);
  assert.match(parseShardSpec('0/0') as string, /count must be at least 1/);
  assert.match(parseShardSpec('1-4') as string, /is not I\/N/);
  assert.match(parseShardSpec('-1/4') as string, /is not I\/N/);
  assert.match(parseShardSpec('0/65537') as string, /at most 65536 shards/);
});
