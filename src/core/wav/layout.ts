// WAV header parsing by walking chunks with small positioned reads, so the data chunk is never loaded.
// wavefile (the project's WAV library) reads whole files into memory, so it only writes fixtures in the tests;
// this parser and src/core/wav/decode.ts handle the streamed read.
import type { WavLayout } from '../types';
type Container = WavLayout['container'];
type Encoding = WavLayout['encoding'];
import { WavError } from './wavError';

/** Positioned reads from the file; returns fewer bytes at the end of the file. */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Promise<Uint8Array>;
}

const FORMAT_TAGS: Record<number, Encoding> = { 0x0001: 'pcm', 0x0003: 'float', 0x0006: 'alaw', 0x0007: 'mulaw' };
const EXTENSIBLE = 0xfffe;
// KSDATAFORMAT_SUBTYPE_* GUIDs share this tail after their 2-byte (then 2 zero bytes) format tag.
const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const MAX_CHUNKS = 10_000;
const UINT32_UNKNOWN = 0xffffffff;

interface Fmt {
  encoding: Encoding;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  validBits: number;
}

export async function parseLayout(src: ByteSource): Promise<WavLayout> {
  if (src.size === 0) throw new WavError('the file is empty (0 bytes)');
  const head = await src.read(0, 12);
  if (head.length < 12) throw new WavError(`the file is only ${head.length} bytes, too short for a RIFF header`);
  const magic = ascii(head, 0);
  const container = (['RIFF', 'RIFX', 'RF64'] as const).find((c) => c === magic);
  if (!container) throw new WavError(`not a WAV file: it starts with ${JSON.stringify(printable(magic))}, not RIFF/RIFX/RF64`);
  if (ascii(head, 8) !== 'WAVE') throw new WavError(`not a WAV file: the RIFF form type is ${JSON.stringify(printable(ascii(head, 8)))}, not WAVE`);
  const bigEndian = container === 'RIFX';

  let fmt: Fmt | undefined;
  let ds64DataBytes: number | undefined;
  let data: { offset: number; declared: number } | undefined;
  let pos = 12;
  for (let n = 0; n < MAX_CHUNKS && pos + 8 <= src.size; n++) {
    const h = await src.read(pos, 8);
    const id = ascii(h, 0);
    const size = u32(h, 4, bigEndian);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (fmt) throw new WavError('the file has two fmt chunks');
      fmt = parseFmt(await src.read(body, Math.min(size, 64)), size, bigEndian);
    } else if (id === 'ds64') {
      if (container !== 'RF64') throw new WavError('a ds64 chunk in a non-RF64 file');
      const b = await src.read(body, 28);
      if (b.length < 16) throw new WavError('the ds64 chunk is cut short');
      ds64DataBytes = u64(b, 8);
    } else if (id === 'data') {
      if (!data) data = { offset: body, declared: size };
      // A data size past the end (or 0xFFFFFFFF from a streaming recorder) ends the walk: nothing follows it.
      if (body + size > src.size || size === UINT32_UNKNOWN) break;
    }
    pos = body + size + (size & 1);
  }

  if (!fmt) throw new WavError('the fmt chunk is missing');
  if (!data) throw new WavError('the data chunk is missing');
  let declaredDataBytes = data.declared;
  if (container === 'RF64' && data.declared === UINT32_UNKNOWN) {
    if (ds64DataBytes === undefined) throw new WavError('RF64 file without a ds64 chunk giving the data size');
    declaredDataBytes = ds64DataBytes;
  }
  const available = Math.max(0, src.size - data.offset);
  const truncated = declaredDataBytes > available;
  const usable = Math.min(declaredDataBytes, available);
  const frames = Math.floor(usable / fmt.blockAlign);
  return {
    container: container as Container,
    encoding: fmt.encoding,
    bitsPerSample: fmt.bitsPerSample,
    validBits: fmt.validBits,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    frames,
    durationSec: frames / fmt.sampleRate,
    bigEndian,
    blockAlign: fmt.blockAlign,
    dataOffset: data.offset,
    declaredDataBytes,
    dataBytes: frames * fmt.blockAlign,
    truncated,
    fileBytes: src.size,
  };
}

function parseFmt(b: Uint8Array, size: number, bigEndian: boolean): Fmt {
  if (size < 16 || b.length < 16) throw new WavError(`the fmt chunk is ${Math.min(size, b.length)} bytes, fewer than the 16 it needs`);
  let tag = u16(b, 0, bigEndian);
  const channels = u16(b, 2, bigEndian);
  const sampleRate = u32(b, 4, bigEndian);
  const blockAlign = u16(b, 12, bigEndian);
  const bitsPerSample = u16(b, 14, bigEndian);
  let validBits = bitsPerSample;
  if (tag === EXTENSIBLE) {
    if (b.length < 40) throw new WavError('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    validBits = u16(b, 18, bigEndian) || bitsPerSample;
    const sub = b.subarray(24, 40);
    tag = u16(sub, 0, bigEndian);
    const tail = Array.from(sub.subarray(4));
    if (sub[2] !== 0 || sub[3] !== 0 || tail.some((v, i) => v !== GUID_TAIL[i])) {
      throw new WavError(`unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat GUID ${guid(sub)} is not PCM, float, A-law or µ-law`);
    }
  }
  const encoding = FORMAT_TAGS[tag];
  if (!encoding) throw new WavError(`unsupported encoding: format tag 0x${tag.toString(16).padStart(4, '0')}${KNOWN_TAGS[tag] ? ` (${KNOWN_TAGS[tag]})` : ''}`);
  if (channels === 0) throw new WavError('the fmt chunk declares 0 channels');
  if (sampleRate === 0) throw new WavError('the fmt chunk declares a sample rate of 0 Hz');
  checkBits(encoding, bitsPerSample, validBits);
  const expectedAlign = channels * Math.ceil(bitsPerSample / 8);
  if (blockAlign !== expectedAlign) {
    throw new WavError(`blockAlign is ${blockAlign} but ${channels} channel(s) of ${bitsPerSample}-bit samples need ${expectedAlign}`);
  }
  return { encoding, channels, sampleRate, blockAlign, bitsPerSample, validBits };
}

function checkBits(encoding: Encoding, bits: number, validBits: number): void {
  const ok =
    encoding === 'pcm' ? [8, 16, 24, 32].includes(bits) :
    encoding === 'float' ? bits === 32 || bits === 64 :
    bits === 8;
  if (!ok) throw new WavError(`unsupported encoding: ${bits}-bit ${encoding}`);
  if (validBits > bits) throw new WavError(`${validBits} valid bits do not fit in ${bits}-bit samples`);
  if (encoding !== 'pcm' && validBits !== bits) throw new WavError(`unsupported encoding: ${validBits} valid bits in ${bits}-bit ${encoding}`);
}

const KNOWN_TAGS: Record<number, string> = { 0x0002: 'Microsoft ADPCM', 0x0011: 'IMA ADPCM', 0x0050: 'MPEG', 0x0055: 'MPEG Layer 3' };

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
function u16(b: Uint8Array, at: number, be: boolean): number {
  return be ? (b[at] << 8) | b[at + 1] : b[at] | (b[at + 1] << 8);
}
function u32(b: Uint8Array, at: number, be: boolean): number {
  return be
    ? ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]
    : ((b[at + 3] << 24) >>> 0) + (b[at + 2] << 16) + (b[at + 1] << 8) + b[at];
}
/** RF64 sizes are little-endian 64-bit; exact below 2^53 bytes. */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at, false) + u32(b, at + 4, false) * 2 ** 32;
}
function guid(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
}
