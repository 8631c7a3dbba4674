// One FLAC frame -> Int32 sample codes per channel, in TypeScript (FLAC format: https://xiph.org/flac/format.html,
// RFC 9639). Written because the npm libFLAC-in-WASM decoder spent most of its time outside libFLAC (JS frame
// parsing, float32 output, copies) and hands back floats we must turn back into codes: this yields the codes directly.
// Supports 4..24 bits (sums stay exact in int32/float64); CONSTANT, VERBATIM, FIXED and LPC subframes, wasted bits,
// Rice and escaped partitions, the three stereo decorrelations, CRC-8 on headers and CRC-16 on frames.
// With a FlacKernel (flacKernel.ts) the residual, the predictors and the CRC-16 run in WebAssembly instead.
import type { FlacKernel } from './flacKernel';

/** Thrown when the frame runs past the bytes given: the caller reads more (or the stream ends mid-frame). */
export const NEED_MORE: unique symbol = Symbol('need more bytes');

/** A damaged or invalid frame; the message is the reason ("frame CRC-16 mismatch"). */
export class FlacFrameError extends Error {}

/** The largest block a FLAC frame can hold (16-bit blocksize-1 field). */
export const MAX_BLOCK = 65536;
/** Bytes the buffer must hold past `end`: the bit window reads up to 16 bytes beyond the last check. */
export const READ_PAD = 32;

const BLOCK_SIZES = [0, 192, 576, 1152, 2304, 4608, -1, -2, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
const SAMPLE_RATES = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000, -1, -2, -3, -4];
const SAMPLE_BITS = [0, 8, 12, -1, 16, 20, 24, 32];

/** CRC-8, polynomial x^8 + x^2 + x + 1 (0x07), init 0, MSB first (FLAC frame header). */
const CRC8 = crcTable(8, 0x07);
/** CRC-16, polynomial x^16 + x^15 + x^2 + 1 (0x8005), init 0, MSB first (FLAC frame footer). */
const CRC16 = crcTable(16, 0x8005);
/** Slice-by-8 tables: CRC16_BY[k][b] is byte b followed by k zero bytes (8 bytes per step instead of 1). */
export const CRC16_BY = sliceTables(CRC16, 8);

function crcTable(width: number, poly: number): Uint16Array {
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let r = b << (width - 8);
    for (let i = 0; i < 8; i++) r = (r & top ? (r << 1) ^ poly : r << 1) & mask;
    t[b] = r;
  }
  return t;
}

function sliceTables(t0: Uint16Array, n: number): Uint16Array[] {
  const tables = [t0];
  for (let k = 1; k < n; k++) {
    const prev = tables[k - 1];
    tables.push(prev.map((v) => ((v << 8) & 0xffff) ^ t0[v >>> 8]));
  }
  return tables;
}

/** CRC-8 of u8[from..to) (the frame header's check; the FLAC encoder of src/core/encode writes it too). */
export function crc8(u8: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = CRC8[crc ^ u8[i]];
  return crc;
}

/** CRC-16 of u8[from..to). */
export function crc16(u8: Uint8Array, from: number, to: number): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC16_BY;
  let crc = 0;
  let i = from;
  for (; i + 8 <= to; i += 8) {
    const x = crc ^ ((u8[i] << 8) | u8[i + 1]);
    crc = t7[x >>> 8] ^ t6[x & 0xff] ^ t5[u8[i + 2]] ^ t4[u8[i + 3]] ^ t3[u8[i + 4]] ^ t2[u8[i + 5]] ^ t1[u8[i + 6]] ^ t0[u8[i + 7]];
  }
  for (; i < to; i++) crc = ((crc << 8) & 0xffff) ^ t0[(crc >>> 8) ^ u8[i]];
  return crc;
}

export interface StreamParams {
  readonly sampleRate: number;
  readonly bits: number;
  readonly channels: number;
  /** STREAMINFO's largest block: the sample buffers start at this size. */
  readonly maxBlockSize: number;
}

