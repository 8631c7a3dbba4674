import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBlocks, compareBlocksWithin, popcount32 } from '../../../src/core/dedup/ber';
import { FingerprintIndex } from '../../../src/core/dedup/index';
import { decodeFingerprint, encodeFingerprint } from '../../../src/core/rules/duplicateRules';
import { prng } from '../../fixtures/prng';

/** n uniformly random 32-bit sub-fingerprints (never 0). */
function randomPrints(n: number, seed: number): Uint32Array {
  const rand = prng(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(rand() * 0xffffffff) + 1);
}

/** Flips the lowest `bits` bits of every frame except those `keep` accepts. */
function flip(p: Uint32Array, bits: number, keep: (frame: number) => boolean = () => false): Uint32Array {
  const mask = 2 ** bits - 1;
  return p.map((v, i) => (keep(i) ? v : (v ^ mask) >>> 0));
}

test('popcount and the BER of a run with itself (0) and with its complement (1)', () => {
  assert.deepEqual([0, 1, 0xff, 0x80000000, 0xffffffff, 0x12345678].map(popcount32), [0, 1, 8, 1, 32, 13]);
  const p = randomPrints(300, 1);
  assert.equal(compareBlocks(p, 0, p, 0, 256).ber, 0);
  assert.equal(compareBlocks(p, 10, p.map((v) => ~v >>> 0), 10, 256).ber, 1);
  assert.throws(() => compareBlocks(p, 100, p, 0, 256), /runs outside/);
});

test('an identical copy is found with BER 0 at offset 0, and a trimmed or padded copy at its offset', () => {
  const a = randomPrints(860, 2);
  const index = new FingerprintIndex();
  index.add('a.wav', a);
  index.add('a-copy.flac', a);
  index.add('a-trimmed.wav', a.slice(43));
  const padded = new Uint32Array(860 + 20);
  padded.set(randomPrints(20, 3));
  padded.set(a, 20);
  index.add('a-padded.wav', padded);
  index.add('other.wav', randomPrints(860, 4));
  const got = index.findNearDuplicates().map((d) => [d.a, d.b, d.offsetFrames, d.ber]);
  assert.deepEqual(got, [
    ['a.wav', 'a-copy.flac', 0, 0],
    ['a.wav', 'a-trimmed.wav', 43, 0],
    ['a.wav', 'a-padded.wav', -20, 0],
    ['a-copy.flac', 'a-trimmed.wav', 43, 0],
    ['a-copy.flac', 'a-padded.wav', -20, 0],
    ['a-trimmed.wav', 'a-padded.wav', -63, 0],
  ]);
});

test('the threshold: 8 of 32 bits flipped in 240 of 256 frames is BER 1920/8192 = 0.234 (a match), 9 bits 0.264 (none)', () => {
  const a = randomPrints(256, 5);
  for (const [bits, ber] of [[8, 1920 / 8192], [9, 2160 / 8192]]) {
    const index = new FingerprintIndex();
    index.add('a', a);
    index.add('b', flip(a, bits, (i) => i % 16 === 0)); // frames 0, 16, … 240 intact: 16 exact lookups
    assert.equal(compareBlocks(a, 0, flip(a, bits, (i) => i % 16 === 0), 0, 256).ber, ber);
    const found = index.findNearDuplicates();
    if (ber <= 0.25) assert.deepEqual(found, [{ a: 'a', b: 'b', offsetFrames: 0, ber }]);
    else assert.deepEqual(found, []);
  }
});

test('candidates come only from exact sub-fingerprint matches: a copy with one bit wrong in every frame is not proposed', () => {
  // The paper's assumption (section 4.2): at least one sub-fingerprint of the block is error-free. Here none is.
  const a = randomPrints(400, 6);
  const index = new FingerprintIndex();
  index.add('a', a);
  index.add('b', flip(a, 1));
  assert.deepEqual(index.findNearDuplicates(), []);
  // One intact frame out of 400 is enough to propose the alignment, and the BER (≈ 1/32) confirms it.
  const one = flip(a, 1);
  one[300] = a[300];
  const index2 = new FingerprintIndex();
  index2.add('a', a);
  index2.add('b', one);
  assert.equal(index2.findNearDuplicates().length, 1);
});

test('unrelated files never pair; digital silence (sub-fingerprint 0) is neither indexed nor evidence', () => {
  const index = new FingerprintIndex();
  for (let i = 0; i < 200; i++) index.add(`f${i}`, randomPrints(400, 100 + i));
  // Two files that are mostly silence with the same 30 frames of sound: 30 informative frames of 256 are too few.
  const tail = randomPrints(30, 7);
  for (const name of ['silent-1', 'silent-2']) {
    const p = new Uint32Array(400);
    p.set(tail, 100);
    index.add(name, p);
  }
  index.add('all-zero', new Uint32Array(400));
  index.add('short', randomPrints(50, 8)); // under minFrames (86 = 1 s): not searched
  index.add('short-copy', randomPrints(50, 8));
  assert.deepEqual(index.findNearDuplicates(), []);
});

test('files added after a search are searched too, against everything added before', () => {
  const a = randomPrints(500, 9);
  const index = new FingerprintIndex();
  index.add('a', a);
  index.add('x', randomPrints(500, 10));
  assert.deepEqual(index.findNearDuplicates(), []);
  index.add('a-again', a.slice(0, 300));
  assert.deepEqual(index.findNearDuplicates(), [{ a: 'a', b: 'a-again', offsetFrames: 0, ber: 0 }]);
  assert.equal(index.frames, 1300);
});

