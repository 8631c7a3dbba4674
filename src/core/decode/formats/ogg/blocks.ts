// Decoded Float32 output cut into the planar Float64 blocks of read(): frames before startFrame dropped, the read
// stopped at endFrame, block buffers reused.
import type { SampleBlock } from '../../../types';
import type { PcmSink } from './codec';

export class BlockWriter implements PcmSink {
  /** Frames the decoder produced so far (after the stream's own trimming). */
  position = 0;
  private streamEnd = Infinity;
  private readonly buffers: Float64Array[];
  private fill = 0;
  private blockStart: number;

  constructor(
    channels: number,
    private readonly blockFrames: number,
    private readonly startFrame: number,
    private readonly endFrame: number,
    private readonly onBlock: (block: SampleBlock) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.buffers = Array.from({ length: channels }, () => new Float64Array(blockFrames));
    this.blockStart = startFrame;
  }

  /** endFrame reached: nothing more to decode. */
  get done(): boolean {
    return this.position >= this.endFrame;
  }

  endAt(frames: number): void {
    this.streamEnd = frames;
  }

  write(channels: readonly Float32Array[], from: number, to: number, gain: number): void {
    const stop = Math.min(this.endFrame, this.streamEnd);
    let n = Math.min(to - from, stop - this.position);
    if (n <= 0) return;
    // Drop what comes before startFrame.
    const skip = Math.max(0, Math.min(n, this.startFrame - this.position));
    this.position += skip;
    from += skip;
    n -= skip;
    while (n > 0) {
      const take = Math.min(n, this.blockFrames - this.fill);
      for (let c = 0; c < this.buffers.length; c++) {
        const src = channels[c];
        const dst = this.buffers[c];
        const at = this.fill;
        if (gain === 1) for (let i = 0; i < take; i++) dst[at + i] = src[from + i];
        else for (let i = 0; i < take; i++) dst[at + i] = src[from + i] * gain;
      }
      this.fill += take;
      this.position += take;
      from += take;
      n -= take;
      if (this.fill === this.blockFrames) this.flush();
    }
  }

  /** Hands out the partly filled block, if any. */
  flush(): void {
    if (this.fill === 0) return;
    this.onBlock({ channels: this.buffers, frames: this.fill, startFrame: this.blockStart });
    this.blockStart += this.fill;
    this.fill = 0;
    // A page can fill several blocks: stop right after the block during which the read was aborted.
    this.signal?.throwIfAborted();
  }
}
