// The fingerprint's frame loop on the WASM SIMD kernel (fingerprintKernel.wat) over PFFFT, many frames per call: the
// same arithmetic as the TypeScript loop over PFFFT in ../fingerprint.ts, so the sub-fingerprints are bit-identical.
import { createRealFft } from '../../fft/realFft';
import { PffftRealFft, pffftRuntime } from '../../fft/pffft';
import { fingerprintKernel, type FingerprintKernel } from './kernel';

/** Analyzes frames cut from `buf`; the caller fills buf, the loop keeps E(n−1,·) between calls. */
export interface FrameLoop {
  readonly name: 'wasm-simd' | 'js';
  readonly backend: 'pffft-simd' | 'fft.js';
  /** The resampled signal (float32) the frames are cut from. */
  readonly buf: Float32Array;
  /**
   * Analyzes `count` frames starting at buf[at], `hop` apart, and writes one sub-fingerprint per frame after the
   * file's first to out[outAt..]; returns how many it wrote (count, or count − 1 for the first call with frames).
   */
  frames(at: number, count: number, out: Uint32Array, outAt: number): number;
  /** Frees what the loop holds outside the JS heap; idempotent. */
  release(): void;
}

export interface FrameLoopSpec {
  readonly frameSize: number;
  readonly hop: number;
  readonly bufferSize: number;
  /** Largest `count` per frames() call. */
  readonly maxFrames: number;
  readonly window: Float32Array;
  readonly edges: Int32Array;
}

/** The `frames` plan (fingerprintKernel.wat): 12 i32. */
const PLAN_WORDS = 12;

/** Window and band edges in WASM memory, once per thread (one frame size in use). */
let tables: { key: string; window: number; edges: number } | null = null;
// Frees the block of a loop dropped without release() (e.g. a file that failed mid-read).
const orphans = new FinalizationRegistry<number>((ptr) => pffftRuntime()?.free(ptr));

function wasmTables(s: FrameLoopSpec): { window: number; edges: number } | null {
  const key = `${s.frameSize}/${Array.from(s.edges).join(',')}`;
  if (tables?.key === key) return tables;
  if (tables) return null; // another layout holds the slot: that loop runs in TypeScript
  const rt = pffftRuntime()!;
  const ptr = rt.malloc(4 * s.window.length + 4 * s.edges.length + 16);
  if (!ptr) return null;
  const window = (ptr + 15) & ~15;
  const edges = window + 4 * s.window.length;
  new Float32Array(rt.memory.buffer, window, s.window.length).set(s.window);
  new Int32Array(rt.memory.buffer, edges, s.edges.length).set(s.edges);
  tables = { key, window, edges };
  return tables;
}

export class WasmFrameLoop implements FrameLoop {
  readonly name = 'wasm-simd' as const;
  readonly backend = 'pffft-simd' as const;
  readonly buf: Float32Array;
  private readonly prints: Uint32Array;
  private readonly plan: number;
  private released = false;

  private constructor(
    private readonly s: FrameLoopSpec,
    private readonly k: FingerprintKernel,
    private readonly block: number,
    fft: PffftRealFft,
    t: { window: number; edges: number },
  ) {
    const mem = pffftRuntime()!.memory.buffer;
    const bands = s.edges.length - 1;
    let p = (block + 15) & ~15;
    this.buf = new Float32Array(mem, p, s.bufferSize);
    p += 4 * s.bufferSize;
    p = (p + 7) & ~7;
    const prev = p;
    const cur = prev + 8 * bands;
    p = cur + 8 * bands;
    this.prints = new Uint32Array(mem, p, s.maxFrames);
    p += 4 * s.maxFrames;
    this.plan = p;
    new Int32Array(mem, this.plan, PLAN_WORDS).set([
      t.window, fft.inPtr, fft.setup, fft.outPtr, fft.workPtr, t.edges, prev, cur, 0, s.frameSize, s.hop, bands,
    ]);
    orphans.register(this, block, this);
  }

  static async create(s: FrameLoopSpec): Promise<WasmFrameLoop | null> {
    const k = fingerprintKernel();
    const rt = pffftRuntime();
    if (!k || !rt || s.frameSize % 4 !== 0) return null;
    const fft = await createRealFft(s.frameSize, 'pffft-simd');
    if (!(fft instanceof PffftRealFft)) return null;
    const t = wasmTables(s);
    if (!t) return null;
    const bands = s.edges.length - 1;
    const block = rt.malloc(4 * s.bufferSize + 16 * bands + 4 * s.maxFrames + 4 * PLAN_WORDS + 24);
    if (!block) return null;
    return new WasmFrameLoop(s, k, block, fft, t);
  }

  frames(at: number, count: number, out: Uint32Array, outAt: number): number {
    if (this.released) throw new Error('frame loop used after release()');
    if (count > this.s.maxFrames) throw new RangeError(`${count} frames exceed the planned ${this.s.maxFrames}`);
    const n = this.k.frames(this.plan, this.buf.byteOffset + 4 * at, count, this.prints.byteOffset);
    out.set(this.prints.subarray(0, n), outAt);
    return n;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    orphans.unregister(this);
    pffftRuntime()?.free(this.block);
  }
}
