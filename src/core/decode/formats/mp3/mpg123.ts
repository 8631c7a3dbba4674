// libmpg123 (mpg123-decoder's WASM build: feed mode, gapless, forced stereo) driven below its decode() method: that
// method copies every decoded frame twice into fresh Float32Arrays and console.error()s each resync, and making a new
// decoder compiles a WASM instance (about 3 ms). Here one instance per thread is reused: a new stream destroys and
// recreates only the mpg123 handle, and decoded PCM is handed out as a view of the WASM heap (the heap never grows:
// the build's emscripten_resize_heap refuses, so views stay valid).
// Loaded on the first MP3 (a dynamic import): a worker that audits WAV or FLAC never evaluates the 70 KB decoder.
import type { MPEGDecoder } from 'mpg123-decoder';

/** The mpg123-decoder 1.0.x fields used (src/MPEGDecoder.js); checked when an instance is made. */
interface Mpg123Internals {
  readonly _common: {
    readonly wasm: {
      mpeg_decoder_feed(decoder: number, input: number, length: number): number;
      mpeg_decoder_read(decoder: number, out: number, outLen: number, samples: number, rate: number, err: number): number;
      mpeg_frame_decoder_create(cell: number, gapless: number): number;
      mpeg_frame_decoder_destroy(decoder: number): void;
    };
    allocateTypedArray<T>(len: number, type: new (buf: ArrayBuffer, ptr: number, len: number) => T): { ptr: number; len: number; buf: T };
    codeToString(ptr: number): string;
  };
  _decoder: number;
  readonly _input: { ptr: number; len: number; buf: Uint8Array };
  readonly _output: { ptr: number; len: number; buf: Float32Array };
  readonly _samplesDecodedPtr: { ptr: number; buf: Uint32Array };
  readonly _sampleRatePtr: { ptr: number; buf: Uint32Array };
  readonly _errorStringPtr: { ptr: number; buf: Uint32Array };
}

// mpg123.h return codes that are not errors.
const MPG123_DONE = -12;
const MPG123_NEW_FORMAT = -11;
const MPG123_NEED_MORE = -10;
/** Reads in a row without output before the loop asks for more input (a guard against a handle that never says NEED_MORE). */
const MAX_IDLE_READS = 64;

/**
 * Receives decoded PCM: `pcm[offset + i]` is the left sample i, `pcm[offset + rightOffset + i]` the right one, for
 * i < frames. The array is the WASM heap: read it before returning.
 */
export interface PcmSink {
  write(pcm: Float32Array, offset: number, rightOffset: number, frames: number): void;
}

export interface DecodeErrorLog {
  count: number;
  /** PCM frames handed out before the first error. */
  firstFrame: number;
  /** mpg123's name for the first error ("-1 MPG123_ERR"). */
  firstMessage: string;
}

/** One MPEG stream being decoded; release() hands the WASM instance back for the next stream. */
export interface Mpg123Stream {
  /** Bytes feed() takes at most per call. */
  readonly maxFeedBytes: number;
  /** Feeds the next bytes of the stream and hands out every frame they complete. */
  feed(bytes: Uint8Array, sink: PcmSink): void;
  readonly errors: DecodeErrorLog | null;
  release(): void;
}

class Mpg123Instance {
  private readonly d: Mpg123Internals;
  private readonly cell: { ptr: number; buf: Uint32Array };
  private used = false;

  constructor(decoder: MPEGDecoder) {
    this.d = decoder as unknown as Mpg123Internals;
    const w = this.d._common?.wasm;
    if (!w || typeof w.mpeg_decoder_read !== 'function' || typeof w.mpeg_frame_decoder_create !== 'function' || !this.d._output?.buf) {
      throw new Error('mpg123-decoder does not have the 1.0.x internals this reader drives (src/MPEGDecoder.js)');
    }
    this.cell = this.d._common.allocateTypedArray(1, Uint32Array);
  }

  /** Starts a new stream: a fresh mpg123 handle (gapless on) unless this one has decoded nothing yet. */
  start(): void {
    if (this.used) {
      const w = this.d._common.wasm;
      w.mpeg_frame_decoder_destroy(this.d._decoder);
      const code = w.mpeg_frame_decoder_create(this.cell.ptr, 1);
      if (code) throw new Error(`mpg123 could not start a stream (error ${code})`);
      this.d._decoder = this.cell.buf[0];
    }
    this.used = true;
  }

  get maxFeedBytes(): number {
    return this.d._input.len;
  }

  /** Feeds bytes (at most maxFeedBytes) and reads until mpg123 needs more, counting frames and errors in `log`. */
  feed(bytes: Uint8Array, sink: PcmSink, log: { errors: DecodeErrorLog | null; frames: number }): void {
    const d = this.d;
    const w = d._common.wasm;
    d._input.buf.set(bytes);
    let code = w.mpeg_decoder_feed(d._decoder, d._input.ptr, bytes.length);
    if (code === MPG123_NEED_MORE) return;
    const samplesCell = d._samplesDecodedPtr.buf;
    const pcm = d._output.buf;
    let idleReads = 0;
    for (;;) {
      samplesCell[0] = 0;
      code = w.mpeg_decoder_read(d._decoder, d._output.ptr, d._output.len, d._samplesDecodedPtr.ptr, d._sampleRatePtr.ptr, d._errorStringPtr.ptr);
      const frames = samplesCell[0];
      if (frames > 0) {
        idleReads = 0;
        sink.write(pcm, 0, frames, frames);
        log.frames += frames;
      } else if (++idleReads >= MAX_IDLE_READS) {
        return;
      }
      if (code === MPG123_NEED_MORE || code === MPG123_DONE) return;
      if (code === 0 || code === MPG123_NEW_FORMAT) continue;
      if (log.errors === null) {
        log.errors = { count: 0, firstFrame: log.frames, firstMessage: `${code} ${d._common.codeToString(d._errorStringPtr.buf[0])}` };
      }
      log.errors.count++;
    }
  }
}

/** Idle instances kept per thread: enough for a read and a preview of another file at the same time. */
const MAX_IDLE = 2;
const idle: Mpg123Instance[] = [];

/** A decoder for one stream, from the thread's idle instances or a new one. */
export async function openMpg123(): Promise<Mpg123Stream> {
  let instance = idle.pop();
  if (!instance) {
    const { MPEGDecoder: Decoder } = await import('mpg123-decoder');
    const decoder = new Decoder({ enableGapless: true });
    await decoder.ready;
    instance = new Mpg123Instance(decoder);
  }
  instance.start();
  const inst = instance;
  const log: { errors: DecodeErrorLog | null; frames: number } = { errors: null, frames: 0 };
  let released = false;
  return {
    maxFeedBytes: inst.maxFeedBytes,
    feed: (bytes, sink) => inst.feed(bytes, sink, log),
    get errors() { return log.errors; },
    release() {
      if (released) return;
      released = true;
      if (idle.length < MAX_IDLE) idle.push(inst);
    },
  };
}
