// 16-bit mono PCM statistics and float conversion in WebAssembly SIMD (wasm/int16Kernel.wat), one instance per
// thread: the reader fills `block` in the kernel's memory, so a block is measured without leaving WASM.
import { wasm, type WasmMemory } from '../fft/wasmApi';
import type { Int16BlockSums } from './channelStats';
import { INT16_KERNEL_WASM_BASE64 } from './wasm/int16KernelWasm';

/** The reader's default block (256 KiB); the module's 29 pages hold it, its f64 plane, the result slots and the
 * content hash's tables. */
const BLOCK_BYTES = 1 << 18;
const PLANE_PTR = BLOCK_BYTES;
const OUT_PTR = PLANE_PTR + 8 * (BLOCK_BYTES >> 1);
/** MurmurHash3 state h1..h4 for `hash` (4 i32), after the 9 result slots. */
const HASH_STATE_PTR = OUT_PTR + 128;
/** hashTables' two 65536 × u32 tables (page 21 on). */
const HASH_TABLES_PTR = 21 << 16;

interface Int16Exports {
  memory: WasmMemory;
  stats: (p: number, n: number, clipHi: number, clipLo: number, run: number, longest: number, out: number) => void;
  toFloat: (p: number, n: number, dst: number) => void;
  hash: (p: number, pairs: number, state: number, tables: number) => void;
  hashTables: (tables: number) => void;
}

export class Int16Kernel {
  /** Where the reader puts the codes of one block (BLOCK_BYTES). */
  readonly block: Uint8Array;
  /** The same bytes as 16-bit codes (for readers that decode into the block, e.g. FLAC). */
  readonly codes: Int16Array;
  /** MurmurHash3_x86_128 state h1..h4 that `hash` continues from and leaves behind. */
  readonly hashState: Int32Array;
  private readonly plane: Float64Array;
  private readonly out: Float64Array;
  private readonly sums: Int16BlockSums = { sum: 0, sumSq: 0, min: 0, max: 0, or: 0, clipped: 0, run: 0, longest: 0, longestEnd: -1 };

  constructor(private readonly ex: Int16Exports) {
    const mem = ex.memory.buffer;
    this.block = new Uint8Array(mem, 0, BLOCK_BYTES);
    this.codes = new Int16Array(mem, 0, BLOCK_BYTES >> 1);
    this.hashState = new Int32Array(mem, HASH_STATE_PTR, 4);
    this.plane = new Float64Array(mem, PLANE_PTR, BLOCK_BYTES >> 1);
    this.out = new Float64Array(mem, OUT_PTR, 9);
    ex.hashTables(HASH_TABLES_PTR);
  }

  /**
   * Statistics of the first n codes of `block` (n <= BLOCK_BYTES / 2), clipped meaning code >= clipCode or
   * code <= -clipCode (1 <= clipCode <= 32768), continuing a clip run of `run` with longest `longest` so far.
   * The returned object is reused.
   */
  stats(n: number, clipCode: number, run: number, longest: number): Int16BlockSums {
    const { out, sums } = this;
    this.ex.stats(0, n, clipCode - 1, 1 - clipCode, run, longest, OUT_PTR);
    sums.sum = out[0];
    sums.sumSq = out[1];
    sums.min = out[2];
    sums.max = out[3];
    sums.or = out[4];
    sums.clipped = out[5];
    sums.run = out[6];
    sums.longest = out[7];
    sums.longestEnd = out[8];
    return sums;
  }

  /**
   * Mixes the first 2·pairs codes of `block` into `hashState` as MurmurHash3_x86_128 blocks of the content hash's
   * message (each code as the float64 code / 32768, little-endian), without writing the floats.
   */
  hash(pairs: number): void {
    this.ex.hash(0, pairs, HASH_STATE_PTR, HASH_TABLES_PTR);
  }

  /** The first n codes of `block` as code / 32768 (the pcm16le decoder's values), in a reused plane. */
  toFloat(n: number): Float64Array {
    this.ex.toFloat(0, n, PLANE_PTR);
    return this.plane;
  }
}

let kernel: Int16Kernel | null | undefined;

/** The thread's kernel, or null where WebAssembly SIMD is unavailable (callers keep the TypeScript loops). */
export function int16Kernel(): Int16Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const module = new wasm.Module(Buffer.from(INT16_KERNEL_WASM_BASE64, 'base64'));
    kernel = new Int16Kernel(new wasm.Instance(module, {}).exports as unknown as Int16Exports);
  } catch {
    kernel = null;
  }
  return kernel;
}