export class FlacFrameDecoder {
  /** Decoded codes of the last frame, channel c in samples[c][0..blockSize); grown to the largest block seen. */
  readonly samples: Int32Array[];
  /** With a kernel the buffer and the samples live in its memory and its loops decode; without, the TypeScript ones. */
  private readonly kernel: FlacKernel | null;
  blockSize = 0;
  channels = 0;
  bits = 0;
  sampleRate = 0;
  /** Frame number (fixed-blocksize stream) or first sample number (variable-blocksize stream) from the header. */
  number = 0;
  variable = false;

  private u8: Uint8Array = new Uint8Array(0);
  private dv: DataView = new DataView(new ArrayBuffer(0));
  /** Read position in bits from the start of u8. */
  private p = 0;
  private endBits = 0;
  private readonly coefs = new Int32Array(32);

  constructor(private readonly stream: StreamParams, kernel: FlacKernel | null = null) {
    const size = Math.min(MAX_BLOCK, Math.max(16, stream.maxBlockSize));
    this.kernel = kernel;
    this.samples = kernel ? kernel.samples.slice(0, stream.channels)
      : Array.from({ length: stream.channels }, () => new Int32Array(size));
  }

  /** Points the decoder at a buffer (with a kernel, the one kernel.buffer() returned last); u8.length must be at
   * least end + READ_PAD. */
  setBuffer(u8: Uint8Array): void {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    // A grown kernel memory has new sample views.
    if (this.kernel) for (let c = 0; c < this.samples.length; c++) this.samples[c] = this.kernel.samples[c];
  }

  /**
   * Decodes the frame that starts at byte `at` (a sync code) of the buffer's [0, end).
   * Returns its length in bytes; throws NEED_MORE when it runs past `end`, FlacFrameError when damaged.
   */
  decode(at: number, end: number): number {
    this.p = at * 8;
    this.endBits = end * 8;
    this.readHeader(at, end);
    const { blockSize, channels } = this;
    const assignment = this.assignment;
    if (channels > this.samples.length) throw new FlacFrameError(`a frame has ${channels} channels, STREAMINFO ${this.samples.length}`);
    if (blockSize > this.samples[0].length) for (let c = 0; c < channels; c++) this.samples[c] = new Int32Array(MAX_BLOCK);
    for (let c = 0; c < channels; c++) {
      // The side channel carries one more bit (left/side: ch 1, side/right: ch 0, mid/side: ch 1).
      const side = (assignment === 8 && c === 1) || (assignment === 9 && c === 0) || (assignment === 10 && c === 1) ? 1 : 0;
      this.subframe(c, blockSize, this.bits + side);
    }
    this.p = (this.p + 7) & ~7;
    const crcAt = this.p >>> 3;
    if (crcAt + 2 > end) throw NEED_MORE;
    const u8 = this.u8;
    const crc = this.kernel ? this.kernel.crc16(at, crcAt) : crc16(u8, at, crcAt);
    if (crc !== ((u8[crcAt] << 8) | u8[crcAt + 1])) throw new FlacFrameError('frame CRC-16 mismatch');
    if (assignment >= 8) decorrelate(assignment, this.samples[0], this.samples[1], blockSize);
    return crcAt + 2 - at;
  }

  private codes16: Int16Array | null = null;

