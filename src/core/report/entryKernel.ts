// Loads wasm/entryKernel.wat: reads a files[] entry of a report for streamReader.ts in WebAssembly. The reader's
// buffer lives in the kernel's memory (from byte BUFFER_AT), so the kernel reads the bytes where they were read to.
import { Buffer } from 'node:buffer';
import { wasm } from '../fft/wasmApi';
import { ENTRY_KERNEL_WASM_BASE64 } from './wasm/entryKernelWasm';

const PAGE = 65536;
/** Where the reader's buffer starts in the kernel's memory (the .wat's load offsets); the batch area is below it. */
const BUFFER_AT = 1 << 20;
/** Addressable bytes after the buffer: the sentinel and the kernel's 16-byte loads past it. */
const SLACK = 64;
const TOKEN_AT = 3328;
const POW10_AT = 3584;
const POW128_AT = 4096;
/** The 128-bit table's range of powers of ten (Go strconv's detailedPowersOfTen). */
const POW128_MIN = -348;
const POW128_MAX = 347;

/**
 * Where entry() leaves an entry (entryKernel.wat "Memory"): EntryKernel.nums[0..11] are peakDbfs, rmsDbfs, dcOffset,
 * bandwidthHz, format's sampleRate, channels, validBits, durationSec, minMax's zeroBin, expectedZeroBin, mel's minDb,
 * maxDb; these are indices of EntryKernel.ints (byte offsets into the reader's buffer, escape flags, counts).
 */
export const OUT = {
  pathStart: 32, pathEnd: 33, pathEscaped: 34, errorStart: 35, errorEnd: 36, errorEscaped: 37, findings: 38,
  /** Finding k: rule start, end, severity, message start, end, escapes (bit 0 rule, bit 2 message), from here. */
  firstFinding: 64, findingInts: 6,
} as const;

/**
 * Where entries() leaves a batch (entryKernel.wat "entries"): BATCH.cap entries at most, column by column.
 * EntryKernel.batchNums column k (k as in OUT's doubles) is batchNums[k * cap + j] for entry j; batchInts columns:
 * entry offset, end of its path bytes in batchPaths, then path start, end, escaped, error start, end, escaped,
 * finding count (as OUT's ints); batchFindings: OUT.findingInts each, in entry order.
 */
export const BATCH = {
  cap: 1024, entryOffset: 0, pathBytesEnd: 1, pathStart: 2, pathEnd: 3, pathEscaped: 4, errorStart: 5, errorEnd: 6, errorEscaped: 7,
  findings: 8,
} as const;
const BATCH_NUMS_AT = 65536;
const BATCH_INTS_AT = 163840;
const BATCH_FINDINGS_AT = 200704;
const BATCH_FINDINGS_CAP = 8192;
const BATCH_PATHS_AT = 397312;

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface EntryExports {
  readonly memory: Memory;
  entry(i: number, end: number): number;
  entries(i: number, end: number, stop: number, cap: number): number;
  number(i: number, end: number): number;
}

/**
 * 10^q as the 128-bit mantissa Eisel-Lemire multiplies by: the top 128 bits of 10^q, rounded down (as Go's
 * strconv table, "rounded down"), from exact BigInt arithmetic. Returns [low 64 bits, high 64 bits].
 */
export function powerOfTen128(q: number): [bigint, bigint] {
  const bitLength = (v: bigint) => v.toString(2).length;
  let v: bigint;
  if (q >= 0) {
    v = 10n ** BigInt(q);
    const n = bitLength(v);
    v = n <= 128 ? v << BigInt(128 - n) : v >> BigInt(n - 128);
  } else {
    const d = 10n ** BigInt(-q);
    v = (1n << BigInt(128 + bitLength(d))) / d;
    const n = bitLength(v);
    if (n > 128) v >>= BigInt(n - 128);
  }
  return [v & 0xffffffffffffffffn, v >> 64n];
}

let table: BigUint64Array | undefined;
let compiled: object | null | undefined;

