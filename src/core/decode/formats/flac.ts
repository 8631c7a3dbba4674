// FLAC (native stream, "fLaC") behind the AudioSource interface: STREAMINFO from the metadata blocks, then the
// frames decoded by flacFrame.ts in 256 KiB positioned reads. Codes scale like the same audio stored as PCM WAV:
// code / 2^(container-1) with container = bits rounded up to whole bytes (12-bit FLAC reads as WAV 12-in-16), so
// FLAC statistics equal those of the WAV bit for bit. Damaged frames are skipped (counted in decodeErrors, the
// statistics cover what decoded); a stream that ends before STREAMINFO's sample count is reported as truncated.
import { readSync } from 'node:fs';
import { openReadOnly } from '../file';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SourceFormat } from '../../types';
import { AudioError, type AudioSource, type ReadOptions, type StreamIntegrity } from '../source';
import type { Probe } from '../probe';
import { CRC16_BY, FlacFrameDecoder, FlacFrameError, NEED_MORE, READ_PAD } from './flacFrame';
import { acquireFlacKernel, releaseFlacKernel, type FlacKernel } from './flacKernel';

/** STREAMINFO (format.html "METADATA_BLOCK_STREAMINFO"). */
export interface FlacStreamInfo {
  readonly minBlockSize: number;
  readonly maxBlockSize: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bits: number;
  /** 0 = unknown. */
  readonly totalSamples: number;
  /** File offset of the first frame. */
  readonly audioOffset: number;
}

/** An AudioSource that also hands out each frame's integer codes, for integer statistics without float planes. */
export interface FlacAudioSource extends AudioSource {
  readonly info: FlacStreamInfo;
  /**
   * Streams the codes of [startFrame, endFrame) as stored (not shifted to the container width): codes[c][from..from+frames)
   * are frames startFrame.. of channel c. The arrays are the decoder's, valid only during the call.
   */
  readCodes(onCodes: (codes: readonly Int32Array[], from: number, frames: number, startFrame: number) => void,
    opts?: ReadOptions): Promise<StreamIntegrity>;
  /**
   * Channel 0's codes of the whole stream as int16, each frame's in codes[0..frames) (the decoder's array, valid only
   * during the call), for 16-bit streams; null (the walk stops there) when a code leaves -32768..32767, which only a
   * damaged stream predicts: the caller then reads again with read().
   */
  readInt16(onCodes: (codes: Int16Array, frames: number, startFrame: number) => void, opts?: ReadOptions): Promise<StreamIntegrity | null>;
}

const CHUNK_BYTES = 1 << 18;
/** A frame must fit in the buffer: 8 channels x 65536 samples x 24 bits of VERBATIM is about 1.6 MB. */
const MAX_BUFFER_BYTES = 1 << 24;
const DEFAULT_BLOCK_FRAMES = 1 << 14;
/** The CLI's main thread audits too: Ctrl-C and worker messages wait for the next yield (src/core/wav/reader.ts). */
const YIELD_EVERY_BYTES = 1 << 22;
/** Read buffers of finished walks, reused by the next file (saves the GC about 5% of a batch of 10 s files). */
const spareBuffers: Uint8Array[] = [];

