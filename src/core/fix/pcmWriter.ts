// WAV (RIFF) and AIFF/AIFC headers and interleaved sample bytes for fixed copies. Headers are written twice: a
// placeholder first, the final one (sizes, frame count) over it at offset 0 when the data is complete.
//   WAV: fmt PCM (tag 1) or IEEE float (tag 3, with a fact chunk), little-endian, 8-bit unsigned with 128 as zero.
//   AIFF: big-endian two's complement (8-bit signed); float goes to AIFC 'fl32'/'fl64' (Apple AIFF-C 1991).
import type { OutputFormat } from './outputFormat';

export interface SampleSink {
  /** The header with placeholder sizes. */
  header(): Uint8Array;
  /** Appends frames: integer codes for 'int' outputs, full-scale floats for 'float'. */
  push(planes: readonly ArrayLike<number>[], frames: number): void;
  /** The final header (same length as header(), to write at offset 0) and bytes to append (a chunk's pad byte). */
  finish(): { readonly header: Uint8Array; readonly trailer: Uint8Array };
}

/** Where the largest RIFF/AIFF chunk size (32 bits) stops: bigger outputs would need RF64. */
const MAX_CHUNK_BYTES = 0xffffffff - 64;

export function pcmSink(fmt: OutputFormat, channels: number, sampleRate: number, emit: (bytes: Uint8Array) => void): SampleSink {
  const bytesPer = fmt.bits / 8;
  const le = fmt.container === 'wav';
  let frames = 0;
  let buf = new Uint8Array(0);
  const put = sampleWriter(fmt, le);
  const headerOf = (): Uint8Array => (le ? wavHeader(fmt, channels, sampleRate, frames) : aiffHeader(fmt, channels, sampleRate, frames));
  return {
    header: headerOf,
    push(planes, n) {
      const size = n * channels * bytesPer;
      if ((frames + n) * channels * bytesPer > MAX_CHUNK_BYTES) throw new Error('the output would exceed 4 GiB, the limit of a RIFF/AIFF chunk');
      if (buf.length < size) buf = new Uint8Array(size);
      const view = new DataView(buf.buffer, 0, size);
      const stride = channels * bytesPer;
      for (let c = 0; c < channels; c++) {
        const x = planes[c];
        for (let i = 0, at = c * bytesPer; i < n; i++, at += stride) put(view, at, x[i]);
      }
      emit(buf.subarray(0, size));
      frames += n;
    },
    finish() {
      // RIFF and IFF chunks are padded to an even length.
      const odd = (frames * channels * bytesPer) & 1;
      return { header: headerOf(), trailer: new Uint8Array(odd) };
    },
  };
}

type Put = (v: DataView, at: number, x: number) => void;

/** The one store for this format, picked once (not a switch per sample). */
function sampleWriter(fmt: OutputFormat, le: boolean): Put {
  if (fmt.sample === 'float') {
    return fmt.bits === 32 ? (v, at, x) => v.setFloat32(at, x, le) : (v, at, x) => v.setFloat64(at, x, le);
  }
  switch (fmt.bits) {
    case 8: return le ? (v, at, x) => v.setUint8(at, x + 128) : (v, at, x) => v.setInt8(at, x);
    case 16: return (v, at, x) => v.setInt16(at, x, le);
    case 24: return le
      ? (v, at, x) => { v.setUint8(at, x & 0xff); v.setInt16(at + 1, x >> 8, true); }
      : (v, at, x) => { v.setInt16(at, x >> 8, false); v.setUint8(at + 2, x & 0xff); };
    default: return (v, at, x) => v.setInt32(at, x, le);
  }
}

function wavHeader(fmt: OutputFormat, channels: number, rate: number, frames: number): Uint8Array {
  const float = fmt.sample === 'float';
  const blockAlign = channels * (fmt.bits / 8);
  const dataBytes = frames * blockAlign;
  const fmtBytes = float ? 18 : 16;
  const size = 12 + 8 + fmtBytes + (float ? 12 : 0) + 8;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  let at = 0;
  const tag = (s: string): void => { for (let i = 0; i < 4; i++) b[at++] = s.charCodeAt(i); };
  const u32 = (x: number): void => { v.setUint32(at, x, true); at += 4; };
  const u16 = (x: number): void => { v.setUint16(at, x, true); at += 2; };
  tag('RIFF'); u32(size - 8 + dataBytes + (dataBytes & 1)); tag('WAVE');
  tag('fmt '); u32(fmtBytes);
  u16(float ? 3 : 1); u16(channels); u32(rate); u32(rate * blockAlign); u16(blockAlign); u16(fmt.bits);
  if (float) { u16(0); tag('fact'); u32(4); u32(frames); }
  tag('data'); u32(dataBytes);
  return b;
}

function aiffHeader(fmt: OutputFormat, channels: number, rate: number, frames: number): Uint8Array {
  const float = fmt.sample === 'float';
  const dataBytes = frames * channels * (fmt.bits / 8);
  // AIFC: FVER + COMM with compression type and its Pascal-string name (padded to even length).
  const name = float ? (fmt.bits === 32 ? '32-bit floating point' : '64-bit floating point') : '';
  const pstring = float ? 1 + name.length + ((1 + name.length) & 1) : 0;
  const commBytes = 18 + (float ? 4 + pstring : 0);
  const size = 12 + (float ? 12 : 0) + 8 + commBytes + 16;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  let at = 0;
  const tag = (s: string): void => { for (let i = 0; i < 4; i++) b[at++] = s.charCodeAt(i); };
  const u32 = (x: number): void => { v.setUint32(at, x); at += 4; };
  const u16 = (x: number): void => { v.setUint16(at, x); at += 2; };
  tag('FORM'); u32(size - 8 + dataBytes + (dataBytes & 1)); tag(float ? 'AIFC' : 'AIFF');
  if (float) { tag('FVER'); u32(4); u32(0xa2805140); } // AIFC version 1 timestamp
  tag('COMM'); u32(commBytes); u16(channels); u32(frames); u16(fmt.bits);
  b.set(extended80(rate), at); at += 10;
  if (float) {
    tag(fmt.bits === 32 ? 'fl32' : 'fl64');
    b[at++] = name.length;
    for (let i = 0; i < name.length; i++) b[at++] = name.charCodeAt(i);
    if (((1 + name.length) & 1) === 1) b[at++] = 0;
  }
  tag('SSND'); u32(8 + dataBytes); u32(0); u32(0);
  return b;
}

/**
 * A positive integer sample rate as an 80-bit extended float (the inverse of src/core/aiff/extended.ts):
 * exponent e = ⌊log2 r⌋ biased by 16383, significand r·2^(63−e) with its explicit integer bit.
 */
export function extended80(rate: number): Uint8Array {
  const b = new Uint8Array(10);
  if (rate <= 0) return b;
  const e = Math.floor(Math.log2(rate));
  const v = new DataView(b.buffer);
  v.setUint16(0, e + 16383);
  const hi = rate * 2 ** (31 - e); // the top 32 bits of the significand; exact for integer rates below 2^32
  v.setUint32(2, Math.floor(hi));
  v.setUint32(6, Math.round((hi - Math.floor(hi)) * 2 ** 32));
  return b;
}
