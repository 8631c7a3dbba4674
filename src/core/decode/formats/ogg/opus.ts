// Ogg Opus (RFC 7845) through libopus compiled to WASM (npm opus-decoder, MIT). Pre-skip, the start offset and the
// end trimming follow libsndfile's ogg_opus.c exactly, so frame counts equal what soundfile.read returns.
// Loaded on the first Opus stream (a dynamic import): other files never evaluate the 80 KB decoder.
import type { OpusDecoder } from 'opus-decoder';
import { AudioError } from '../../source';
import type { OggCodec, OggPageDecoder, PcmSink } from './codec';
import { FLAG_EOS, type OggPage } from './pages';

export interface OpusHead {
  readonly channels: number;
  /** Samples at 48 kHz to drop at the start (RFC 7845 §4.2). */
  readonly preSkip: number;
  readonly inputSampleRate: number;
  /** Output gain, Q7.8 dB. */
  readonly gainQ8: number;
  readonly mappingFamily: number;
  readonly streamCount: number;
  readonly coupledStreamCount: number;
  readonly channelMapping: number[];
}

/** Parses the identification header "OpusHead" (RFC 7845 §5.1). */
export function parseOpusHead(p: Uint8Array): OpusHead {
  if (p.length < 19) throw new AudioError(`the OpusHead header is ${p.length} bytes, shorter than its 19`);
  const version = p[8];
  if (version >> 4 !== 0) throw new AudioError(`the OpusHead header has version ${version}, which no decoder reads (only 0-15)`);
  const channels = p[9];
  if (channels === 0) throw new AudioError('the OpusHead header declares 0 channels');
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const mappingFamily = p[18];
  let streamCount = 1;
  let coupledStreamCount = channels - 1;
  let channelMapping = channels === 2 ? [0, 1] : [0];
  if (mappingFamily === 0) {
    if (channels > 2) throw new AudioError(`the OpusHead header declares ${channels} channels with mapping family 0 (at most 2)`);
  } else {
    if (p.length < 21 + channels) throw new AudioError('the OpusHead header is too short for its channel mapping table');
    streamCount = p[19];
    coupledStreamCount = p[20];
    channelMapping = Array.from(p.subarray(21, 21 + channels));
    if (streamCount === 0 || coupledStreamCount > streamCount) {
      throw new AudioError(`the OpusHead header declares ${streamCount} streams of which ${coupledStreamCount} coupled`);
    }
  }
  return {
    channels, preSkip: dv.getUint16(10, true), inputSampleRate: dv.getUint32(12, true), gainQ8: dv.getInt16(16, true),
    mappingFamily, streamCount, coupledStreamCount, channelMapping,
  };
}

/**
 * The decoding rate for an OpusHead input rate: the lowest Opus rate at or above it, as libsndfile's
 * ogg_opus_setup_decoder chooses (22.05 kHz -> 24 kHz, 44.1 kHz -> 48 kHz); 0 ("unspecified", RFC 7845) -> 48 kHz,
 * where libsndfile would pick 8 kHz and drop everything above 4 kHz.
 */
export function opusOutputRate(inputSampleRate: number): number {
  if (inputSampleRate === 0 || inputSampleRate > 24000) return 48000;
  if (inputSampleRate > 16000) return 24000;
  if (inputSampleRate > 12000) return 16000;
  if (inputSampleRate > 8000) return 12000;
  return 8000;
}

/** Samples at 48 kHz in one Opus packet from its TOC byte (RFC 6716 §3.1; libopus opus_packet_get_nb_samples). */
export function opusPacketSamples48k(p: Uint8Array): number {
  if (p.length === 0) return 0;
  const config = p[0] >> 3;
  const perFrame = config < 12 ? [480, 960, 1920, 2880][config & 3]
    : config < 16 ? [480, 960][config & 1]
      : [120, 240, 480, 960][config & 3];
  const code = p[0] & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : p.length > 1 ? p[1] & 0x3f : 0;
  const n = frames * perFrame;
  return n > 5760 ? 0 : n; // more than 120 ms is an invalid packet
}

/** libsndfile's start offset: the first audio page's granule minus the samples of the packets on it. */
export function opusStartGranule(firstAudioPage: OggPage, packets: readonly Uint8Array[]): number {
  let duration = 0;
  for (const p of packets) duration += opusPacketSamples48k(p);
  if (firstAudioPage.flags & FLAG_EOS) return 0; // one-page stream: its granule may be less than its samples (end trim)
  return Math.max(0, firstAudioPage.granule - duration);
}

export function opusCodec(head: OpusHead, startGranule: number): OggCodec {
  const sampleRate = opusOutputRate(head.inputSampleRate);
  const factor = 48000 / sampleRate;
  // libsndfile ogg_opus_analyze_file: (gp_end - gp_start - preskip) / sr_factor, integer division.
  const framesAtGranule = (g: number) => Math.max(0, Math.floor((g - startGranule - head.preSkip) / factor));
  return {
    encoding: 'opus', sampleRate, channels: head.channels, headerPackets: 2, framesAtGranule,
    createDecoder: async (onError) => {
      const { OpusDecoder: Decoder } = await import('opus-decoder');
      const decoder = new Decoder({
        sampleRate: sampleRate as 8000 | 12000 | 16000 | 24000 | 48000, channels: head.channels,
        streamCount: head.streamCount, coupledStreamCount: head.coupledStreamCount,
        channelMappingTable: head.channelMapping, preSkip: 0,
      });
      await decoder.ready;
      return new OpusPageDecoder(decoder, head, factor, startGranule, onError, framesAtGranule);
    },
  };
}