/** Opens a FLAC file read-only; throws AudioError (the reason) when its header cannot be read. */
export async function openFlac(absPath: string, probe: Pick<Probe, 'offset'> = { offset: 0 }): Promise<FlacAudioSource> {
  const { fd, size, close } = openReadOnly(absPath);
  try {
    const info = readStreamInfo(fd, size, probe.offset);
    const containerBits = Math.ceil(info.bits / 8) * 8;
    let frames = info.totalSamples;
    let codeOr: number[] = new Array<number>(info.channels).fill(0);
    const notes: string[] = [];
    if (info.bits > 24) throw new AudioError(`${info.bits}-bit FLAC is not supported (at most 24 bits)`);
    if (info.bits % 8 !== 0) {
      notes.push(`The FLAC stream has ${info.bits}-bit samples; they are read like WAV ${info.bits}-in-${containerBits} (code / 2^${containerBits - 1}).`);
    }
    const walk = (onFrame: OnFrame, opts: ReadOptions) => walkFrames(fd, info, onFrame, opts);
    if (frames === 0) {
      // STREAMINFO leaves the length open (a streamed encode): count the frames by decoding them.
      frames = (await walk(() => true, {})).frames;
    }
    const format: SourceFormat = {
      container: 'FLAC', encoding: 'flac', bitsPerSample: containerBits, validBits: info.bits,
      sampleRate: info.sampleRate, channels: info.channels,
      get frames() { return frames; },
      get durationSec() { return frames / info.sampleRate; },
      bitrateKbps: null, storage: 'integer',
    };

    const readCodes: FlacAudioSource['readCodes'] = async (onCodes, opts = {}) => {
      const start = Math.max(0, opts.startFrame ?? 0);
      const end = opts.endFrame ?? Infinity;
      const integrity = await walk((dec, frameStart) => {
        const from = Math.max(0, start - frameStart);
        const to = Math.min(dec.blockSize, end - frameStart);
        if (to > from) onCodes(dec.samples, from, to - from, frameStart + from);
        return frameStart + dec.blockSize < end;
      }, opts);
      if (start === 0 && end === Infinity) frames = integrity.frames;
      return integrity;
    };

    const readInt16: FlacAudioSource['readInt16'] = async (onCodes, opts = {}) => {
      let outside = false;
      const integrity = await walk((dec, frameStart) => {
        const codes = dec.int16(0, 0, dec.blockSize);
        if (codes === null) outside = true;
        else onCodes(codes, dec.blockSize, frameStart);
        return !outside;
      }, opts);
      if (outside) return null;
      frames = integrity.frames;
      return integrity;
    };

    let planes: Float64Array[] = [];
    const source: FlacAudioSource = {
      info,
      format,
      get codeOr() { return codeOr; },
      notes,
      readCodes,
      readInt16,
      async read(onBlock, opts = {}) {
        const cap = Math.max(1, opts.blockFrames ?? DEFAULT_BLOCK_FRAMES);
        if (planes.length === 0 || planes[0].length < cap) planes = Array.from({ length: info.channels }, () => new Float64Array(cap));
        const or = new Array<number>(info.channels).fill(0);
        codeOr = or;
        const shift = containerBits - info.bits;
        const scale = 2 ** -(containerBits - 1);
        let filled = 0;
        let blockStart = -1;
        const integrity = await readCodes((codes, from, n, startFrame) => {
          if (blockStart < 0) blockStart = startFrame;
          while (n > 0) {
            const take = Math.min(n, cap - filled);
            for (let c = 0; c < info.channels; c++) or[c] |= toFloat(codes[c], from, take, planes[c], filled, shift, scale);
            filled += take;
            from += take;
            n -= take;
            if (filled === cap) {
              onBlock({ channels: planes, frames: filled, startFrame: blockStart });
              blockStart += filled;
              filled = 0;
            }
          }
        }, opts);
        if (filled > 0) onBlock({ channels: planes, frames: filled, startFrame: blockStart });
        return integrity;
      },
      close,
    };
    return source;
  } catch (err) {
    await close();
    throw err;
  }
}

/** code << shift into out as float (code / 2^(container-1)); returns the OR of the shifted codes. */
function toFloat(codes: Int32Array, from: number, n: number, out: Float64Array, at: number, shift: number, scale: number): number {
  let or = 0;
  const end = from + n;
  if (shift === 0) {
    for (let i = from, j = at; i < end; i++, j++) {
      const code = codes[i];
      or |= code;
      out[j] = code * scale;
    }
  } else {
    for (let i = from, j = at; i < end; i++, j++) {
      const code = codes[i] << shift;
      or |= code;
      out[j] = code * scale;
    }
  }
  return or;
}

