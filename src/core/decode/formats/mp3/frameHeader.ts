// MPEG-1/2/2.5 audio frame headers (ISO/IEC 11172-3 §2.4.2.3, ISO/IEC 13818-3 §2.4.2.3, MPEG 2.5 as mpg123 reads it):
// 11-bit sync, version, layer, bitrate, sample rate, padding and channel mode, and the frame length they imply.

export interface FrameHeader {
  /** 1 = MPEG-1, 2 = MPEG-2 (LSF), 2.5 = MPEG-2.5. */
  readonly version: 1 | 2 | 2.5;
  readonly layer: 1 | 2 | 3;
  /** The CRC-16 follows the header (protection bit 0). */
  readonly crc: boolean;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  /** Channel mode 3 (single channel) = 1, else 2. */
  readonly channels: 1 | 2;
  /** Bytes from this header to the next one. */
  readonly frameBytes: number;
  /** PCM frames one MPEG frame decodes to: 384 (Layer I), 1152 (Layer II, MPEG-1 Layer III), 576 (LSF Layer III). */
  readonly samplesPerFrame: number;
}

// kbit/s by bitrate index 1..14; index 0 (free format) and 15 (forbidden) are not accepted.
const BITRATES_MPEG1: readonly (readonly number[])[] = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const BITRATES_LSF: readonly (readonly number[])[] = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
const SAMPLE_RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] } as const;

/** The header whose four bytes start at `at`, or null when they are not a valid (non-free-format) frame header. */
export function parseFrameHeader(b: Uint8Array, at: number): FrameHeader | null {
  if (at < 0 || at + 4 > b.length) return null;
  const b1 = b[at + 1];
  const b2 = b[at + 2];
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrateKbps = (version === 1 ? BITRATES_MPEG1 : BITRATES_LSF)[layer - 1][bitrateIndex];
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b2 >> 1) & 1;
  const bps = bitrateKbps * 1000;
  // ISO 11172-3 §2.4.3.1: Layer I counts 4-byte slots (12·bitrate/fs per frame), Layers II/III bytes (144·bitrate/fs);
  // LSF Layer III frames hold half the samples, hence 72 (mpg123 frame.c, lame VbrTag.c).
  const frameBytes = layer === 1
    ? (Math.floor((12 * bps) / sampleRate) + padding) * 4
    : Math.floor(((layer === 3 && version !== 1 ? 72 : 144) * bps) / sampleRate) + padding;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  return {
    version, layer, crc: (b1 & 1) === 0, bitrateKbps, sampleRate,
    channels: b[at + 3] >> 6 === 3 ? 1 : 2, frameBytes, samplesPerFrame,
  };
}

/** Frames of one stream share version, layer and sample rate (mpg123 parse.c compares the same header bits). */
export function sameStream(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/** Zero bytes allowed before the first frame header (padding after an ID3v2 tag); mpg123 and libsndfile skip them. */
const MAX_LEADING_ZEROS = 1024;

/** The first frame of an MPEG audio stream at probe.offset (after up to MAX_LEADING_ZEROS zeros), confirmed by the
 *  header that follows it (or by the file ending right after it); null when the bytes are not MPEG audio. */
export function findFirstFrame(
  head: Uint8Array, probe: { readonly size: number; readonly offset: number },
): { header: FrameHeader; zeros: number } | null {
  let zeros = 0;
  while (zeros < head.length && zeros < MAX_LEADING_ZEROS && head[zeros] === 0) zeros++;
  const header = parseFrameHeader(head, zeros);
  if (!header) return null;
  const nextAt = zeros + header.frameBytes;
  if (probe.offset + nextAt === probe.size) return { header, zeros };
  const next = parseFrameHeader(head, nextAt);
  return next && sameStream(header, next) ? { header, zeros } : null;
}
