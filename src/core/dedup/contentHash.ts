// Exact-duplicate key: a 128-bit hash of the decoded samples, so a WAV and its FLAC copy (identical floats in the
// project's convention) get the same key whatever the container, while one changed sample changes it.
import type { SampleBlock } from '../types';
import { Murmur3x86_128 } from './murmur3';

/** Frames interleaved per mixing pass; the scratch is FRAMES_PER_PASS·channels + 1 samples. */
const FRAMES_PER_PASS = 2048;

/**
 * The hashed message is the interleaved samples x[0][0], x[1][0], …, x[C-1][0], x[0][1], … as IEEE-754 float64
 * little-endian (−0 written as +0), followed by a 16-byte trailer of uint32 LE words: sampleRate, channels,
 * frames mod 2^32, floor(frames / 2^32). The hash is MurmurHash3_x86_128 with seed 0 (./murmur3.ts).
 *
 * Collision odds: for n distinct decodes and a hash that behaves like a random 128-bit function, P(any collision)
 * ≈ n²/2^129: 1.5e-31 for 10 000 files, 1.5e-21 for 10^9. It is not a cryptographic hash: someone crafting
 * collisions on purpose can, which no dataset does by accident. A NaN hashes by the bit pattern the CPU returns for NaN + 0.
 */
export class ContentHasher {
  private readonly murmur = new Murmur3x86_128(0);
  /** Interleaved samples; scratch[0] may hold one sample carried over (a 16-byte block is two samples). */
  private readonly scratch: Float64Array;
  private readonly words: Uint32Array;
  private carried = 0;
  private frames = 0;
  private digestHex: string | null = null;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
  ) {
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`sample rate must be a positive integer, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`channel count must be a positive integer, got ${channels}`);
    this.scratch = new Float64Array(FRAMES_PER_PASS * channels + 1);
    this.words = new Uint32Array(this.scratch.buffer);
  }

  /** Adds the block's frames, in order; blocks may have any size. */
  push(block: SampleBlock): void {
    this.pushPlanar(block.channels, block.frames);
  }

  pushPlanar(planar: readonly Float64Array[], frames: number): void {
    if (this.digestHex !== null) throw new Error('ContentHasher.push() after digest()');
    const C = this.channels;
    if (planar.length !== C) throw new RangeError(`expected ${C} channels, got ${planar.length}`);
    const { scratch, words, murmur } = this;
    for (let f0 = 0; f0 < frames; f0 += FRAMES_PER_PASS) {
      const n = Math.min(FRAMES_PER_PASS, frames - f0);
      let w = this.carried;
      for (let c = 0; c < C; c++) {
        const x = planar[c];
        // + 0 turns −0 into +0 (IEEE 754 round-to-nearest), so a float file's −0.0 hashes like an integer zero.
        for (let i = 0, j = w + c; i < n; i++, j += C) scratch[j] = x[f0 + i] + 0;
      }
      w += n * C;
      const whole = w & ~1;
      murmur.blocks(words, 0, whole * 2);
      this.carried = w - whole;
      if (this.carried) scratch[0] = scratch[whole];
      this.frames += n;
    }
  }

  /** 32 lowercase hex digits (h1..h4 big-endian each); further pushes throw. */
  digest(): string {
    if (this.digestHex === null) {
      const tail = new Uint8Array(8 * this.carried + 16);
      const view = new DataView(tail.buffer);
      if (this.carried) view.setFloat64(0, this.scratch[0], true);
      const t = 8 * this.carried;
      view.setUint32(t, this.sampleRate, true);
      view.setUint32(t + 4, this.channels, true);
      view.setUint32(t + 8, this.frames >>> 0, true);
      view.setUint32(t + 12, Math.floor(this.frames / 2 ** 32), true);
      // 16 or 24 trailer bytes: whole 16-byte blocks go through blocks(), the rest is the reference's tail.
      const wholeBytes = tail.length & ~15;
      const blockWords = new Uint32Array(tail.buffer, 0, wholeBytes / 4);
      this.murmur.blocks(blockWords, 0, blockWords.length);
      const totalBytes = 8 * this.frames * this.channels + 16;
      const h = this.murmur.finish(tail.subarray(wholeBytes), totalBytes);
      this.digestHex = h.map((v) => v.toString(16).padStart(8, '0')).join('');
    }
    return this.digestHex;
  }
}
