// Exact-duplicate key: a 128-bit hash of the decoded samples, so a WAV and its FLAC copy (identical floats in the
// project's convention) get the same key whatever the container, while one changed sample changes it.
import type { SampleBlock } from '../types';
import { wasm, type WasmMemory } from '../fft/wasmApi';
import { Murmur3x86_128 } from './murmur3';
import type { Int16Kernel } from '../stats/int16Kernel';
import { HASH_KERNEL_WASM_BASE64 } from './wasm/hashKernelWasm';

/** Frames interleaved per mixing pass; the scratch is FRAMES_PER_PASS·channels + 1 samples. */
const FRAMES_PER_PASS = 2048;

/** hashKernel.wat: the state h1..h4 at byte 0, the scratch from byte 16 to the end of its 4 pages. */
interface HashKernel {
  mix: (p: number, n: number, from: number, bytes: number) => void;
  state: Int32Array;
  scratch: Float64Array;
}

let kernel: HashKernel | null | undefined;

/** The block mixer in WASM (one per thread: pushes are synchronous, so hashers share its scratch), or null. */
function hashKernel(): HashKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const ex = new wasm.Instance(new wasm.Module(Buffer.from(HASH_KERNEL_WASM_BASE64, 'base64')), {}).exports;
    const buffer = (ex.memory as WasmMemory).buffer;
    kernel = { mix: ex.mix as HashKernel['mix'], state: new Int32Array(buffer, 0, 4), scratch: new Float64Array(buffer, 16) };
  } catch {
    kernel = null;
  }
  return kernel;
}

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
  /** The WASM mixer, when it loads and a pass of this many channels fits its scratch. */
  private readonly kernel: HashKernel | null;
  private readonly framesPerPass: number;
  private carried = 0;
  /** The carried sample's two words (WASM path: the scratch is shared, so the sample is kept here between pushes). */
  private carriedLo = 0;
  private carriedHi = 0;
  private frames = 0;
  private digestHex: string | null = null;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
    opts: { engine?: 'wasm' | 'js' | 'auto' } = {},
  ) {
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`sample rate must be a positive integer, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`channel count must be a positive integer, got ${channels}`);
    const k = opts.engine === 'js' ? null : hashKernel();
    this.kernel = k && k.scratch.length >= channels + 1 ? k : null;
    if (opts.engine === 'wasm' && !this.kernel) throw new Error('the WASM content-hash kernel is unavailable');
    if (this.kernel) {
      this.scratch = this.kernel.scratch;
      this.framesPerPass = Math.min(8 * FRAMES_PER_PASS, Math.floor((this.scratch.length - 1) / channels));
    } else {
      this.scratch = new Float64Array(FRAMES_PER_PASS * channels + 1);
      this.framesPerPass = FRAMES_PER_PASS;
    }
    this.words = new Uint32Array(this.scratch.buffer, this.scratch.byteOffset);
  }

  /** Where the blocks are mixed: the WASM kernel or TypeScript (the same digest). */
  get engine(): 'wasm' | 'js' {
    return this.kernel ? 'wasm' : 'js';
  }

  /** Adds the block's frames, in order; blocks may have any size. */
  push(block: SampleBlock): void {
    this.pushPlanar(block.channels, block.frames);
  }

  pushPlanar(planar: readonly Float64Array[], frames: number): void {
    if (this.digestHex !== null) throw new Error('ContentHasher.push() after digest()');
    const C = this.channels;
    if (planar.length !== C) throw new RangeError(`expected ${C} channels, got ${planar.length}`);
    const { scratch, words, murmur, kernel } = this;
    for (let f0 = 0; f0 < frames; f0 += this.framesPerPass) {
      const n = Math.min(this.framesPerPass, frames - f0);
      let w = this.carried;
      if (w) {
        words[0] = this.carriedLo;
        words[1] = this.carriedHi;
      }
      if (kernel && C === 1) {
        // the kernel adds the 0
        scratch.set(planar[0].subarray(f0, f0 + n), w);
      } else {
        for (let c = 0; c < C; c++) {
          const x = planar[c];
          // + 0 turns −0 into +0 (IEEE 754 round-to-nearest), so a float file's −0.0 hashes like an integer zero.
          for (let i = 0, j = w + c; i < n; i++, j += C) scratch[j] = x[f0 + i] + 0;
        }
      }
      const whole = (w + n * C) & ~1;
      if (kernel) {
        murmur.save(kernel.state);
        kernel.mix(scratch.byteOffset + 8 * w, C === 1 ? n : 0, scratch.byteOffset, 8 * whole);
        murmur.load(kernel.state);
      } else {
        murmur.blocks(words, 0, whole * 2);
      }
      w += n * C;
      this.carried = w - whole;
      if (this.carried) {
        this.carriedLo = words[2 * whole];
        this.carriedHi = words[2 * whole + 1];
      }
      this.frames += n;
    }
  }

  /**
   * Mono 16-bit codes in the int16 kernel's block, the first `frames` of them: the digest pushPlanar of code / 32768
   * gives, mixed in the kernel straight from the codes (no float plane, no copy). Only mono streams come this way.
   */
  pushInt16(k: Int16Kernel, frames: number): void {
    if (this.channels !== 1) throw new RangeError(`pushInt16 is for mono streams, this one has ${this.channels} channels`);
    if (this.digestHex !== null) throw new Error('ContentHasher.push() after digest()');
    if (this.carried) {
      // An odd block left a sample carried over (at most once per file in practice): the general path.
      this.pushPlanar([k.toFloat(frames)], frames);
      return;
    }
    const paired = frames & ~1;
    this.murmur.save(k.hashState);
    k.hash(paired >> 1);
    this.murmur.load(k.hashState);
    this.frames += paired;
    if (paired < frames) this.pushPlanar([Float64Array.of(k.codes[paired] / 32768)], 1);
  }

  /** 32 lowercase hex digits (h1..h4 big-endian each); further pushes throw. */
  digest(): string {
    if (this.digestHex === null) {
      const tail = new Uint8Array(8 * this.carried + 16);
      const view = new DataView(tail.buffer);
      if (this.carried) {
        view.setUint32(0, this.carriedLo, true);
        view.setUint32(4, this.carriedHi, true);
      }
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