test('keys crowding one directory bucket are sorted and found at the best alignment; keys held by more than maxPostings frames are not looked up', () => {
  // 40 keys with the same bucket under the directory's Fibonacci hash (2^10 buckets for a small index: top 10 bits
  // of key·0x9E3779B1), so the bucket holds hundreds of entries of mixed keys. Being small numbers they share their
  // high zero bits, so wrong alignments also pass 0.25 (about 0.246): the exact one must win.
  const crowd: number[] = [];
  for (let k = 1; crowd.length < 40; k++) if (Math.imul(k, 0x9e3779b1) >>> 22 === 5) crowd.push(k);
  const rand = prng(12);
  const a = Uint32Array.from({ length: 600 }, () => crowd[Math.floor(rand() * crowd.length)]);
  const index = new FingerprintIndex();
  index.add('a', a);
  index.add('b', a.slice(10));
  assert.deepEqual(index.findNearDuplicates(), [{ a: 'a', b: 'b', offsetFrames: 10, ber: 0 }]);
  // Each key is held by about 1190/40 = 30 frames (standard deviation 5.4): with maxPostings 5 every lookup is a stop word.
  assert.deepEqual(index.findNearDuplicates({ maxPostings: 5 }), []);
});

test('compareBlocksWithin: the comparison when the BER is at most the bound, else null (also when stopped early)', () => {
  const a = randomPrints(256, 13);
  // 8 bits flipped in frames 0..63 only: 512 errors, BER 512/8192 = 0.0625.
  const early = flip(a, 8, (i) => i >= 64);
  assert.deepEqual(compareBlocksWithin(a, 0, early, 0, 256, 0.0625), { errors: 512, informativeFrames: 256, ber: 0.0625 });
  assert.equal(compareBlocksWithin(a, 0, early, 0, 256, 0.06), null);
  // Every bit of frames 0..79 flipped: 2560 errors > 0.25·32·256 = 2048 by frame 79, so null whatever follows.
  const inverted = a.map((v, i) => (i < 80 ? ~v >>> 0 : v));
  assert.equal(compareBlocksWithin(a, 0, inverted, 0, 256, 0.25), null);
  assert.equal(compareBlocksWithin(a, 0, inverted, 0, 256, 0.31), null); // 2560/8192 = 0.3125
  assert.equal(compareBlocksWithin(a, 0, inverted, 0, 256, 0.3125)?.ber, 0.3125);
  assert.throws(() => compareBlocksWithin(a, 1, a, 0, 256, 0.25), /runs outside/);
});

test('minHits: an alignment proposed by one lookup is verified at minHits 1 (the paper) and not at 2; by two, at both', () => {
  const a = randomPrints(400, 14);
  for (const [intact, want] of [[[300], [1, 0]], [[150, 200], [1, 1]]] as const) {
    const index = new FingerprintIndex();
    index.add('a', a);
    index.add('b', flip(a, 1, (i) => (intact as readonly number[]).includes(i)));
    // One bit of 32 wrong in the other frames (BER ≈ 1/32); frames 150 and 200 lie in both blocks (0..255, 144..399).
    assert.deepEqual([1, 2].map((minHits) => index.findNearDuplicates({ minHits }).length), want);
  }
});

test('lookupsPerBlock: a block looks up its rarest keys, so two intact frames among common keys still pair a copy', () => {
  // a: 256 random frames. b: a with 1 bit flipped in every frame but 100 and 200 (BER 254/8192). Fillers hold the
  // other keys of a (three) and of b (three) in shuffled order (no alignment with either), so those keys are held by
  // 4 frames each, the two intact ones by 2 (a and b).
  const a = randomPrints(256, 15);
  const b = flip(a, 1, (i) => i === 100 || i === 200);
  const index = new FingerprintIndex();
  index.add('a', a);
  index.add('b', b);
  for (const [name, source, seed] of [['a', a, 16], ['b', b, 20]] as const) {
    for (let k = 0; k < 3; k++) {
      const rand = prng(seed + k);
      const filler = Uint32Array.from(source, (v, i) => (i === 100 || i === 200 ? Math.floor(rand() * 0xffffffff) + 1 : v));
      for (let i = filler.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [filler[i], filler[j]] = [filler[j], filler[i]];
      }
      index.add(`filler-${name}-${k}`, filler);
    }
  }
  const want = [{ a: 'a', b: 'b', offsetFrames: 0, ber: 254 / 8192 }];
  // Two lookups of a's block: the two keys held by 2 frames (a and b), not the first two of 254 held by 4.
  assert.deepEqual(index.findNearDuplicates({ lookupsPerBlock: 2, minHits: 2 }), want);
  assert.deepEqual(index.findNearDuplicates({ minHits: 2 }), want);
  // Stop words: at maxPostings 1 no key held by 2 frames or more is looked up.
  assert.deepEqual(index.findNearDuplicates({ maxPostings: 1 }), []);
});

test('decodeFingerprint reads base64 of uint32 little-endian (bytes 01 00 00 00 ff ff ff ff 78 56 34 12, base64 by Python)', () => {
  assert.deepEqual(decodeFingerprint('AQAAAP////94VjQS'), Uint32Array.of(1, 0xffffffff, 0x12345678));
  assert.equal(encodeFingerprint(Uint32Array.of(1, 0xffffffff, 0x12345678)), 'AQAAAP////94VjQS');
});
