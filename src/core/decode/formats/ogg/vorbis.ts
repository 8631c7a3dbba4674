// Ogg Vorbis through libvorbis compiled to WASM (npm @wasm-audio-decoders/ogg-vorbis, MIT). Our own page layer feeds
// it packets; the start offset and end trimming follow libsndfile's ogg_vorbis.c (sf.frames = pcm_end - pcm_start).
// Loaded on the first Vorbis stream (a dynamic import): other files never evaluate the 70 KB decoder.
import type { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
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
 * decoder the packets our page layer assembled. Its decodePackets copies every packet's output twice into fresh
 * arrays, so we call the WASM function it wraps and read the output in place; the heap never grows
 * (emscripten_resize_heap returns false), so the views stay valid. The package version is pinned in package.json.
 */
interface VorbisDecoderInternals {
  sendSetupHeader(packet: Uint8Array): void;
  initDsp(): void;
  _common: { wasm: { HEAP: ArrayBuffer; decode_packets(decoder: number): void }; codeToString(ptr: number): string };
  _decoder: number;
  _input: { buf: Uint8Array };
  _inputLen: { buf: Uint32Array };
  _outputBufferPtr: { buf: Uint32Array };
  _samplesDecoded: { buf: Uint32Array };
  _errors: { buf: Uint32Array };
  _errorsLength: { buf: Int32Array };
}

// The decoder's input buffer (OggVorbisDecoder.js `_inputSize`): a larger packet would overflow it.
const INPUT_BYTES = 128 * 1024;

export function vorbisCodec(id: VorbisId, headers: { id: Uint8Array; setup: Uint8Array }): OggCodec {
  if (headers.setup.length > INPUT_BYTES) {
    throw new AudioError(`the Vorbis setup header is ${headers.setup.length} bytes, more than the decoder's ${INPUT_BYTES}`);
  }
  return {
    encoding: 'vorbis', sampleRate: id.sampleRate, channels: id.channels, headerPackets: 3,
    // libsndfile: pcm_end - pcm_start; pcm_start is 0 unless the stream was cut from a longer one (then a full read
    // gives the exact count: the output ends at the last granule counted from the first page's).
    framesAtGranule: (g) => Math.max(0, g),
    createDecoder: async (onError) => new VorbisPageDecoder(await startDecoder(headers), headers, id.channels, onError),
  };
}

/** A libvorbis decoder primed with the identification and setup headers. */
async function startDecoder(headers: { id: Uint8Array; setup: Uint8Array }): Promise<OggVorbisDecoder> {
  const { OggVorbisDecoder: Decoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const wrapper = new Decoder();
  await wrapper.ready;
  const decoder = internals(wrapper);
  // The comment header is not needed: the decoder substitutes an empty one.
  decoder.sendSetupHeader(headers.id);
  decoder.sendSetupHeader(headers.setup);
  decoder.initDsp();
  if (decoder._errorsLength.buf[0] > 0) {
    const why = errorText(decoder, 0);
    wrapper.free();
    throw new AudioError(`libvorbis rejects the stream's headers (${why})`);
  }
  return wrapper;
}

/** Error i of the decoder's list: a pair of C strings (the failing libvorbis call and its error; either may be empty). */
function errorText(d: VorbisDecoderInternals, i: number): string {
  return [d._common.codeToString(d._errors.buf[i]), d._common.codeToString(d._errors.buf[i + 1])].filter((t) => t !== '').join(': ');
}

function internals(wrapper: OggVorbisDecoder): VorbisDecoderInternals {
  return (wrapper as unknown as { _decoder: VorbisDecoderInternals })._decoder;
}

/**
 * vorbis_read_sample in libsndfile: packets through libvorbis, which trims the end of the stream to the granule
 * position of the last page (block.c vorbis_synthesis_blockin) counting from the last page it saw before it; after a
 * hole libsndfile restarts the decoder (vorbis_synthesis_restart), so the first packet after it yields nothing.
 */
class VorbisPageDecoder implements OggPageDecoder {
  /** Granule of the last page decoded, -1 before the first or after a restart. */
  private lastGranule = -1;
  private restarted = false;
  private decoder: VorbisDecoderInternals;
  private readonly views: Float32Array[];

  constructor(
    private wrapper: OggVorbisDecoder,
    private readonly headers: { id: Uint8Array; setup: Uint8Array },
    channels: number,
    private readonly onError: (message: string) => void,
  ) {
    this.decoder = internals(wrapper);
    this.views = new Array<Float32Array>(channels);
  }

  /** One packet through vorbis_synthesis / blockin / pcmout; returns the samples per channel it released. */
  private decodePacket(packet: Uint8Array): number {
    const d = this.decoder;
    if (packet.length > INPUT_BYTES) {
      this.onError(`a Vorbis packet of ${packet.length} bytes is larger than the decoder takes`);
      return 0;
    }
    d._input.buf.set(packet);
    d._inputLen.buf[0] = packet.length;
    d._common.wasm.decode_packets(d._decoder);
    const errors = d._errorsLength.buf[0];
    for (let i = 0; i < errors; i += 2) {
      this.onError(errorText(d, i));
    }
    d._errorsLength.buf[0] = 0;
    const n = d._samplesDecoded.buf[0];
    if (n > 0) {
      const heap = d._common.wasm.HEAP;
      const pointers = new Uint32Array(heap, d._outputBufferPtr.buf[0], this.views.length);
      for (let c = 0; c < this.views.length; c++) this.views[c] = new Float32Array(heap, pointers[c], n);
    }
    return n;
  }

  decodePage(packets: readonly Uint8Array[], page: OggPage, hole: boolean, out: PcmSink): void | Promise<void> {
    if (packets.length === 0) return;
    if (hole) return this.restart().then(() => this.decodeNow(packets, page, out));
    this.decodeNow(packets, page, out);
  }

  private async restart(): Promise<void> {
    const fresh = await startDecoder(this.headers);
    this.wrapper.free();
    this.wrapper = fresh;
    this.decoder = internals(fresh);
    this.lastGranule = -1;
    this.restarted = true;
  }

  private decodeNow(packets: readonly Uint8Array[], page: OggPage, out: PcmSink): void {
    if ((page.flags & FLAG_EOS) && page.granule >= 0) {
      // The last page holds its granule minus the previous page's; a stream of one audio page starts at 0 (the spec
      // cuts its end, not its beginning). Right after a restart libvorbis has no position yet and trims nothing.
      if (this.lastGranule >= 0) out.endAt(out.position + (page.granule - this.lastGranule));
      else if (!this.restarted) out.endAt(page.granule);
    }
    for (const p of packets) {
      const n = this.decodePacket(p);
      if (n > 0) out.write(this.views, 0, n, 1);
    }
    if (page.granule >= 0) this.lastGranule = page.granule;
  }

  free(): void {
    this.wrapper.free();
  }
}
