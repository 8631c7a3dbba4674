// The codec inside a container no bundled reader decodes, read from its header, so that the error can say
// "MPEG-4 file with AAC audio" and the user knows what ffmpeg would be asked to decode. Header layouts: ISO/IEC 14496-12
// (stsd) and 14496-1 (esds), the ASF specification (Stream Properties Object), the Matroska CodecID list, Apple's
// CAF specification (desc chunk), Sun's .au header.
import { closeSync, openSync, readSync } from 'node:fs';

/** Positioned read of up to n bytes (fewer at the end of the file). */
export type ReadAt = (at: number, n: number) => Uint8Array;

/** How far into a file the sniffers look (the ASF and Matroska headers, an MP4 moov box). */
const SNIFF_BYTES = 1 << 20;
/** Top-level MP4 boxes walked to find moov (after ftyp, free, mdat, ...). */
const MAX_TOP_LEVEL_BOXES = 64;

export type ForeignKind = 'mp4' | 'asf' | 'matroska' | 'caf' | 'au';

/** The codec's usual name ("AAC", "WMA 2", "Opus"), or null when the header does not say within reach. */
export function foreignCodec(absPath: string, kind: ForeignKind): string | null {
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch {
    return null;
  }
  try {
    const read: ReadAt = (at, n) => {
      const b = new Uint8Array(Math.max(0, Math.min(n, SNIFF_BYTES)));
      return b.subarray(0, readSync(fd, b, 0, b.length, at));
    };
    return SNIFFERS[kind](read);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

const SNIFFERS: Record<ForeignKind, (read: ReadAt) => string | null> = {
  mp4: mp4Codec,
  asf: (read) => asfCodec(read(0, 1 << 16)),
  matroska: (read) => matroskaCodec(read(0, 1 << 16)),
  caf: (read) => cafCodec(read(0, 64)),
  au: (read) => auCodec(read(0, 24)),
};

const MP4_AUDIO: Record<string, string> = {
  mp4a: 'AAC', alac: 'ALAC', 'ac-3': 'AC-3', 'ec-3': 'E-AC-3', Opus: 'Opus', fLaC: 'FLAC', samr: 'AMR-NB',
  sawb: 'AMR-WB', '.mp3': 'MP3', sowt: 'PCM', twos: 'PCM', lpcm: 'PCM', in24: 'PCM', in32: 'PCM', fl32: 'float PCM',
  fl64: 'float PCM', ulaw: 'µ-law', alaw: 'A-law', ima4: 'IMA ADPCM',
};

/** Walks the top-level boxes to moov, then the first audio sample entry of an stsd box. */
export function mp4Codec(read: ReadAt): string | null {
  let at = 0;
  for (let i = 0; i < MAX_TOP_LEVEL_BOXES; i++) {
    const h = read(at, 16);
    if (h.length < 8) return null;
    let size = u32be(h, 0);
    let header = 8;
    if (size === 1 && h.length >= 16) {
      size = u32be(h, 8) * 2 ** 32 + u32be(h, 12);
      header = 16;
    }
    if (ascii(h, 4, 4) === 'moov') return stsdCodec(read(at + header, size === 0 ? SNIFF_BYTES : size - header));
    if (size < header) return null;
    at += size;
  }
  return null;
}

function stsdCodec(moov: Uint8Array): string | null {
  for (let p = indexOf(moov, 'stsd', 0); p >= 0; p = indexOf(moov, 'stsd', p + 4)) {
    // stsd: size, 'stsd', version+flags, entry count, then the first entry's size and format.
    const fourcc = ascii(moov, p + 16, 4);
    const codec = MP4_AUDIO[fourcc];
    if (!codec) continue;
    if (fourcc === 'mp4a') return mp4aObjectType(moov, p + 16) ?? codec;
    return codec;
  }
  return null;
}

/** mp4a also carries MP3 and others: the esds DecoderConfigDescriptor's objectTypeIndication says which. */
function mp4aObjectType(moov: Uint8Array, from: number): string | null {
  const esds = indexOf(moov, 'esds', from);
  if (esds < 0 || esds > from + 256) return null;
  let p = esds + 8; // 'esds', version+flags
  const descriptor = (tag: number): boolean => {
    if (moov[p] !== tag) return false;
    p++;
    for (let i = 0; i < 4 && moov[p++] & 0x80; i++); // expandable size: 1-4 bytes, high bit = more
    return true;
  };
  if (!descriptor(0x03)) return null;
  const flags = moov[p + 2];
  p += 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x20 ? 2 : 0); // ES_ID, flags, dependsOn, OCR ES_ID
  if (flags & 0x40) p += 1 + moov[p]; // URL
  if (!descriptor(0x04)) return null;
  // ISO/IEC 14496-1 objectTypeIndication: 0x40 MPEG-4 audio, 0x66-0x68 MPEG-2 AAC, 0x69/0x6B MPEG-1/2 layer 3.
  const type = moov[p];
  if (type === 0x40 || (type >= 0x66 && type <= 0x68)) return 'AAC';
  if (type === 0x69 || type === 0x6b) return 'MP3';
  return null;
}

/** WAVEFORMATEX wFormatTag values of the codecs ASF files carry (Microsoft mmreg.h). */
const ASF_FORMAT_TAGS: Record<number, string> = {
  0x0001: 'PCM', 0x0003: 'float PCM', 0x0055: 'MP3', 0x000a: 'WMA Voice', 0x0160: 'WMA 1', 0x0161: 'WMA 2',
  0x0162: 'WMA Pro', 0x0163: 'WMA Lossless',
};
/** ASF_Audio_Media GUID F8699E40-5B4D-11CF-A8FD-00805F5C442B as stored (first three fields little-endian). */
const ASF_AUDIO_MEDIA = [0x40, 0x9e, 0x69, 0xf8, 0x4d, 0x5b, 0xcf, 0x11, 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b];

export function asfCodec(head: Uint8Array): string | null {
  const at = indexOfBytes(head, ASF_AUDIO_MEDIA);
  // Stream Properties Object: the stream type GUID sits at +24, its type-specific data (WAVEFORMATEX) at +78.
  if (at < 0 || at + 56 > head.length) return null;
  const tag = head[at + 54] | (head[at + 55] << 8);
  return ASF_FORMAT_TAGS[tag] ?? `format tag 0x${tag.toString(16).padStart(4, '0')}`;
}

const MATROSKA_CODECS: Record<string, string> = {
  A_OPUS: 'Opus', A_VORBIS: 'Vorbis', A_FLAC: 'FLAC', A_ALAC: 'ALAC', 'A_MPEG/L3': 'MP3', 'A_MPEG/L2': 'MP2', A_AC3: 'AC-3',
  A_EAC3: 'E-AC-3', A_DTS: 'DTS', A_TRUEHD: 'TrueHD', A_WAVPACK4: 'WavPack', 'A_PCM/INT/LIT': 'PCM', 'A_PCM/INT/BIG': 'PCM',
  'A_PCM/FLOAT/IEEE': 'float PCM', A_TTA1: 'TTA', A_QUICKTIME: 'QuickTime audio', A_MS: 'ACM audio',
};

/** The first audio CodecID element (EBML id 0x86, a one-byte size, then "A_..."). */
export function matroskaCodec(head: Uint8Array): string | null {
  for (let p = indexOf(head, 'A_', 0); p >= 0; p = indexOf(head, 'A_', p + 2)) {
    const size = head[p - 1] & 0x7f;
    if (head[p - 2] !== 0x86 || !(head[p - 1] & 0x80) || p + size > head.length) continue;
    const id = ascii(head, p, size).replace(/\0+$/, '');
    if (MATROSKA_CODECS[id]) return MATROSKA_CODECS[id];
    if (id.startsWith('A_AAC')) return 'AAC';
    return id.slice(2);
  }
  return null;
}

const CAF_FORMATS: Record<string, string> = {
  lpcm: 'PCM', alac: 'ALAC', 'aac ': 'AAC', ulaw: 'µ-law', alaw: 'A-law', '.mp3': 'MP3', ima4: 'IMA ADPCM', opus: 'Opus',
  flac: 'FLAC', 'ac-3': 'AC-3', samr: 'AMR-NB',
};

/** CAF: the desc chunk follows the 8-byte file header; mFormatID follows its 12-byte header and the f64 rate. */
export function cafCodec(head: Uint8Array): string | null {
  if (ascii(head, 8, 4) !== 'desc') return null;
  const id = ascii(head, 28, 4);
  return id ? CAF_FORMATS[id] ?? `'${id}'` : null;
}

const AU_ENCODINGS: Record<number, string> = {
  1: 'µ-law', 2: '8-bit PCM', 3: '16-bit PCM', 4: '24-bit PCM', 5: '32-bit PCM', 6: 'float PCM', 7: 'double PCM',
  23: 'G.721 ADPCM', 27: 'A-law',
};

export function auCodec(head: Uint8Array): string | null {
  if (head.length < 16) return null;
  const e = u32be(head, 12);
  return AU_ENCODINGS[e] ?? `encoding ${e}`;
}

function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}
function ascii(b: Uint8Array, at: number, n: number): string {
  return b.length < at + n || at < 0 ? '' : String.fromCharCode(...b.subarray(at, at + n));
}
function indexOf(b: Uint8Array, s: string, from: number): number {
  return indexOfBytes(b, Array.from(s, (c) => c.charCodeAt(0)), from);
}
function indexOfBytes(b: Uint8Array, pattern: readonly number[], from = 0): number {
  return Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(Uint8Array.from(pattern), Math.max(0, from));
}
