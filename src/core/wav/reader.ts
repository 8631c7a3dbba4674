// Streamed WAV and AIFF reading: the header by small positioned reads, the data (SSND) chunk in bounded blocks
// (256 KiB by default: measured fastest here), so peak memory for one file does not grow with its length.
// Reads are synchronous: the audit runs in worker threads, where a thread-pool round trip per block cost more
// than the reading itself (about 1 ms per 10 s file); the loop yields to the event loop every 4 MiB so
// abort signals and worker messages still get through (the CLI audits on its main thread too: Ctrl-C waits for the
// next yield, ~0.1 s of a full audit's work at 4 MiB, ~0.4 s at 16 MiB).
import { readSync } from 'node:fs';
import { openReadOnly } from '../decode/file';
import type { ReadOptions as SourceReadOptions } from '../decode/source';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SampleBlock, WavLayout } from '../types';
import { createDecoder } from './decode';
import { parseLayout, type ByteSource } from './layout';
import { WavError } from './wavError';

export { WavError };

/** The decoding layer's read options, plus a caller-owned buffer for the raw walk. */
export interface ReadOptions extends SourceReadOptions {
  /** readRaw only: read the blocks into this buffer (e.g. WASM memory), at most as many frames as fit in it. */
  readonly buffer?: Uint8Array;
}

/** Raw interleaved sample bytes of `frames` whole frames (aligned; the buffer is reused). */
export type RawBlockHandler = (bytes: Uint8Array, frames: number, startFrame: number) => void;

export interface WavSource {
  readonly layout: WavLayout;
  read(onBlock: (block: SampleBlock) => void, opts?: ReadOptions): Promise<void>;
  /** The same walk without decoding, for paths that read the stored codes directly. */
  readRaw(onRaw: RawBlockHandler, opts?: ReadOptions): Promise<void>;
  readonly codeOr: readonly number[] | null;
  close(): Promise<void>;
}

const DEFAULT_BLOCK_BYTES = 1 << 18;
const YIELD_EVERY_BYTES = 1 << 22;

/** Opens a WAV file read-only; throws WavError (the reason) when it cannot be decoded. */
export async function openWav(absPath: string): Promise<WavSource> {
  return openPcmFile(absPath, parseLayout);
}

/** Opens a file whose header parser gives a WavLayout (WAV, AIFF): the same streamed read behind both. */
export async function openPcmFile(absPath: string, parse: (src: ByteSource) => Promise<WavLayout>): Promise<WavSource> {
  const { fd, size, close } = openReadOnly(absPath);
  try {
    const src: ByteSource = {
      size,
      async read(position, length) {
        const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const bytesRead = readSync(fd, buf, 0, buf.length, position);
        return buf.subarray(0, bytesRead);
      },
    };
    const layout = await parse(src);
    let decoder: ReturnType<typeof createDecoder> | undefined;
    const source: WavSource = {
      layout,
      get codeOr() {
        return decoder?.codeOr ?? (layout.encoding === 'pcm' ? new Array<number>(layout.channels).fill(0) : null);
      },
      async read(onBlock, opts = {}) {
        decoder = createDecoder(layout);
        const d = decoder;
        let planes: Float64Array[] = [];
        await source.readRaw((bytes, frames, startFrame) => {
          if (planes.length === 0 || planes[0].length < frames) {
            planes = Array.from({ length: layout.channels }, () => new Float64Array(frames));
          }
          d.decode(bytes, frames, planes);
          onBlock({ channels: planes, frames, startFrame });
        }, opts);
      },
      async readRaw(onRaw, opts = {}) {
        const start = Math.max(0, Math.min(opts.startFrame ?? 0, layout.frames));
        const end = Math.max(start, Math.min(opts.endFrame ?? layout.frames, layout.frames));
        const room = opts.buffer ? Math.floor(opts.buffer.length / layout.blockAlign) : Infinity;
        const wanted = opts.blockFrames ?? Math.floor(DEFAULT_BLOCK_BYTES / layout.blockAlign);
        const blockFrames = Math.max(1, Math.min(end - start, wanted, room));
        // allocUnsafeSlow gives an unpooled buffer at byteOffset 0, so typed-array views over it are aligned.
        const bytes = opts.buffer ?? Buffer.allocUnsafeSlow(blockFrames * layout.blockAlign);
        let bytesRead = 0;
        let sinceYield = 0;
        for (let frame = start; frame < end; ) {
          if (sinceYield >= YIELD_EVERY_BYTES) {
            sinceYield = 0;
            await yieldToEventLoop();
          }
          opts.signal?.throwIfAborted();
          const want = Math.min(blockFrames, end - frame);
          const got = readSync(fd, bytes, 0, want * layout.blockAlign, layout.dataOffset + frame * layout.blockAlign);
          const frames = Math.floor(got / layout.blockAlign);
          if (frames === 0) throw new WavError(`the file ended early at frame ${frame} of ${layout.frames}`);
          onRaw(bytes, frames, frame);
          frame += frames;
          bytesRead += frames * layout.blockAlign;
          sinceYield += frames * layout.blockAlign;
          opts.onBytes?.(bytesRead);
        }
      },
      close,
    };
    return source;
  } catch (err) {
    await close();
    throw err;
  }
}
