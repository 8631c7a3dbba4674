// MurmurHash3_x86_128 (Austin Appleby, public domain; smhasher src/MurmurHash3.cpp), streaming over 32-bit words.
// Four 32-bit lanes cross-mixed every 16-byte block: 128 bits of state with Math.imul only (no BigInt in the hot loop).

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3.cpp fmix32: the finalization avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Feed whole 16-byte blocks as 4 little-endian words with blocks(), then finish() with the 0..15 tail bytes and the
 * total length in bytes. Words come from a Uint32Array view, so the result is the reference's on little-endian hosts
 * (every platform Node ships for).
 */
export class Murmur3x86_128 {
  private h1: number;
  private h2: number;
  private h3: number;
  private h4: number;

  constructor(seed = 0) {
    this.h1 = this.h2 = this.h3 = this.h4 = seed >>> 0;
  }

  /** Copies the state h1..h4 to s[at..at+4) (for the WASM block mixer, which continues from it). */
  save(s: Int32Array, at = 0): void {
    s[at] = this.h1;
    s[at + 1] = this.h2;
    s[at + 2] = this.h3;
    s[at + 3] = this.h4;
  }

  /** Takes the state h1..h4 back from s[at..at+4). */
  load(s: Int32Array, at = 0): void {
    this.h1 = s[at];
    this.h2 = s[at + 1];
    this.h3 = s[at + 2];
    this.h4 = s[at + 3];
  }

  /** Mixes words[from..to), whose count is a multiple of 4. Allocation-free. */
  blocks(words: Uint32Array, from: number, to: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    let h4 = this.h4;
    for (let i = from; i < to; i += 4) {
      let k1 = words[i];
      let k2 = words[i + 1];
      let k3 = words[i + 2];
      let k4 = words[i + 3];

      k1 = Math.imul(k1, C1); k1 = rotl(k1, 15); k1 = Math.imul(k1, C2); h1 ^= k1;
      h1 = rotl(h1, 19); h1 = (h1 + h2) | 0; h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;

      k2 = Math.imul(k2, C2); k2 = rotl(k2, 16); k2 = Math.imul(k2, C3); h2 ^= k2;
      h2 = rotl(h2, 17); h2 = (h2 + h3) | 0; h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;

      k3 = Math.imul(k3, C3); k3 = rotl(k3, 17); k3 = Math.imul(k3, C4); h3 ^= k3;
      h3 = rotl(h3, 15); h3 = (h3 + h4) | 0; h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;

      k4 = Math.imul(k4, C4); k4 = rotl(k4, 18); k4 = Math.imul(k4, C1); h4 ^= k4;
      h4 = rotl(h4, 13); h4 = (h4 + h1) | 0; h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }

  /** The 128-bit digest as four 32-bit words h1..h4 (the reference writes them to out[0..3] in that order). */
  finish(tail: Uint8Array, totalBytes: number): [number, number, number, number] {
    if (tail.length > 15) throw new RangeError(`the tail holds at most 15 bytes, got ${tail.length}`);
    let { h1, h2, h3, h4 } = this;
    let k1 = 0;
    let k2 = 0;
    let k3 = 0;
    let k4 = 0;
    const t = tail;
    // The reference's switch with fall-through, byte by byte from the top.
    for (let j = t.length - 1; j >= 0; j--) {
      const b = t[j];
      if (j >= 12) k4 ^= b << (8 * (j - 12));
      else if (j >= 8) k3 ^= b << (8 * (j - 8));
      else if (j >= 4) k2 ^= b << (8 * (j - 4));
      else k1 ^= b << (8 * j);
    }
    if (t.length > 12) { k4 = Math.imul(k4, C4); k4 = rotl(k4, 18); k4 = Math.imul(k4, C1); h4 ^= k4; }
    if (t.length > 8) { k3 = Math.imul(k3, C3); k3 = rotl(k3, 17); k3 = Math.imul(k3, C4); h3 ^= k3; }
    if (t.length > 4) { k2 = Math.imul(k2, C2); k2 = rotl(k2, 16); k2 = Math.imul(k2, C3); h2 ^= k2; }
    if (t.length > 0) { k1 = Math.imul(k1, C1); k1 = rotl(k1, 15); k1 = Math.imul(k1, C2); h1 ^= k1; }

    // The reference hashes an int length; lengths past 2^32 bytes wrap the same way.
    const len = totalBytes >>> 0;
    h1 ^= len; h2 ^= len; h3 ^= len; h4 ^= len;
    h1 = (h1 + h2) | 0; h1 = (h1 + h3) | 0; h1 = (h1 + h4) | 0;
    h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
    h1 = fmix32(h1); h2 = fmix32(h2); h3 = fmix32(h3); h4 = fmix32(h4);
    h1 = (h1 + h2) | 0; h1 = (h1 + h3) | 0; h1 = (h1 + h4) | 0;
    h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
    return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  }
}

/** One-shot MurmurHash3_x86_128 of a byte string (the reference signature, for tests and small inputs). */
export function murmur3x86_128(bytes: Uint8Array, seed = 0): [number, number, number, number] {
  const whole = bytes.length & ~15;
  const words = new Uint32Array(whole / 4);
  new Uint8Array(words.buffer).set(bytes.subarray(0, whole));
  const m = new Murmur3x86_128(seed);
  m.blocks(words, 0, words.length);
  return m.finish(bytes.subarray(whole), bytes.length);
}
