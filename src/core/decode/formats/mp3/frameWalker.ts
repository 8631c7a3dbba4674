// Follows the chain of MPEG frame headers through the byte stream as it is read: where sync was lost (bytes that
// are no frame header where one should be) and whether the last frame is whole. The decoder resyncs on its own;
// this says where and whether the file was cut inside a frame, which nothing in the decoder's output tells.
import { parseFrameHeader, sameStream, type FrameHeader } from './frameHeader';

export interface WalkResult {
  /** Frame headers found in sequence (the Xing/Info frame included). */
  readonly frames: number;
  /** Places where the next header was not where the previous frame's length said. */
  readonly syncLosses: number;
  /** File offset of the first such place, or null. */
  readonly firstSyncLossAt: number | null;
  /** The last frame runs past the end of the stream: its offset, its length and the bytes the file holds of it. */
  readonly cutFrame: { readonly at: number; readonly frameBytes: number; readonly bytesHeld: number } | null;
}

const SCRATCH_BYTES = 4;

export class FrameWalker {
  private next: number;
  private frames = 0;
  private syncLosses = 0;
  private firstSyncLossAt: number | null = null;
  private lastStart = -1;
  private lastBytes = 0;
  private searching = false;
  private ended = false;
  /** The last bytes of the previous chunk, for a header that straddles two chunks. */
  private readonly tail = new Uint8Array(SCRATCH_BYTES);
  private tailStart = 0;
  private tailLength = 0;
  private readonly scratch = new Uint8Array(SCRATCH_BYTES);

  /** `first` is the header at `start`; bytes from `end` on (trailing ID3v1/APE tags) are not audio. */
  constructor(private readonly first: FrameHeader, start: number, private readonly end: number) {
    this.next = start;
  }

  /** Walks the headers inside `chunk`, which holds the file bytes from `chunkStart` on (chunks come in order). */
  feed(chunk: Uint8Array, chunkStart: number): void {
    const chunkEnd = Math.min(chunkStart + chunk.length, this.end);
    while (!this.ended && this.next + SCRATCH_BYTES <= chunkEnd) {
      const header = this.headerAt(chunk, chunkStart, this.next);
      if (header && sameStream(header, this.first)) {
        this.searching = false;
        this.frames++;
        this.lastStart = this.next;
        this.lastBytes = header.frameBytes;
        this.next += header.frameBytes;
      } else if (!this.searching && this.isTrailingTag(chunk, chunkStart)) {
        this.ended = true;
      } else {
        if (!this.searching) {
          this.searching = true;
          this.syncLosses++;
          this.firstSyncLossAt ??= this.next;
        }
        this.next++;
      }
    }
    const keep = Math.min(SCRATCH_BYTES - 1, chunk.length);
    this.tail.set(chunk.subarray(chunk.length - keep));
    this.tailStart = chunkStart + chunk.length - keep;
    this.tailLength = keep;
  }

  result(): WalkResult {
    const cut = !this.ended && !this.searching && this.lastStart >= 0 && this.lastStart + this.lastBytes > this.end;
    return {
      frames: this.frames, syncLosses: this.syncLosses, firstSyncLossAt: this.firstSyncLossAt,
      cutFrame: cut ? { at: this.lastStart, frameBytes: this.lastBytes, bytesHeld: this.end - this.lastStart } : null,
    };
  }

  private headerAt(chunk: Uint8Array, chunkStart: number, at: number): FrameHeader | null {
    if (at >= chunkStart) return parseFrameHeader(chunk, at - chunkStart);
    for (let i = 0; i < SCRATCH_BYTES; i++) {
      const p = at + i;
      this.scratch[i] = p >= chunkStart ? chunk[p - chunkStart] : p - this.tailStart < this.tailLength ? this.tail[p - this.tailStart] : 0;
    }
    return parseFrameHeader(this.scratch, 0);
  }

  /** "TAG" (ID3v1), "APETAGEX" (APEv2), "LYRICS" (Lyrics3) or "ID3" (an appended ID3v2) where a frame should start. */
  private isTrailingTag(chunk: Uint8Array, chunkStart: number): boolean {
    const at = this.next - chunkStart;
    if (at < 0 || at + 3 > chunk.length) return false;
    const s = String.fromCharCode(chunk[at], chunk[at + 1], chunk[at + 2]);
    return s === 'TAG' || s === 'APE' || s === 'LYR' || s === 'ID3';
  }
}
