// Ogg Vorbis through libvorbis compiled to WASM (npm @wasm-audio-decoders/ogg-vorbis, MIT). Our own page layer feeds
// it packets; the start offset and end trimming follow libsndfile's ogg_vorbis.c (sf.frames = pcm_end - pcm_start).
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { AudioError } from '../../source';
import type { OggCodec, OggPageDecoder, PcmSink } from './codec';
import { FLAG_EOS, type OggPage } from './pages';

export interface VorbisId {
  readonly channels: number;
  readonly sampleRate: number;
  readonly nominalBitrate: number;
}

/** Parses the identification header "\x01vorbis" (Vorbis I spec §4.2.2). */
export function parseVorbisId(p: Uint8Array): VorbisId {
  if (p.length < 30) throw new AudioError(`the Vorbis identification header is ${p.length} bytes, shorter than its 30`);
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const version = dv.getUint32(7, true);
  if (version !== 0) throw new AudioError(`the Vorbis identification header has version ${version} (only 0 exists)`);
  const channels = p[11];
  const sampleRate = dv.getUint32(12, true);
  if (channels === 0 || sampleRate === 0) {
    throw new AudioError(`the Vorbis identification header declares ${channels} channels at ${sampleRate} Hz`);
  }
  return { channels, sampleRate, nominalBitrate: dv.getInt32(20, true) };
}

/**
 * The libvorbis decoder inside OggVorbisDecoder (its `_decoder`): the package exports only the Ogg wrapper, whose
 * own Ogg parser (codec-parser) neither checks page CRCs nor handles lost pages the way libogg does, so we give the
 * decoder the packets our page layer assembled. The package version is pinned in package.json for this reason.
 */
interface VorbisPacketDecoder {
  sendSetupHeader(packet: Uint8Array): void;
  initDsp(): void;
  decodePackets(packets: Uint8Array[]): {
    channelData: Float32Array[];
    samplesDecoded: number;
    errors: { message: string }[];
  };
}

// The decoder's input buffer (OggVorbisDecoder.js `_inputSize`): a larger packet would overflow it.
const INPUT_BYTES = 128 * 1024;

export function vorbisCodec(id: VorbisId, headers: { id: Uint8Array; setup: Uint8Array }): OggCodec {
  if (headers.setup.length > INPUT_BYTES) {
    throw new AudioError(`the Vorbis setup header is ${headers.setup.length} bytes, more than the decoder's ${INPUT_BYTES}`);
  }
  return {
    encoding: 'vorbis', sampleRate: id.sampleRate, channels: id.channels, headerPackets: 3,
    // libsndfile: pcm_end - pcm_start; pcm_start is 0 unless the stream was cut from a longer one (known once decoded).
    framesAtGranule: (g) => Math.max(0, g),
    createDecoder: async (onError) => {
      const wrapper = new OggVorbisDecoder();
      await wrapper.ready;
      const decoder = (wrapper as unknown as { _decoder: VorbisPacketDecoder })._decoder;
      // The comment header is not needed: the decoder substitutes an empty one.
      decoder.sendSetupHeader(headers.id);
      decoder.sendSetupHeader(headers.setup);
      decoder.initDsp();
      return new VorbisPageDecoder(wrapper, decoder, onError);
    },
  };
}

class VorbisPageDecoder implements OggPageDecoder {
  private pcmStart = -1;

  constructor(
    private readonly wrapper: OggVorbisDecoder,
    private readonly decoder: VorbisPacketDecoder,
    private readonly onError: (message: string) => void,
  ) {}

  decodePage(packets: readonly Uint8Array[], page: OggPage, _hole: boolean, out: PcmSink): void {
    if (packets.length === 0) return;
    const usable: Uint8Array[] = [];
    for (const p of packets) {
      if (p.length > INPUT_BYTES) this.onError(`a Vorbis packet of ${p.length} bytes is larger than the decoder takes`);
      else usable.push(p);
    }
    const r = this.decoder.decodePackets(usable);
    for (const e of r.errors) this.onError(e.message);
    const eos = (page.flags & FLAG_EOS) !== 0;
    if (this.pcmStart < 0 && page.granule >= 0) {
      // vorbis_calculate_granulepos on the first audio page: its granule minus the samples its blocks produced.
      this.pcmStart = eos ? 0 : Math.max(0, page.granule - r.samplesDecoded);
    }
    if (eos && page.granule >= 0) out.endAt(page.granule - Math.max(0, this.pcmStart));
    if (r.samplesDecoded > 0) out.write(r.channelData, 0, r.samplesDecoded, 1);
  }

  free(): void {
    this.wrapper.free();
  }
}