  /**
   * Channel c's codes [from, from + n) of the last frame as int16 in [0, n) of a reused array (valid until the next
   * call), or null when one lies outside -32768..32767 (a damaged 16-bit stream can predict one).
   */
  int16(c: number, from: number, n: number): Int16Array | null {
    if (this.kernel) return this.kernel.narrow16(c, from, n) ? null : this.kernel.codes16;
    const out = (this.codes16 ??= new Int16Array(MAX_BLOCK));
    const s = this.samples[c];
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const v = s[from + i];
      outside |= (v + 32768) >>> 16;
      out[i] = v;
    }
    return outside === 0 ? out : null;
  }

  /** True when a plausible frame header with a valid CRC-8 starts at `at` (for finding sync after damage). */
  isFrameStart(at: number, end: number): boolean {
    if (this.u8[at] !== 0xff || (this.u8[at + 1] & 0xfe) !== 0xf8) return false;
    try {
      this.p = at * 8;
      this.endBits = end * 8;
      this.readHeader(at, end);
      return true;
    } catch (e) {
      if (e === NEED_MORE) throw e;
      return false;
    }
  }

  private assignment = 0;

  private readHeader(at: number, end: number): void {
    const u8 = this.u8;
    if (at + 4 > end) throw NEED_MORE;
    if (u8[at] !== 0xff || (u8[at + 1] & 0xfe) !== 0xf8) throw new FlacFrameError('lost sync: no frame sync code');
    this.variable = (u8[at + 1] & 1) === 1;
    const bsCode = u8[at + 2] >>> 4;
    const srCode = u8[at + 2] & 15;
    const assignment = u8[at + 3] >>> 4;
    const bitsCode = (u8[at + 3] >>> 1) & 7;
    if (u8[at + 3] & 1) throw new FlacFrameError('reserved bit set in frame header');
    if (bsCode === 0) throw new FlacFrameError('reserved block size code');
    if (srCode === 15) throw new FlacFrameError('invalid sample rate code');
    if (assignment > 10) throw new FlacFrameError('reserved channel assignment');
    if (bitsCode === 3) throw new FlacFrameError('reserved sample size code');
    this.p = (at + 4) * 8;
    this.number = this.codedNumber();
    let blockSize = BLOCK_SIZES[bsCode];
    if (blockSize === -1) blockSize = this.bitsU(8) + 1;
    else if (blockSize === -2) blockSize = this.bitsU(16) + 1;
    let rate = SAMPLE_RATES[srCode];
    if (rate === 0) rate = this.stream.sampleRate;
    else if (rate === -1) rate = this.bitsU(8) * 1000;
    else if (rate === -2) rate = this.bitsU(16);
    else if (rate === -3) rate = this.bitsU(16) * 10;
    const crcAt = this.p >>> 3;
    if (crcAt + 1 > end) throw NEED_MORE;
    let crc = 0;
    for (let i = at; i < crcAt; i++) crc = CRC8[crc ^ u8[i]];
    if (crc !== u8[crcAt]) throw new FlacFrameError('frame header CRC-8 mismatch');
    this.p += 8;
    const bits = SAMPLE_BITS[bitsCode] || this.stream.bits;
    if (bits > 24) throw new FlacFrameError(`${bits}-bit frames are not supported (at most 24 bits)`);
    this.blockSize = blockSize;
    this.sampleRate = rate;
    this.assignment = assignment;
    this.channels = assignment < 8 ? assignment + 1 : 2;
    this.bits = bits;
  }

  /** The UTF-8-like coded frame/sample number (1 to 7 bytes, up to 36 bits). */
  private codedNumber(): number {
    const first = this.bitsU(8);
    if (first < 0x80) return first;
    let extra = 0;
    let v = 0;
    if ((first & 0xe0) === 0xc0) { extra = 1; v = first & 0x1f; }
    else if ((first & 0xf0) === 0xe0) { extra = 2; v = first & 0x0f; }
    else if ((first & 0xf8) === 0xf0) { extra = 3; v = first & 0x07; }
    else if ((first & 0xfc) === 0xf8) { extra = 4; v = first & 0x03; }
    else if ((first & 0xfe) === 0xfc) { extra = 5; v = first & 0x01; }
    else if (first === 0xfe) { extra = 6; v = 0; }
    else throw new FlacFrameError('invalid coded frame number');
    for (let i = 0; i < extra; i++) {
      const b = this.bitsU(8);
      if ((b & 0xc0) !== 0x80) throw new FlacFrameError('invalid coded frame number');
      v = v * 64 + (b & 0x3f);
    }
    return v;
  }

  /** n (0..32) bits, unsigned. */
  private bitsU(n: number): number {
    if (n === 0) return 0;
    const p = this.p;
    if (p + n > this.endBits) throw NEED_MORE;
    const byte = p >>> 3;
    const s = p & 7;
    const w = (this.dv.getUint32(byte) << s) | (this.u8[byte + 4] >>> (8 - s));
    this.p = p + n;
    return w >>> (32 - n);
  }

  /** n (0..32) bits, two's complement. */
  private bitsS(n: number): number {
    if (n === 0) return 0;
    const p = this.p;
    if (p + n > this.endBits) throw NEED_MORE;
    const byte = p >>> 3;
    const s = p & 7;
    const w = (this.dv.getUint32(byte) << s) | (this.u8[byte + 4] >>> (8 - s));
    this.p = p + n;
    return w >> (32 - n);
  }

  private subframe(c: number, n: number, bps: number): void {
    const out = this.samples[c];
    const kernel = this.kernel;
    const head = this.bitsU(8);
    if (head & 0x80) throw new FlacFrameError('subframe padding bit set');
    const type = (head >>> 1) & 0x3f;
    let wasted = 0;
    if (head & 1) {
      wasted = 1;
      while (this.bitsU(1) === 0) {
        wasted++;
        if (wasted >= bps) throw new FlacFrameError('wasted bits exceed the sample size');
      }
      bps -= wasted;
    }
    if (type === 0) {
      const v = this.bitsS(bps);
      out.fill(v, 0, n);
    } else if (type === 1) {
      for (let i = 0; i < n; i++) out[i] = this.bitsS(bps);
    } else if (type >= 8 && type <= 12) {
      const order = type - 8;
      if (order > n) throw new FlacFrameError('predictor order exceeds the block size');
      for (let i = 0; i < order; i++) out[i] = this.bitsS(bps);
      this.residual(c, n, order);
      if (kernel) kernel.fixed(c, n, order);
      else fixedPredict(out, n, order);
    } else if (type >= 32) {
      const order = type - 31;
      if (order > n) throw new FlacFrameError('predictor order exceeds the block size');
      for (let i = 0; i < order; i++) out[i] = this.bitsS(bps);
      const precision = this.bitsU(4) + 1;
      if (precision === 16) throw new FlacFrameError('invalid LPC coefficient precision');
      const shift = this.bitsS(5);
      if (shift < 0) throw new FlacFrameError('negative LPC shift');
      const coefs = kernel ? kernel.coefs : this.coefs;
      for (let j = 0; j < order; j++) coefs[j] = this.bitsS(precision);
      this.residual(c, n, order);
      // |sum| <= Σ|c|·2^(bps-1): when that stays below 2^31 the int32 sums are exact (libFLAC makes the same
      // choice from the coefficients, FLAC__lpc_max_prediction_before_shift_bps).
      let sumAbs = 0;
      for (let j = 0; j < order; j++) sumAbs += Math.abs(coefs[j]);
      const narrow = sumAbs * 2 ** (bps - 1) < 2 ** 31;
      if (kernel) kernel.lpc(c, n, order, shift, !narrow);
      else if (narrow) lpcPredict32(out, n, coefs, order, shift);
      else lpcPredictWide(out, n, coefs, order, shift);
    } else {
      throw new FlacFrameError('reserved subframe type');
    }
    if (wasted) for (let i = 0; i < n; i++) out[i] <<= wasted;
  }

  private residual(c: number, n: number, order: number): void {
    const out = this.samples[c];
    const method = this.bitsU(2);
    if (method > 1) throw new FlacFrameError('reserved residual coding method');
    const paramBits = method === 0 ? 4 : 5;
    const escape = method === 0 ? 15 : 31;
    const partitionOrder = this.bitsU(4);
    const parts = 1 << partitionOrder;
    const perPart = n >>> partitionOrder;
    if (perPart << partitionOrder !== n || perPart < order) throw new FlacFrameError('invalid residual partition order');
    if (this.kernel) {
      const p = this.kernel.residual(this.p, this.endBits, c, n, order, partitionOrder, paramBits);
      if (p < 0) throw NEED_MORE;
      this.p = p;
      return;
    }
    let i = order;
    for (let part = 0; part < parts; part++) {
      const k = this.bitsU(paramBits);
      const to = (part + 1) * perPart;
      if (k === escape) {
        const raw = this.bitsU(5);
        for (; i < to; i++) out[i] = this.bitsS(raw);
      } else {
        this.p = rice(this.u8, this.dv, this.p, this.endBits, out, i, to, k);
        i = to;
      }
    }
  }
}