/** STREAMINFO and where the frames start; throws AudioError naming what is wrong. */
function readStreamInfo(fd: number, size: number, offset: number): FlacStreamInfo {
  const head = Buffer.alloc(4 + 4 + 34);
  if (readSync(fd, head, 0, head.length, offset) < head.length) throw new AudioError('the FLAC file ends inside its STREAMINFO header');
  if (head.toString('latin1', 0, 4) !== 'fLaC') throw new AudioError('not a FLAC stream: no "fLaC" marker');
  if ((head[4] & 0x7f) !== 0) throw new AudioError('the FLAC stream does not start with a STREAMINFO block');
  if (head.readUIntBE(5, 3) < 34) throw new AudioError('the FLAC STREAMINFO block is too short');
  const si = head.subarray(8);
  const sampleRate = (si[10] << 12) | (si[11] << 4) | (si[12] >>> 4);
  const channels = ((si[12] >>> 1) & 7) + 1;
  const bits = (((si[12] & 1) << 4) | (si[13] >>> 4)) + 1;
  const totalSamples = (si[13] & 15) * 2 ** 32 + si.readUInt32BE(14);
  const info = { minBlockSize: si.readUInt16BE(0), maxBlockSize: si.readUInt16BE(2), sampleRate, channels, bits, totalSamples };
  if (sampleRate === 0) throw new AudioError('the FLAC STREAMINFO gives a sample rate of 0');
  if (bits < 4) throw new AudioError(`the FLAC STREAMINFO gives ${bits} bits per sample`);
  // Walk the metadata block headers (last-block flag, type, 24-bit length) to the first frame.
  let pos = offset + 4;
  const h = Buffer.alloc(4);
  for (;;) {
    if (readSync(fd, h, 0, 4, pos) < 4) throw new AudioError('the FLAC file ends inside its metadata blocks');
    pos += 4 + h.readUIntBE(1, 3);
    if (pos > size) throw new AudioError('the FLAC file ends inside its metadata blocks');
    if (h[0] & 0x80) break;
  }
  return { ...info, audioOffset: pos };
}

/** Called per decoded frame with the index of its first sample; returns false to stop. */
type OnFrame = (dec: FlacFrameDecoder, frameStart: number) => boolean;

/** Decodes the frames in order, skipping damaged ones; what the walk learned about the stream's integrity. */
async function walkFrames(fd: number, info: FlacStreamInfo, onFrame: OnFrame, opts: ReadOptions): Promise<StreamIntegrity> {
  // The WebAssembly loops when there are any (the file is read into the kernel's memory); else a reused JS buffer.
  const kernel = acquireFlacKernel(CRC16_BY);
  if (kernel) {
    try {
      return await walkFramesWith(kernel.buffer(CHUNK_BYTES + READ_PAD), kernel, fd, info, onFrame, opts);
    } finally {
      releaseFlacKernel(kernel);
    }
  }
  const buf = spareBuffers.pop() ?? new Uint8Array(CHUNK_BYTES + READ_PAD);
  try {
    return await walkFramesWith(buf, null, fd, info, onFrame, opts);
  } finally {
    if (spareBuffers.length < 4) spareBuffers.push(buf);
  }
}

