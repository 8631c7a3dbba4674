// Ogg Vorbis and Ogg Opus (.ogg, .oga, .opus) behind the AudioSource interface. Our page layer (ogg/pages.ts) reads
// the container like libogg; the first packet of the first logical stream picks the codec ("\x01vorbis" or
// "OpusHead"); frame counts follow libsndfile (last granule position at open, the decoded count after a full read).
import { open, type FileHandle } from 'node:fs/promises';
import type { SourceFormat } from '../../types';
import { AudioError, type AudioSource, type StreamIntegrity } from '../source';
import type { Probe } from '../probe';
import { BlockWriter } from './ogg/blocks';
import type { OggCodec } from './ogg/codec';
import { opusCodec, opusStartGranule, parseOpusHead } from './ogg/opus';
import { FLAG_BOS, FLAG_EOS, OggPacketAssembler, OggPageStream, pagesIn, type OggPage } from './ogg/pages';
import { parseVorbisId, vorbisCodec } from './ogg/vorbis';

const DEFAULT_BLOCK_FRAMES = 65536;
const TAIL_BYTES = 64 * 1024;
const MAX_TAIL_BYTES = 4 * 1024 * 1024;

type CodecName = 'vorbis' | 'opus';

/** What the first packet of a logical stream says it carries (the codecs' identification headers). */
function identify(first: Uint8Array): { codec: CodecName | null; name: string } {
  const ascii = (n: number) => String.fromCharCode(...first.subarray(0, n));
  if (ascii(7) === '\x01vorbis') return { codec: 'vorbis', name: 'Vorbis' };
  if (ascii(8) === 'OpusHead') return { codec: 'opus', name: 'Opus' };
  if (ascii(5) === '\x7fFLAC') return { codec: null, name: 'FLAC' };
  if (ascii(8) === 'Speex   ') return { codec: null, name: 'Speex' };
  if (ascii(7) === '\x80theora') return { codec: null, name: 'Theora video' };
  if (ascii(8) === 'PCM     ') return { codec: null, name: 'PCM (OggPCM)' };
  if (ascii(8) === 'CELT    ') return { codec: null, name: 'CELT' };
  if (ascii(8) === 'fishead\0') return { codec: null, name: 'a Skeleton index' };
  if (ascii(5) === '\x80kate') return { codec: null, name: 'Kate subtitles' };
  const shown = Array.from(first.subarray(0, 8), (v) => (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '?')).join('');
  return { codec: null, name: `an unknown codec (its first packet starts with ${JSON.stringify(shown)})` };
}

/** The first packet on a BOS page (identification headers fit in their first page). */
function firstPacket(page: OggPage): Uint8Array {
  let n = 0;
  for (const lace of page.lacing) {
    n += lace;
    if (lace < 255) break;
  }
  return page.body.subarray(0, n);
}

interface StreamHeaders {
  readonly serial: number;
  readonly codec: OggCodec;
  /** File offset of the first page with audio (where the audio bytes start), or null when the stream has none. */
  readonly audioStart: number | null;
}

/** Reads pages from the start until the chosen stream's headers are complete and its first audio page is seen. */
async function readHeaders(fh: FileHandle, start: number, size: number): Promise<StreamHeaders> {
  const pages = new OggPageStream(fh, start, size, 64 * 1024);
  const asm = new OggPacketAssembler();
  let serial = -1;
  let codecName: CodecName | null = null;
  let firstFound: string | null = null;
  let headerCount = 0;
  const headers: Uint8Array[] = [];
  let sawPage = false;
  const headersRead = () => headers.filter(Boolean).length;
  scan: for (;;) {
    const batch = await pages.next();
    if (!batch) break;
    for (const page of batch) {
      sawPage = true;
      if (serial < 0) {
        if (!(page.flags & FLAG_BOS)) {
          throw new AudioError(`the Ogg stream carries ${firstFound ?? 'no identifiable codec'}, which is not supported: only Vorbis and Opus are read from Ogg`);
        }
        const id = identify(firstPacket(page));
        if (id.codec === null) {
          if (firstFound === null || firstFound === 'a Skeleton index') firstFound = id.name;
          continue;
        }
        serial = page.serial;
        codecName = id.codec;
        headerCount = id.codec === 'vorbis' ? 3 : 2;
      }
      if (page.serial !== serial) continue;
      const firstIndex = asm.packetCount;
      // The comment header (packet 1) can hold cover art: its bytes are not kept.
      const { packets } = asm.push(page, (i) => i !== 1);
      for (let k = 0; k < packets.length && firstIndex + k < headerCount; k++) headers[firstIndex + k] = packets[k].slice();
      if (asm.packetCount > headerCount || (page.flags & FLAG_EOS)) {
        if (headersRead() < headerCount) break scan;
        const audio = packets.slice(Math.max(0, headerCount - firstIndex));
        const codec = makeCodec(codecName!, headers, audio.length > 0 ? page : null, audio);
        return { serial, codec, audioStart: audio.length > 0 ? page.offset : null };
      }
    }
  }
  if (serial < 0) {
    if (!sawPage) throw new AudioError('the file starts with "OggS" but holds no valid Ogg page (CRC mismatch or cut short)');
    throw new AudioError(`the Ogg stream carries ${firstFound ?? 'no identifiable codec'}, which is not supported: only Vorbis and Opus are read from Ogg`);
  }
  if (headersRead() < headerCount) {
    throw new AudioError(`the Ogg ${codecName === 'vorbis' ? 'Vorbis' : 'Opus'} stream ends inside its headers (${headersRead()} of ${headerCount} header packets read)`);
  }
  // Headers complete but no audio page at all: an empty stream.
  return { serial, codec: makeCodec(codecName!, headers, null, []), audioStart: null };
}