/**
 * Rice-coded residuals out[from..to) with parameter k; returns the new bit position. One 32-bit window is loaded per
 * pass and every code that lies wholly inside it is decoded from it (two or three at typical k), so most codes cost
 * no memory read.
 */
function rice(u8: Uint8Array, dv: DataView, p: number, endBits: number, out: Int32Array, from: number, to: number, k: number): number {
  const kShift = 32 - k;
  // Far from the end of the bytes (each code takes at most 32 + k bits outside the long-quotient path, which checks
  // for itself), the per-window bounds check is skipped.
  let unchecked = p + (to - from) * (33 + k) <= endBits;
  let i = from;
  while (i < to) {
    if (!unchecked && p > endBits) throw NEED_MORE;
    let byte = p >>> 3;
    let s = p & 7;
    // The 32 bits from p on.
    let w = (dv.getUint32(byte) << s) | (u8[byte + 4] >>> (8 - s));
    let q = Math.clz32(w);
    if (q === 32) {
      // A quotient of 32 or more zero bits: count them a window at a time (and check bounds from here on).
      unchecked = false;
      q = 0;
      do {
        q += 32;
        p += 32;
        if (p > endBits) throw NEED_MORE;
        byte = p >>> 3;
        s = p & 7;
        w = (dv.getUint32(byte) << s) | (u8[byte + 4] >>> (8 - s));
      } while (w === 0);
      const z = Math.clz32(w);
      q += z;
      p += z + 1;
      let v = 0;
      if (k) {
        byte = p >>> 3;
        s = p & 7;
        v = ((dv.getUint32(byte) << s) | (u8[byte + 4] >>> (8 - s))) >>> kShift;
        p += k;
      }
      const u = (q << k) | v;
      out[i++] = (u >>> 1) ^ -(u & 1);
      continue;
    }
    if (q + 1 + k > 32) {
      // The code runs past the window: its k low bits come from a second read.
      p += q + 1;
      byte = p >>> 3;
      s = p & 7;
      const u = (q << k) | (((dv.getUint32(byte) << s) | (u8[byte + 4] >>> (8 - s))) >>> kShift);
      p += k;
      out[i++] = (u >>> 1) ^ -(u & 1);
      continue;
    }
    // Codes wholly inside the window; the bits shifted in below the valid ones are zeros, so a code whose quotient
    // reaches them fails the length test and waits for the next window.
    let valid = 32;
    for (;;) {
      const len = q + 1 + k;
      const u = k === 0 ? q : (q << k) | ((w << (q + 1)) >>> kShift);
      out[i++] = (u >>> 1) ^ -(u & 1);
      p += len;
      valid -= len;
      if (i >= to || valid <= k) break;
      w <<= len;
      q = Math.clz32(w);
      if (q + 1 + k > valid) break;
    }
  }
  if (p > endBits) throw NEED_MORE;
  return p;
}

