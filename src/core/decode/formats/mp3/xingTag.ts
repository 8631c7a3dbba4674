// The Xing/Info tag in the first frame of a LAME-style stream (frame count, stream bytes) and the LAME tag after it
// (encoder delay and padding): the layout of LAME's VbrTag.c and the "Mp3 Info Tag rev 1" specification
// (gabriel.mp3-tech.org/mp3infotag.html), read the way mpg123 parse.c reads it for gapless decoding.
import type { FrameHeader } from './frameHeader';

export interface XingTag {
  /** MPEG frames after the tag frame (the tag frame decodes to nothing). */
  readonly frames: number | null;
  /** Bytes of the MPEG stream, the tag frame included. */
  readonly streamBytes: number | null;
  /** LAME tag: samples the encoder added at the start and the end; null without a LAME tag. */
  readonly encoderDelay: number | null;
  readonly encoderPadding: number | null;
  /** The LAME tag's encoder string ("LAME3.100"), or null. */
  readonly encoder: string | null;
}

const FLAG_FRAMES = 1;
const FLAG_BYTES = 2;
const FLAG_TOC = 4;
const FLAG_QUALITY = 8;

/** Reads the tag from the first frame (`frame` starts at its header), or null when the frame is audio. */
export function parseXingTag(frame: Uint8Array, h: FrameHeader): XingTag | null {
  if (h.layer !== 3) return null;
  // The tag sits where the side information ends: 17/32 bytes (MPEG-1 mono/stereo), 9/17 (LSF), after the CRC.
  const sideInfo = h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const at = 4 + (h.crc ? 2 : 0) + sideInfo;
  const id = ascii(frame, at, 4);
  if (id !== 'Xing' && id !== 'Info') return null;
  if (at + 8 > frame.length) return null;
  const flags = u32(frame, at + 4);
  let p = at + 8;
  let frames: number | null = null;
  let streamBytes: number | null = null;
  if (flags & FLAG_FRAMES) { frames = p + 4 <= frame.length ? u32(frame, p) : null; p += 4; }
  if (flags & FLAG_BYTES) { streamBytes = p + 4 <= frame.length ? u32(frame, p) : null; p += 4; }
  if (flags & FLAG_TOC) p += 100;
  if (flags & FLAG_QUALITY) p += 4;
  // LAME tag: 9-byte encoder string, then the 12-bit delay and 12-bit padding at bytes 21..23. mpg123 takes any
  // non-zero first byte as a LAME tag (LAME, Lavc/Lavf from ffmpeg, GOGO ...); zeros mean none.
  const encoder = ascii(frame, p, 9);
  const hasLame = p + 24 <= frame.length && frame[p] !== 0;
  const d = p + 21;
  return {
    frames, streamBytes,
    encoderDelay: hasLame ? (frame[d] << 4) | (frame[d + 1] >> 4) : null,
    encoderPadding: hasLame ? ((frame[d + 1] & 0x0f) << 8) | frame[d + 2] : null,
    encoder: hasLame ? encoder.replace(/[^\x20-\x7e]+/g, '').trim() : null,
  };
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
function ascii(b: Uint8Array, at: number, n: number): string {
  return at + n > b.length ? '' : String.fromCharCode(...b.subarray(at, at + n));
}
