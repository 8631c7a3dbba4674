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
const WAVE_FORMAT_PCM = 0x0001;
const EXTENSIBLE = 0xfffe;
// The subformat GUIDs libsndfile accepts (wavlike.c): KSDATAFORMAT_SUBTYPE_* {0000XXXX-0000-0010-8000-00aa00389b71}
// and the Ambisonic B-format ones {0000000X-0721-11d3-8644-c8c1ca000000}; Data4 is the same bytes in either byte order.
const KS_DATA4 = [0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const AMBISONIC_DATA4 = [0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00];
const MAX_CHUNKS = 10_000;
const UINT32_UNKNOWN = 0xffffffff;

interface Fmt {
  /** The fmt chunk's own format tag (0xFFFE for WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  encoding: Encoding;
  channels: number;
  sampleRate: number;
  /** nBlockAlign as declared; the frames are read with channels x container bytes, as libsndfile does. */
  declaredAlign: number;
  /** wBitsPerSample as declared (12 for 12-bit audio in 16-bit containers). */
  declaredBits: number;
  /** WAVE_FORMAT_EXTENSIBLE wValidBitsPerSample, or 0. */
  extensibleValidBits: number;
}

/** How the samples are read: container bits, frame size, and what the header said otherwise. */
interface Frame {
  encoding: Encoding;
  bitsPerSample: number;
  validBits: number;
  blockAlign: number;
  notes: string[];
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
  const frame = await frameOf(fmt, src);
  let declaredDataBytes = data.declared;
  if (container === 'RF64' && data.declared === UINT32_UNKNOWN) {
    if (ds64DataBytes === undefined) throw new WavError('RF64 file without a ds64 chunk giving the data size');
    declaredDataBytes = ds64DataBytes;
  }
  const available = Math.max(0, src.size - data.offset);
  const truncated = declaredDataBytes > available;
  const usable = Math.min(declaredDataBytes, available);
  const frames = Math.floor(usable / frame.blockAlign);
  return {
    container: container as Container,
    encoding: frame.encoding,
    bitsPerSample: frame.bitsPerSample,
    validBits: frame.validBits,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    frames,
    durationSec: frames / fmt.sampleRate,
    bigEndian,
    blockAlign: frame.blockAlign,
    dataOffset: data.offset,
    declaredDataBytes,
    dataBytes: frames * frame.blockAlign,
    truncated,
    fileBytes: src.size,
    notes: frame.notes,
  };
}

function parseFmt(b: Uint8Array, size: number, bigEndian: boolean): Fmt {
  if (size < 16 || b.length < 16) throw new WavError(`the fmt chunk is ${Math.min(size, b.length)} bytes, fewer than the 16 it needs`);
  const formatTag = u16(b, 0, bigEndian);
  const channels = u16(b, 2, bigEndian);
  const sampleRate = u32(b, 4, bigEndian);
  const declaredAlign = u16(b, 12, bigEndian);
  const declaredBits = u16(b, 14, bigEndian);
  let tag = formatTag;
  let extensibleValidBits = 0;
  if (formatTag === EXTENSIBLE) {
    if (b.length < 40) throw new WavError('WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    extensibleValidBits = u16(b, 18, bigEndian);
    tag = subformatTag(b.subarray(24, 40), bigEndian);
  }
  const encoding = FORMAT_TAGS[tag];
  if (!encoding) throw new WavError(`unsupported encoding: format tag 0x${tag.toString(16).padStart(4, '0')}${KNOWN_TAGS[tag] ? ` (${KNOWN_TAGS[tag]})` : ''}`);
  if (channels === 0) throw new WavError('the fmt chunk declares 0 channels');
  if (sampleRate === 0) throw new WavError('the fmt chunk declares a sample rate of 0 Hz');
  return { formatTag, encoding, channels, sampleRate, declaredAlign, declaredBits, extensibleValidBits };
}

/**
 * The GUID's Data1, Data2 and Data3 are in the file's byte order (little-endian in RIFF, big-endian in RIFX, as
 * libsndfile's wavlike_read_fmt_chunk reads them with psf_binheader_readf "422"), Data4 is 8 plain bytes.
 */
function subformatTag(g: Uint8Array, bigEndian: boolean): number {
  const data1 = u32(g, 0, bigEndian);
  const data2 = u16(g, 4, bigEndian);
  const data3 = u16(g, 6, bigEndian);
  const data4 = Array.from(g.subarray(8, 16));
  const same = (want: number[]) => data4.every((v, i) => v === want[i]);
  const ks = data2 === 0x0000 && data3 === 0x0010 && same(KS_DATA4) && FORMAT_TAGS[data1] !== undefined;
  const ambisonic = data2 === 0x0721 && data3 === 0x11d3 && same(AMBISONIC_DATA4) && (data1 === 1 || data1 === 3);
  if (ks || ambisonic) return data1;
  const guid = `{${hex(data1, 8)}-${hex(data2, 4)}-${hex(data3, 4)}-${bytesHex(data4.slice(0, 2))}-${bytesHex(data4.slice(2))}}`;
  throw new WavError(`unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat GUID ${guid} is not PCM, float, A-law or µ-law`);
}

/**
 * libsndfile's reading of the sample size (wavlike.c, pcm.c): the container is the declared bits rounded up to whole
 * bytes (BITWIDTH2BYTES), a frame is channels x container bytes whatever nBlockAlign says, and wValidBitsPerSample is
 * informational. The one exception: 24-bit PCM declared with 4-byte blocks, which it settles by looking at the data.
 */
async function frameOf(fmt: Fmt, src: ByteSource): Promise<Frame> {
  const { encoding, channels, declaredBits: bits, declaredAlign } = fmt;
  const notes: string[] = [];
  const container = Math.ceil(bits / 8) * 8;
  const ok =
    encoding === 'pcm' ? bits >= 1 && bits <= 32 :
    encoding === 'float' ? bits === 32 || bits === 64 :
    bits === 8;
  if (!ok) throw new WavError(`unsupported encoding: ${bits}-bit ${encoding}`);
  let validBits = encoding === 'pcm' ? bits : container;
  const extValid = fmt.extensibleValidBits;
  if (extValid !== 0 && encoding === 'pcm' && extValid <= container) validBits = extValid;
  else if (extValid !== 0 && extValid !== validBits) {
    const kind = ENCODING_NAMES[encoding];
    notes.push(`WAVE_FORMAT_EXTENSIBLE declares ${extValid} valid bits in ${container}-bit ${kind} samples; read as ${container}-bit ${kind}, as libsndfile does.`);
  }
  const blockAlign = channels * (container / 8);
  const frame: Frame = { encoding, bitsPerSample: container, validBits, blockAlign, notes };

  if (fmt.formatTag === WAVE_FORMAT_PCM && bits === 24 && declaredAlign === 4 * channels) {
    const found = await detect24In32(src);
    const shape = `The fmt chunk declares 24-bit PCM with a blockAlign of ${declaredAlign} (4 bytes per sample)`;
    if (found === 'float') {
      notes.push(`${shape}; libsndfile's content test recognizes 32-bit float data in it (Cool Edit's mislabelled float files), so it was read as 32-bit float, as libsndfile does.`);
      return { encoding: 'float', bitsPerSample: 32, validBits: 32, blockAlign: 4 * channels, notes };
    }
    if (found === 'pcm32') {
      notes.push(`${shape}; libsndfile's content test recognizes 24-bit samples in 32-bit containers (ALSA's arecord), so it was read as 32-bit PCM, as libsndfile does.`);
      return { encoding: 'pcm', bitsPerSample: 32, validBits: 24, blockAlign: 4 * channels, notes };
    }
    notes.push(`${shape}; libsndfile's content test found neither 24-in-32 nor float data, so it was read with ${blockAlign}-byte frames of 24-bit samples, as libsndfile does.`);
    return frame;
  }
  if (declaredAlign !== blockAlign) {
    const samples = bits === container ? `${bits}-bit samples` : `${bits}-bit samples in ${container}-bit containers`;
    const need = channels === 1 ? `1 channel of ${samples} needs` : `${channels} channels of ${samples} need`;
    notes.push(`The fmt chunk's blockAlign is ${declaredAlign} but ${need} ${blockAlign}; read with ${blockAlign}-byte frames, as libsndfile does.`);
  }
  return frame;
}

const DETECT_FROM = 600;
const DETECT_BLOCK = 4096;
const DETECT_READ = 64 * DETECT_BLOCK;

/**
 * libsndfile's audio_detect.c vote, run by wavlike_analyze on 4096-byte blocks from file offset 600 until one decides:
 * float when bytes 0 and 3 of the block look like a little-endian float of magnitude 2^9..2^23, 24-in-32 when more
 * than 3/4 of the 4-byte groups have a zero low byte and a non-zero next byte. Its quirk is kept: the second 24-in-32
 * test looks at bytes 2 and 3 of the block for every group, not at the group's own bytes.
 */
async function detect24In32(src: ByteSource): Promise<'float' | 'pcm32' | null> {
  for (let pos = DETECT_FROM; pos + DETECT_BLOCK <= src.size; pos += DETECT_READ) {
    const buf = await src.read(pos, DETECT_READ);
    for (let at = 0; at + DETECT_BLOCK <= buf.length; at += DETECT_BLOCK) {
      const d = buf.subarray(at, at + DETECT_BLOCK);
      if (d[0] !== 0 && d[3] > 0x43 && d[3] < 0x4b) return 'float';
      let votes = d[2] !== 0 && d[3] === 0 ? DETECT_BLOCK : 0;
      for (let k = 0; k < DETECT_BLOCK; k += 4) if (d[k] === 0 && d[k + 1] !== 0) votes += 4;
      if (votes > (3 * DETECT_BLOCK) / 4) return 'pcm32';
    }
  }
  return null;
}

const ENCODING_NAMES: Record<Encoding, string> = { pcm: 'PCM', float: 'float', alaw: 'A-law', mulaw: 'µ-law' };
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
function hex(v: number, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}
function bytesHex(b: number[]): string {
  return b.map((v) => hex(v, 2)).join('');
}