/** FIXED predictors of order 0..4 (format.html "FIXED subframe"): out holds warm-up then residuals. */
function fixedPredict(s: Int32Array, n: number, order: number): void {
  switch (order) {
    case 1: for (let i = 1; i < n; i++) s[i] += s[i - 1]; break;
    case 2: for (let i = 2; i < n; i++) s[i] += 2 * s[i - 1] - s[i - 2]; break;
    case 3: for (let i = 3; i < n; i++) s[i] += 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3]; break;
    case 4: for (let i = 4; i < n; i++) s[i] += 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4]; break;
  }
}

/** LPC with 32-bit sums (exact when libFLAC's bound holds); unrolled loops for the orders libFLAC's presets use. */
function lpcPredict32(s: Int32Array, n: number, c: Int32Array, order: number, shift: number): void {
  const taps = order <= 4 ? 4 : order <= 8 ? 8 : order <= 12 ? 12 : 0;
  if (taps === 0 || n <= taps) {
    lpcGeneric32(s, order, n, c, order, shift);
    return;
  }
  c.fill(0, order, taps);
  lpcGeneric32(s, order, taps, c, order, shift);
  if (taps === 4) lpc4(s, n, c, shift);
  else if (taps === 8) lpc8(s, n, c, shift);
  else lpc12(s, n, c, shift);
}

