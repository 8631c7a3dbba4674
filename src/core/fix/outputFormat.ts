// What a fixed copy is written as: lossless inputs keep their container and bit depth, lossy ones become 24-bit FLAC.
import type { SourceFormat } from '../types';

export type OutputContainer = 'wav' | 'aiff' | 'flac';

export interface OutputFormat {
  readonly container: OutputContainer;
  /** Integer codes of `bits` bits, or IEEE float of 32/64 bits. */
  readonly sample: 'int' | 'float';
  readonly bits: number;
  /** The output file's extension when it differs from the input's (lossy → '.flac'), else null. */
  readonly extension: string | null;
  /** Why the format differs from the input's, for the log; null when it is the same. */
  readonly note: string | null;
}

/** Bits FLAC can hold in this encoder; wider integer sources go to WAV. */
const FLAC_MAX_BITS = 24;

export function outputFormatOf(f: SourceFormat): OutputFormat {
  const bits = f.bitsPerSample ?? 24;
  const wavLike = f.container === 'RIFF' || f.container === 'RIFX' || f.container === 'RF64';
  const aiffLike = f.container === 'AIFF' || f.container === 'AIFC';
  if (f.storage === 'lossy') {
    return { container: 'flac', sample: 'int', bits: 24, extension: '.flac',
      note: `lossy ${f.encoding} input written as 24-bit FLAC (never re-encoded lossy)` };
  }
  if (wavLike || aiffLike) {
    const container: OutputContainer = wavLike ? 'wav' : 'aiff';
    if (f.storage === 'companded') {
      return { container, sample: 'int', bits: 16, extension: null, note: `G.711 ${f.encoding} expanded to 16-bit PCM` };
    }
    const renamed = f.container === 'RIFX' || f.container === 'RF64' ? `${f.container} written as RIFF` : null;
    const sowt = f.container === 'AIFC' && f.storage === 'integer' ? 'little-endian AIFC written as big-endian AIFF' : null;
    return { container, sample: f.storage === 'float' ? 'float' : 'int', bits, extension: null, note: renamed ?? sowt };
  }
  if (f.container === 'FLAC') return { container: 'flac', sample: 'int', bits: f.validBits ?? bits, extension: null, note: null };
  // Formats decoded by the user's ffmpeg (ALAC, WavPack, …): integers as FLAC, floats as float WAV.
  if (f.storage === 'integer' && bits <= FLAC_MAX_BITS) {
    return { container: 'flac', sample: 'int', bits, extension: '.flac', note: `${f.encoding} input written as ${bits}-bit FLAC` };
  }
  const sample = f.storage === 'float' ? 'float' : 'int';
  const outBits = sample === 'float' ? (bits === 64 ? 64 : 32) : 32;
  return { container: 'wav', sample, bits: outBits, extension: '.wav', note: `${f.encoding} input written as ${outBits}-bit ${sample} WAV` };
}