// opus-decoder's input buffer: 32000 · 0.12 bytes per channel (its OpusDecoder.js); a larger packet would overflow it.
const INPUT_BYTES_PER_CHANNEL = 3840;

/**
 * The WASM side of opus-decoder's OpusDecoder. Its decodeFrame copies each packet's output twice into fresh arrays
 * (a fifth of the decode time went to those copies and their garbage collection), so we call the WASM function it
 * wraps and read the output in place. Its heap never grows (emscripten_resize_heap returns false), so the views stay
 * valid. The package version is pinned in package.json for this reason.
 */
interface OpusDecoderInternals {
  _common: { wasm: { opus_frame_decode_float_deinterleaved(decoder: number, input: number, bytes: number, output: number): number } };
  _decoder: number;
  _input: { ptr: number; buf: Uint8Array };
  _output: { ptr: number; buf: Float32Array };
}

// libopus opus_strerror for the codes opus_decode returns.
const OPUS_ERRORS: Record<number, string> = {
  [-1]: 'OPUS_BAD_ARG', [-2]: 'OPUS_BUFFER_TOO_SMALL', [-3]: 'OPUS_INTERNAL_ERROR', [-4]: 'OPUS_INVALID_PACKET',
};

class OpusPageDecoder implements OggPageDecoder {
  private packetPos: number; // granule (48 kHz) at the start of the next packet
  private pagePos: number; // granule of the current page
  private readonly gain: number;
  private readonly wasm: OpusDecoderInternals;
  private readonly views: Float32Array[];

  constructor(
    private readonly decoder: OpusDecoder<8000 | 12000 | 16000 | 24000 | 48000>,
    private readonly head: OpusHead,
    private readonly factor: number,
    private readonly startGranule: number,
    private readonly onError: (message: string) => void,
    private readonly framesAt: (granule: number) => number,
  ) {
    this.packetPos = startGranule;
    this.pagePos = startGranule;
    // Output gain (RFC 7845 §5.1: 20·log10(gain) = gainQ8 / 256 dB), as libsndfile sets OPUS_SET_GAIN.
    this.gain = 10 ** (head.gainQ8 / (256 * 20));
    this.wasm = decoder as unknown as OpusDecoderInternals;
    this.views = new Array<Float32Array>(head.channels);
  }

  /** Decodes one packet into the decoder's output buffer; returns samples per channel, or -1 when rejected. */
  private decodePacket(packet: Uint8Array): number {
    const w = this.wasm;
    if (packet.length > INPUT_BYTES_PER_CHANNEL * this.head.channels) {
      this.onError(`an Opus packet of ${packet.length} bytes is larger than the decoder takes`);
      return -1;
    }
    w._input.buf.set(packet);
    const n = w._common.wasm.opus_frame_decode_float_deinterleaved(w._decoder, w._input.ptr, packet.length, w._output.ptr);
    if (n < 0) {
      this.onError(`libopus ${OPUS_ERRORS[n] ?? `error ${n}`}`);
      return -1;
    }
    // Planar output: channel c at [c·n, (c+1)·n).
    for (let c = 0; c < this.views.length; c++) this.views[c] = w._output.buf.subarray(c * n, (c + 1) * n);
    return n;
  }

  decodePage(packets: readonly Uint8Array[], page: OggPage, hole: boolean, out: PcmSink): void {
    if (packets.length === 0) return;
    if (hole && page.granule >= 0) {
      // ogg_opus_unpack_next_page after a hole: the page's own granule minus its samples.
      let duration = 0;
      for (const p of packets) duration += opusPacketSamples48k(p);
      this.packetPos = Math.max(0, page.granule - duration);
    }
    // A page without a granule (all bits set, as libsndfile reads it: the largest position) trims nothing.
    this.pagePos = page.granule >= 0 ? page.granule : Infinity;
    const eos = (page.flags & FLAG_EOS) !== 0;
    if (eos && page.granule >= 0) out.endAt(this.framesAt(page.granule));
    const skipEnd = this.startGranule + this.head.preSkip;
    for (const packet of packets) {
      const n = this.decodePacket(packet);
      if (n <= 0) continue;
      const packetEnd = this.packetPos + n * this.factor;
      let len = n;
      // The last page's granule may end before its last packet does: the rest is padding (RFC 7845 §4.4).
      if (packetEnd > this.pagePos && eos) len = Math.max(Math.floor((this.pagePos - this.packetPos) / this.factor), 0);
      const loc = this.packetPos < skipEnd ? Math.min(Math.floor((skipEnd - this.packetPos) / this.factor), len) : 0;
      if (len > loc) out.write(this.views, loc, len, this.gain);
      this.packetPos = packetEnd;
    }
  }

  free(): void {
    this.decoder.free();
  }
}
