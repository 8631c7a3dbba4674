// The one decoding interface every consumer uses (audit, preview worker, playback, mel tiles): a probed file opened
// as a stream of planar Float64 blocks in the project's scale (README "Decoding"), whatever its container or codec.
// Symphonia's split: probe (magic bytes) -> container reader -> codec decoder -> planar sample blocks.
import type { SampleBlock, SourceFormat } from '../types';

export interface ReadOptions {
  readonly startFrame?: number;
  /** Exclusive; default: the end of the stream. */
  readonly endFrame?: number;
  /** Frames per block; default: the reader's own (about 256 KiB of file data for PCM). */
  readonly blockFrames?: number;
  readonly signal?: AbortSignal;
  /** Called after each block with the file bytes consumed so far in this read(). */
  readonly onBytes?: (bytesRead: number) => void;
}

/** What a whole-stream read learned about the file's integrity (known only after reading to the end). */
export interface StreamIntegrity {
  /** Decoded frames. */
  readonly frames: number;
  /** The header promised more than the file holds: what it promised and how it said so (a sentence fragment). */
  readonly truncated: { readonly declaredFrames: number | null; readonly detail: string } | null;
  /** Damaged frames the decoder skipped or concealed (CRC mismatch, lost sync). */
  readonly decodeErrors: { readonly count: number; readonly firstFrame: number; readonly detail: string } | null;
}

export interface AudioSource {
  /**
   * The stream's format. `frames` is exact for PCM containers; for codecs it is the header's count (FLAC STREAMINFO,
   * the Xing/LAME frame count, the last Ogg granule) until a whole read has run, then the decoded count.
   */
  readonly format: SourceFormat;
  /**
   * Streams planar blocks (buffers reused between calls) of [startFrame, endFrame). Codecs decode from the start and
   * skip what comes before startFrame. Resolves with what the read learned; `integrity` is exact only after a read
   * from frame 0 to the end.
   */
  read(onBlock: (block: SampleBlock) => void, opts?: ReadOptions): Promise<StreamIntegrity>;
  /** Integer storage only (PCM, FLAC, AIFF): OR of every integer sample code read so far, per channel; else null. */
  readonly codeOr: readonly number[] | null;
  /** Header oddities read the way libsndfile reads them (a blockAlign that disagrees with the sample size …): full sentences. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

/** IEEE float storage may hold NaN/Inf, and so may a lossy decoder's float output in principle; integer codes never do. */
export function mayBeNonFinite(format: SourceFormat): boolean {
  return format.storage === 'float' || format.storage === 'lossy';
}

/** A file that cannot be decoded; the message is the reason, a sentence fragment ("the file is empty (0 bytes)"). */
export class AudioError extends Error {
  override readonly name: string = 'AudioError';
}