function lpcGeneric32(s: Int32Array, from: number, to: number, c: Int32Array, order: number, shift: number): void {
  for (let i = from; i < to; i++) {
    let sum = 0;
    for (let j = 0; j < order; j++) sum = (sum + Math.imul(c[j], s[i - 1 - j])) | 0;
    s[i] += sum >> shift;
  }
}

/**
 * 4 taps (coefficients past the order are zero), the history in locals: no loads but s[i]. The newest sample's term
 * is added last, so each sample waits on one multiply-add (the sum is exact in float64 whatever the order: < 2^36).
 */
function lpc4(s: Int32Array, n: number, c: Int32Array, shift: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let x1 = s[3];
  let x2 = s[2];
  let x3 = s[1];
  let x4 = s[0];
  for (let i = 4; i < n; i++) {
    const v = s[i] + ((Math.imul(c1, x2) + Math.imul(c2, x3) + Math.imul(c3, x4) + Math.imul(c0, x1)) >> shift);
    s[i] = v;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

/** 8 taps (coefficients past the order are zero), the history in locals: no loads but s[i]. */
function lpc8(s: Int32Array, n: number, c: Int32Array, shift: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  let x1 = s[7];
  let x2 = s[6];
  let x3 = s[5];
  let x4 = s[4];
  let x5 = s[3];
  let x6 = s[2];
  let x7 = s[1];
  let x8 = s[0];
  for (let i = 8; i < n; i++) {
    const v = s[i] + ((Math.imul(c1, x2) + Math.imul(c2, x3) + Math.imul(c3, x4) + Math.imul(c4, x5) + Math.imul(c5, x6) + Math.imul(c6, x7) + Math.imul(c7, x8) + Math.imul(c0, x1)) >> shift);
    s[i] = v;
    x8 = x7;
    x7 = x6;
    x6 = x5;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

/** 12 taps (coefficients past the order are zero), the history in locals: no loads but s[i]. */
function lpc12(s: Int32Array, n: number, c: Int32Array, shift: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  const c8 = c[8];
  const c9 = c[9];
  const c10 = c[10];
  const c11 = c[11];
  let x1 = s[11];
  let x2 = s[10];
  let x3 = s[9];
  let x4 = s[8];
  let x5 = s[7];
  let x6 = s[6];
  let x7 = s[5];
  let x8 = s[4];
  let x9 = s[3];
  let x10 = s[2];
  let x11 = s[1];
  let x12 = s[0];
  for (let i = 12; i < n; i++) {
    const v = s[i] + ((Math.imul(c1, x2) + Math.imul(c2, x3) + Math.imul(c3, x4) + Math.imul(c4, x5) + Math.imul(c5, x6) + Math.imul(c6, x7) + Math.imul(c7, x8) + Math.imul(c8, x9) + Math.imul(c9, x10) + Math.imul(c10, x11) + Math.imul(c11, x12) + Math.imul(c0, x1)) >> shift);
    s[i] = v;
    x12 = x11;
    x11 = x10;
    x10 = x9;
    x9 = x8;
    x8 = x7;
    x7 = x6;
    x6 = x5;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

/**
 * LPC with float64 sums (24-bit audio): products < 2^40 and sums < 2^45 stay exact, and floor(sum · 2^-shift) is
 * the arithmetic shift. Unrolled like the 32-bit loops; the newest sample's term is added last, already scaled
 * (exact: the scaled sum is an integer < 2^45 times a power of two), so each sample waits on one multiply-add.
 */
function lpcPredictWide(s: Int32Array, n: number, c: Int32Array, order: number, shift: number): void {
  const scale = 2 ** -shift;
  const taps = order <= 4 ? 4 : order <= 8 ? 8 : order <= 12 ? 12 : 0;
  if (taps === 0 || n <= taps) {
    lpcWideGeneric(s, order, n, c, order, scale);
    return;
  }
  c.fill(0, order, taps);
  lpcWideGeneric(s, order, taps, c, order, scale);
  if (taps === 4) lpcWide4(s, n, c, scale);
  else if (taps === 8) lpcWide8(s, n, c, scale);
  else lpcWide12(s, n, c, scale);
}

function lpcWideGeneric(s: Int32Array, from: number, to: number, c: Int32Array, order: number, scale: number): void {
  for (let i = from; i < to; i++) {
    let sum = 0;
    for (let j = 0; j < order; j++) sum += c[j] * s[i - 1 - j];
    s[i] += Math.floor(sum * scale);
  }
}

function lpcWide4(s: Int32Array, n: number, c: Int32Array, scale: number): void {
  const c0 = c[0] * scale;
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let x1 = s[3];
  let x2 = s[2];
  let x3 = s[1];
  let x4 = s[0];
  for (let i = 4; i < n; i++) {
    const v = s[i] + Math.floor((c1 * x2 + c2 * x3 + c3 * x4) * scale + c0 * x1);
    s[i] = v;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

function lpcWide8(s: Int32Array, n: number, c: Int32Array, scale: number): void {
  const c0 = c[0] * scale;
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  let x1 = s[7];
  let x2 = s[6];
  let x3 = s[5];
  let x4 = s[4];
  let x5 = s[3];
  let x6 = s[2];
  let x7 = s[1];
  let x8 = s[0];
  for (let i = 8; i < n; i++) {
    const v = s[i] + Math.floor((c1 * x2 + c2 * x3 + c3 * x4 + c4 * x5 + c5 * x6 + c6 * x7 + c7 * x8) * scale + c0 * x1);
    s[i] = v;
    x8 = x7;
    x7 = x6;
    x6 = x5;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

function lpcWide12(s: Int32Array, n: number, c: Int32Array, scale: number): void {
  const c0 = c[0] * scale;
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  const c8 = c[8];
  const c9 = c[9];
  const c10 = c[10];
  const c11 = c[11];
  let x1 = s[11];
  let x2 = s[10];
  let x3 = s[9];
  let x4 = s[8];
  let x5 = s[7];
  let x6 = s[6];
  let x7 = s[5];
  let x8 = s[4];
  let x9 = s[3];
  let x10 = s[2];
  let x11 = s[1];
  let x12 = s[0];
  for (let i = 12; i < n; i++) {
    const v = s[i] + Math.floor((c1 * x2 + c2 * x3 + c3 * x4 + c4 * x5 + c5 * x6 + c6 * x7 + c7 * x8 + c8 * x9 + c9 * x10 + c10 * x11 + c11 * x12) * scale + c0 * x1);
    s[i] = v;
    x12 = x11;
    x11 = x10;
    x10 = x9;
    x9 = x8;
    x8 = x7;
    x7 = x6;
    x6 = x5;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = v;
  }
}

/** Stereo decorrelation (format.html "Channel assignment"): 8 left/side, 9 side/right, 10 mid/side. */
function decorrelate(assignment: number, a: Int32Array, b: Int32Array, n: number): void {
  if (assignment === 8) {
    for (let i = 0; i < n; i++) b[i] = a[i] - b[i];
  } else if (assignment === 9) {
    for (let i = 0; i < n; i++) a[i] += b[i];
  } else {
    for (let i = 0; i < n; i++) {
      const side = b[i];
      const mid = (a[i] << 1) | (side & 1);
      a[i] = (mid + side) >> 1;
      b[i] = (mid - side) >> 1;
    }
  }
}
