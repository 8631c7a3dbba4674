// What ogg.ts needs from a codec carried in Ogg: its header facts, the frame count a granule position means, and a
// decoder fed the packets that complete on each page.
import type { OggPage } from './pages';

/** Where decoded audio goes: planar Float32 channels, frames [from, to) of this call, times a gain. */
export interface PcmSink {
  /** Frames written so far (before any startFrame is dropped). */
  readonly position: number;
  write(channels: readonly Float32Array[], from: number, to: number, gain: number): void;
  /** The stream holds this many frames: later writes beyond it are dropped (libsndfile stops reading at sf.frames). */
  endAt(frames: number): void;
}

export interface OggPageDecoder {
  /**
   * Decodes the packets that complete on `page` (header packets already removed); `hole`: a page was lost before it.
   * Returns a promise only when it has to wait (a decoder restarted after a hole); the packets are read synchronously.
   */
  decodePage(packets: readonly Uint8Array[], page: OggPage, hole: boolean, out: PcmSink): void | Promise<void>;
  free(): void;
}

export interface OggCodec {
  readonly encoding: 'vorbis' | 'opus';
  readonly sampleRate: number;
  readonly channels: number;
  /** Header packets at the start of the logical stream (Vorbis 3, Opus 2). */
  readonly headerPackets: number;
  /** Frames in the stream when its last page has this granule position (what libsndfile reports as sf.frames). */
  framesAtGranule(lastGranule: number): number;
  /** A fresh decoder; `onError` hears each packet the decoder rejected. */
  createDecoder(onError: (message: string) => void): Promise<OggPageDecoder>;
}