/** One reader's kernel instance: its own memory holding that reader's buffer. */
export class EntryKernel {
  private readonly ex: EntryExports;
  /** The reader's buffer (a view of the kernel's memory; replaced by grow). */
  buffer: Buffer;
  /** The kernel's output: doubles 0..11, i32 from index 32 (see entryKernel.wat's "entry"). */
  nums: Float64Array;
  ints: Int32Array;
  /** The last entries() call's batch (see BATCH). */
  batchNums: Float64Array;
  batchInts: Int32Array;
  batchFindings: Int32Array;
  batchPaths: Uint8Array;

  constructor(module: object, bytes: number) {
    this.ex = new wasm.Instance(module, {}).exports as unknown as EntryExports;
    this.buffer = this.nums = this.ints = this.batchNums = this.batchInts = this.batchFindings = this.batchPaths = undefined as never;
    this.grow(bytes);
    const f = new Float64Array(this.ex.memory.buffer, POW10_AT, 23);
    for (let k = 0; k < 23; k++) f[k] = 10 ** k;
    const token = new Uint8Array(this.ex.memory.buffer, TOKEN_AT, 256);
    for (const c of '0123456789-+.eEtrufalsn') token[c.charCodeAt(0)] = 1;
    new BigUint64Array(this.ex.memory.buffer, POW128_AT, table!.length).set(table!);
  }

  /** Makes the buffer at least `bytes` long, keeping its contents; returns the new view. */
  grow(bytes: number): Buffer {
    const memory = this.ex.memory;
    const need = Math.ceil((BUFFER_AT + bytes + SLACK) / PAGE) - memory.buffer.byteLength / PAGE;
    if (need > 0) memory.grow(need);
    this.buffer = Buffer.from(memory.buffer, BUFFER_AT, bytes);
    this.nums = new Float64Array(memory.buffer, 0, 12);
    this.ints = new Int32Array(memory.buffer, 0, 1024);
    this.batchNums = new Float64Array(memory.buffer, BATCH_NUMS_AT, 12 * BATCH.cap);
    this.batchInts = new Int32Array(memory.buffer, BATCH_INTS_AT, 9 * BATCH.cap);
    this.batchFindings = new Int32Array(memory.buffer, BATCH_FINDINGS_AT, OUT.findingInts * BATCH_FINDINGS_CAP);
    this.batchPaths = new Uint8Array(memory.buffer, BATCH_PATHS_AT, BUFFER_AT - BATCH_PATHS_AT);
    return this.buffer;
  }

  /** The entry at buffer[i] (bytes read up to `end`): the index after it, or -1 when JS must read it. */
  entry(i: number, end: number): number {
    return this.ex.entry(i, end);
  }

  /**
   * Entries from buffer[i] on, as entry() reads them, into the batch (at most `cap`): until `stop` (an index, or -1),
   * an entry entry() declines, the end of "files" or of the bytes read, or a full batch. Returns where JS goes on:
   * at an entry (afterEntry false) or after the last entry read (true). batchCount may be 0.
   */
  entries(i: number, end: number, stop: number, cap: number): number {
    return this.ex.entries(i, end, stop, Math.min(cap, BATCH.cap));
  }

  get batchCount(): number { return this.ints[40]; }
  get afterEntry(): boolean { return this.ints[42] === 1; }
  /** Whether the last entries() call ended at an entry entry() declines (JS reads it, without asking entry() again). */
  get declined(): boolean { return this.ints[42] === 2; }

  /** For tests: the JSON number buffer[i, end), or NaN where the kernel leaves it to JS. */
  number(i: number, end: number): number {
    return this.ex.number(i, end);
  }
}

/** A kernel with a buffer of `bytes`, or null where WebAssembly (SIMD) is unavailable: the reader keeps its JS scan. */
export function entryKernel(bytes: number): EntryKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(Buffer.from(ENTRY_KERNEL_WASM_BASE64, 'base64'));
      const t = new BigUint64Array(2 * (POW128_MAX - POW128_MIN + 1));
      for (let q = POW128_MIN; q <= POW128_MAX; q++) t.set(powerOfTen128(q), 2 * (q - POW128_MIN));
      table = t;
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  try {
    return new EntryKernel(compiled, bytes);
  } catch {
    return null;
  }
}
