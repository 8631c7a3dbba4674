// The FLAC decoder's hot loops in WebAssembly (wasm/flacKernel.wat): one instance per frame walk, whose memory holds
// the read buffer and the decoded samples, so the file is read straight into it and the codes never leave it.
import { wasm, type WasmMemory } from '../../fft/wasmApi';
import { FLAC_KERNEL_WASM_BASE64 } from './wasm/flacKernelWasm';

const PAGE = 1 << 16;
/** 32 int32 LPC coefficients. */
const COEF_PTR = 0;
/** CRC-16 slice-by-8 tables, 8 × 256 u16. */
const CRC_PTR = 256;
/** The largest block (65536) × 8 channels of int32 samples. */
const SAMPLES_PTR = PAGE;
const CHANNEL_BYTES = 65536 * 4;
const MAX_CHANNELS = 8;
/** One channel's block narrowed to int16 (narrow16). */
const CODES16_PTR = SAMPLES_PTR + MAX_CHANNELS * CHANNEL_BYTES;
const BUFFER_PTR = CODES16_PTR + 65536 * 2;

interface FlacExports {
  memory: WasmMemory & { grow(pages: number): number };
  residual: (buf: number, p: number, endBits: number, out: number, n: number, order: number, partitionOrder: number, paramBits: number) => number;
  fixed: (s: number, n: number, order: number) => void;
  lpc32: (s: number, from: number, to: number, c: number, order: number, shift: number) => void;
  lpc8: (s: number, n: number, c: number, order: number, shift: number) => void;
  lpc64: (s: number, from: number, to: number, c: number, order: number, shift: number) => void;
  crc16: (from: number, to: number, tables: number) => number;
  narrow16: (src: number, n: number, dst: number) => number;
}

export class FlacKernel {
  /** Channel c's samples (65536 int32), at the same place in memory whatever the buffer's size. */
  samples: Int32Array[] = [];
  coefs: Int32Array = new Int32Array(0);
  /** Where narrow16 leaves its codes. */
  codes16: Int16Array = new Int16Array(0);

  constructor(private readonly ex: FlacExports, crcTables: readonly Uint16Array[]) {
    this.views();
    const tables = new Uint16Array(ex.memory.buffer, CRC_PTR, 8 * 256);
    crcTables.forEach((t, k) => tables.set(t, 256 * k));
  }

  /**
   * The read buffer, `bytes` long, at a fixed place in memory: growing it keeps its contents (no copy) but detaches
   * every view taken before, so callers take `samples` and the buffer anew after each call.
   */
  buffer(bytes: number): Uint8Array {
    const need = Math.ceil((BUFFER_PTR + bytes) / PAGE) - this.ex.memory.buffer.byteLength / PAGE;
    if (need > 0) {
      this.ex.memory.grow(need);
      this.views();
    }
    return new Uint8Array(this.ex.memory.buffer, BUFFER_PTR, bytes);
  }

  /** Address of channel c's samples, for the calls below. */
  samplesAt(c: number): number {
    return SAMPLES_PTR + c * CHANNEL_BYTES;
  }

  /** The residual from bit p of the buffer into channel c's samples [order, n); the bit after it, or -1 past endBits. */
  residual(p: number, endBits: number, c: number, n: number, order: number, partitionOrder: number, paramBits: number): number {
    return this.ex.residual(BUFFER_PTR, p, endBits, this.samplesAt(c), n, order, partitionOrder, paramBits);
  }

  fixed(c: number, n: number, order: number): void {
    if (order > 0) this.ex.fixed(this.samplesAt(c), n, order);
  }

  /** LPC in place; `wide` takes int64 sums (when libFLAC's int32 bound does not hold). coefs[0..order) are set. */
  lpc(c: number, n: number, order: number, shift: number, wide: boolean): void {
    const s = this.samplesAt(c);
    if (wide) this.ex.lpc64(s, order, n, COEF_PTR, order, shift);
    else if (order <= 8) {
      this.coefs.fill(0, order, 8);
      this.ex.lpc8(s, n, COEF_PTR, order, shift);
    } else this.ex.lpc32(s, order, n, COEF_PTR, order, shift);
  }

  /** CRC-16 of buffer bytes [from, to). */
  crc16(from: number, to: number): number {
    return this.ex.crc16(BUFFER_PTR + from, BUFFER_PTR + to, CRC_PTR);
  }

  /** Channel c's samples [from, from + n) as int16 into codes16[0, n); true when one lies outside the int16 range. */
  narrow16(c: number, from: number, n: number): boolean {
    return this.ex.narrow16(this.samplesAt(c) + 4 * from, n, CODES16_PTR) !== 0;
  }

  private views(): void {
    const mem = this.ex.memory.buffer;
    this.samples = Array.from({ length: MAX_CHANNELS }, (_, c) => new Int32Array(mem, SAMPLES_PTR + c * CHANNEL_BYTES, 65536));
    this.coefs = new Int32Array(mem, COEF_PTR, 32);
    this.codes16 = new Int16Array(mem, CODES16_PTR, 65536);
  }
}

let module: object | null | undefined;
let enabled = true;
/** Kernels of finished walks, reused by the next one in this thread (a walk holds one; walks may interleave). */
const spare: FlacKernel[] = [];

/** Off: the decoder keeps its TypeScript loops (tests and bench/flac-decode.ts compare the two). */
export function setFlacKernelEnabled(on: boolean): void {
  enabled = on;
}

/** A kernel for one walk (give it back with releaseFlacKernel), or null where WebAssembly is unavailable. */
export function acquireFlacKernel(crcTables: readonly Uint16Array[]): FlacKernel | null {
  if (!enabled || module === null) return null;
  const k = spare.pop();
  if (k) return k;
  try {
    module ??= new wasm.Module(Buffer.from(FLAC_KERNEL_WASM_BASE64, 'base64'));
    return new FlacKernel(new wasm.Instance(module, {}).exports as unknown as FlacExports, crcTables);
  } catch {
    module = null;
    return null;
  }
}

export function releaseFlacKernel(k: FlacKernel): void {
  if (spare.length < 4) spare.push(k);
}