function makeCodec(name: CodecName, headers: Uint8Array[], firstAudioPage: OggPage | null, audio: Uint8Array[]): OggCodec {
  if (name === 'opus') {
    const head = parseOpusHead(headers[0]);
    return opusCodec(head, firstAudioPage ? opusStartGranule(firstAudioPage, audio) : 0);
  }
  const setup = headers[2];
  if (String.fromCharCode(...setup.subarray(0, 7)) !== '\x05vorbis') {
    throw new AudioError('the third Vorbis header packet is not the setup header ("\\x05vorbis")');
  }
  return vorbisCodec(parseVorbisId(headers[0]), { id: headers[0], setup });
}

interface StreamTail {
  /** Granule of the stream's last page that has one, or -1. */
  readonly granule: number;
  readonly eos: boolean;
  /** File offset just past the stream's last page. */
  readonly end: number;
  /** Bytes after the last page of any stream that are not a page cut short (junk). */
  readonly junkBytes: number;
  /** Another logical stream begins after this one ended (a chained file). */
  readonly chained: boolean;
}

/** The last page of the stream, from the last 64 KiB of the file (widened until one is found). */
async function readTail(fh: FileHandle, size: number, serial: number, from: number): Promise<StreamTail | null> {
  for (let window = TAIL_BYTES; ; window *= 2) {
    const start = Math.max(from, size - window);
    const buf = new Uint8Array(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const all = pagesIn(buf.subarray(0, bytesRead), start);
    const ours = all.filter((p) => p.serial === serial);
    if (ours.length > 0) {
      const last = ours[ours.length - 1];
      const withGranule = ours.filter((p) => p.granule >= 0);
      const lastAny = all[all.length - 1];
      const afterAll = lastAny.offset + lastAny.length;
      const rest = buf.subarray(afterAll - start, bytesRead);
      const cut = rest.length >= 4 && String.fromCharCode(...rest.subarray(0, 4)) === 'OggS';
      return {
        granule: withGranule.length > 0 ? withGranule[withGranule.length - 1].granule : -1,
        eos: (last.flags & FLAG_EOS) !== 0,
        end: last.offset + last.length,
        junkBytes: cut ? 0 : rest.length,
        chained: (last.flags & FLAG_EOS) !== 0 && all.some((p) => p.offset > last.offset && (p.flags & FLAG_BOS) !== 0),
      };
    }
    if (start === from || window >= MAX_TAIL_BYTES) return null;
  }
}

export async function openOgg(absPath: string, probe: Probe): Promise<AudioSource> {
  const fh = await open(absPath, 'r');
  try {
    return await oggSource(fh, probe);
  } catch (e) {
    await fh.close();
    throw e;
  }
}

async function oggSource(fh: FileHandle, probe: Probe): Promise<AudioSource> {
  const { offset, size } = probe;
  const { serial, codec, audioStart } = await readHeaders(fh, offset, size);
  const tail = audioStart === null ? null : await readTail(fh, size, serial, audioStart);
  const notes: string[] = [];
  if (tail?.junkBytes) notes.push(`${tail.junkBytes} bytes after the last Ogg page are not Ogg data; they are ignored.`);
  if (tail?.chained) notes.push('Another Ogg stream is chained after the first one; only the first is read (as libsndfile does).');
  let frames = tail && tail.granule >= 0 ? codec.framesAtGranule(tail.granule) : 0;
  const audioBytes = audioStart === null ? 0 : (tail ? tail.end : size) - audioStart;
  const { sampleRate, channels } = codec;
  const format: SourceFormat = {
    container: 'OGG', encoding: codec.encoding, bitsPerSample: null, validBits: null, sampleRate, channels,
    storage: 'lossy',
    get frames() { return frames; },
    get durationSec() { return frames / sampleRate; },
    // Average over the file: audio bytes · 8 / duration / 1000 (the report's definition).
    get bitrateKbps() { return frames > 0 ? (audioBytes * 8) / (frames / sampleRate) / 1000 : null; },
  };

  async function read(onBlock: Parameters<AudioSource['read']>[0], opts: Parameters<AudioSource['read']>[1] = {}): Promise<StreamIntegrity> {
    const startFrame = Math.max(0, opts.startFrame ?? 0);
    const endFrame = opts.endFrame ?? Infinity;
    // Short files get short block buffers (the count at open is a good guess; a longer stream just flushes more often).
    const blockFrames = opts.blockFrames ?? Math.max(4096, Math.min(DEFAULT_BLOCK_FRAMES, frames));
    const writer = new BlockWriter(channels, blockFrames, startFrame, endFrame, onBlock, opts.signal);
    opts.signal?.throwIfAborted();
    let firstDamageFrame = -1;
    const markDamage = () => { if (firstDamageFrame < 0) firstDamageFrame = writer.position; };
    let decoderErrors = 0;
    let firstDecoderError = '';
    let lostPages = 0;
    // Damage met before the stream's end (what follows its end-of-stream page is not part of it).
    let damagedRegions = 0;
    let badCrcPages = 0;
    let skippedBytes = 0;
    const decoder = await codec.createDecoder((message) => {
      markDamage();
      if (decoderErrors++ === 0) firstDecoderError = message;
    });
    const pages = new OggPageStream(fh, offset, size);
    const asm = new OggPacketAssembler();
    const headerCount = codec.headerPackets;
    let eos = false;
    let stopped = false;
    try {
      outer: for (;;) {
        const batch = await pages.next();
        if (!batch) break;
        for (const page of batch) {
          opts.signal?.throwIfAborted();
          if (page.skippedBefore > 0) {
            markDamage();
            damagedRegions++;
            skippedBytes += page.skippedBefore;
            badCrcPages += page.badCrcBefore;
          }
          if (page.serial !== serial) continue;
          const firstIndex = asm.packetCount;
          const { packets, hole } = asm.push(page, (i) => i >= headerCount);
          if (hole && page.skippedBefore === 0) {
            lostPages++;
            markDamage();
          }
          const audio = firstIndex >= headerCount ? packets : packets.slice(headerCount - firstIndex);
          if (audio.length > 0) {
            const pending = decoder.decodePage(audio, page, hole, writer);
            if (pending) await pending;
          }
          if (page.flags & FLAG_EOS) {
            eos = true;
            break outer;
          }
          if (writer.done) {
            stopped = true;
            break outer;
          }
        }
        opts.onBytes?.(pages.bytesRead);
      }
    } finally {
      decoder.free();
    }
    writer.flush();
    opts.onBytes?.(pages.bytesRead);
    const end = pages.end;
    if (!stopped && !eos && end.skippedBytes > 0) {
      // Bytes that are no page after the last one, in a stream that never ended.
      markDamage();
      damagedRegions++;
      skippedBytes += end.skippedBytes;
      badCrcPages += end.badCrcPages;
    }
    if (!stopped) frames = writer.position;
    const delivered = Math.max(0, Math.min(writer.position, endFrame) - startFrame);
    const truncated = stopped || eos ? null : {
      declaredFrames: null,
      detail: `the Ogg stream has no end-of-stream page: it stops after ${(writer.position / sampleRate).toFixed(2)} s`
        + (end.cutPageBytes > 0 ? ` (its last page is cut short after ${end.cutPageBytes} bytes)` : ''),
    };
    const count = damagedRegions + lostPages + decoderErrors;
    const parts: string[] = [];
    if (badCrcPages > 0) parts.push(`${badCrcPages} Ogg page${badCrcPages === 1 ? '' : 's'} failed the CRC check`);
    if (skippedBytes > 0) parts.push(`${skippedBytes} bytes were skipped to regain sync`);
    if (lostPages > 0) parts.push(`${lostPages} page${lostPages === 1 ? ' is' : 's are'} missing from the sequence`);
    if (decoderErrors > 0) parts.push(`the ${codec.encoding === 'vorbis' ? 'Vorbis' : 'Opus'} decoder rejected ${decoderErrors} packet${decoderErrors === 1 ? '' : 's'} (${firstDecoderError})`);
    const decodeErrors = count === 0 ? null : {
      count, firstFrame: Math.max(0, firstDamageFrame),
      detail: `${parts.join('; ')}; first damage at ${(Math.max(0, firstDamageFrame) / sampleRate).toFixed(2)} s`,
    };
    return { frames: delivered, truncated, decodeErrors };
  }

  return { format, codeOr: null, notes, read, close: () => fh.close() };
}