async function walkFramesWith(first: Uint8Array, kernel: FlacKernel | null, fd: number, info: FlacStreamInfo, onFrame: OnFrame,
  opts: ReadOptions): Promise<StreamIntegrity> {
  const dec = new FlacFrameDecoder(info, kernel);
  let buf = first;
  dec.setBuffer(buf);
  let base = info.audioOffset; // file offset of buf[0]
  let len = 0;
  let at = 0;
  let eof = false;
  let decoded = 0;
  let streamEnd = 0; // end of the last good frame by its header's position (frames lost to damage included)
  let damage = 0;
  let firstDamage: { frame: number; byte: number; reason: string } | null = null;
  let inDamage = false;
  let sinceYield = 0;

  const refill = () => {
    if (at > 0) {
      buf.copyWithin(0, at, len);
      base += at;
      len -= at;
      at = 0;
    }
    if (len === buf.length - READ_PAD) {
      if (buf.length - READ_PAD >= MAX_BUFFER_BYTES) throw new AudioError(`a FLAC frame at byte ${base} is larger than ${MAX_BUFFER_BYTES} bytes`);
      const bytes = 2 * (buf.length - READ_PAD) + READ_PAD;
      if (kernel) buf = kernel.buffer(bytes); // grown in place, contents kept
      else {
        const bigger = new Uint8Array(bytes);
        bigger.set(buf.subarray(0, len));
        buf = bigger;
      }
      dec.setBuffer(buf);
    }
    const n = readSync(fd, buf, len, buf.length - READ_PAD - len, base + len);
    if (n === 0) eof = true;
    len += n;
    sinceYield += n;
    opts.onBytes?.(base + at);
  };

  const damaged = (reason: string) => {
    if (!inDamage) {
      damage++;
      firstDamage ??= { frame: decoded, byte: base + at, reason };
    }
    inDamage = true;
  };

  for (;;) {
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
    if (at >= len) {
      if (eof) break;
      opts.signal?.throwIfAborted();
      refill();
      continue;
    }
    let frameBytes: number;
    try {
      frameBytes = dec.decode(at, len);
      if (dec.channels !== info.channels) throw new FlacFrameError(`a frame has ${dec.channels} channels, STREAMINFO ${info.channels}`);
      if (dec.bits !== info.bits) throw new FlacFrameError(`a frame has ${dec.bits}-bit samples, STREAMINFO ${info.bits}`);
    } catch (e) {
      if (e === NEED_MORE) {
        if (eof) {
          // The stream ends inside a frame (cut short): what is there is not a whole frame.
          if (!inDamage && decoded > 0) break;
          damaged('the stream ends inside a frame');
          break;
        }
        opts.signal?.throwIfAborted();
        refill();
        continue;
      }
      if (!(e instanceof FlacFrameError)) throw e;
      if (info.totalSamples > 0 && decoded >= info.totalSamples && !inDamage && streamEnd >= info.totalSamples) {
        // Bytes after the last promised sample (an ID3v1 tag, padding): not audio.
        break;
      }
      damaged(e.message);
      if (!(await resync())) break;
      continue;
    }
    const frameStart = decoded;
    decoded += dec.blockSize;
    const headerStart = dec.variable ? dec.number : dec.number * info.maxBlockSize;
    streamEnd = Math.max(streamEnd, headerStart + dec.blockSize, decoded);
    inDamage = false;
    at += frameBytes;
    if (!onFrame(dec, frameStart)) {
      opts.onBytes?.(base + at);
      return { frames: decoded, truncated: null, decodeErrors: report() };
    }
  }
  opts.onBytes?.(base + at);

  const truncated = info.totalSamples > 0 && streamEnd < info.totalSamples
    ? { declaredFrames: info.totalSamples, detail: `STREAMINFO promises ${info.totalSamples} frames but the stream ends after ${streamEnd}` }
    : null;
  return { frames: decoded, truncated, decodeErrors: report() };

  function report(): StreamIntegrity['decodeErrors'] {
    if (!firstDamage) return null;
    const lost = Math.max(0, streamEnd - decoded);
    return {
      count: damage,
      firstFrame: firstDamage.frame,
      detail: `${firstDamage.reason} at byte ${firstDamage.byte} (after frame ${firstDamage.frame}); ` +
        `${damage} damaged stretch${damage === 1 ? '' : 'es'} skipped, ${lost} frames lost`,
    };
  }

  /** Moves `at` to the next plausible frame header; false at the end of the file. */
  async function resync(): Promise<boolean> {
    let i = at + 1;
    for (;;) {
      for (; i + 1 < len; i++) {
        if (buf[i] !== 0xff || (buf[i + 1] & 0xfe) !== 0xf8) continue;
        try {
          if (dec.isFrameStart(i, len) && dec.channels === info.channels) {
            at = i;
            return true;
          }
        } catch (e) {
          if (e !== NEED_MORE) throw e;
          break;
        }
      }
      if (eof) {
        at = len;
        return false;
      }
      at = i;
      opts.signal?.throwIfAborted();
      refill();
      i = at;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }
}
