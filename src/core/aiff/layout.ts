// AIFF and AIFF-C header parsing (Apple AIFF 1.3, 1989; AIFF-C draft, 1991) by walking chunks with small positioned
// reads, like the WAV parser beside it. It produces the same WavLayout, so src/core/wav/reader.ts streams the SSND data
// and src/core/wav/decode.ts decodes it (big-endian loops; 'sowt' is little-endian; 8-bit AIFF is signed).
// Where the spec leaves room, it reads as libsndfile's aiff.c does.
import type { WavLayout } from '../types';
import { AudioError } from '../decode/source';
import type { ByteSource } from '../wav/layout';
import { readExtended80 } from './extended';

type Encoding = WavLayout['encoding'];

/** How an AIFC compression type stores samples; `bits` fixes the sample size whatever COMM says. */
interface Compression {
  readonly encoding: Encoding;
  readonly bigEndian: boolean;
  readonly bits?: number;
  /** 'raw ': 8-bit offset binary (128 = zero), as in WAV. */
  readonly unsigned8?: boolean;
}

const BE_PCM: Compression = { encoding: 'pcm', bigEndian: true };
const LE_PCM: Compression = { encoding: 'pcm', bigEndian: false };
// The compression types libsndfile's aiff_read_comm_chunk reads as PCM, float or G.711 (plain AIFF is 'NONE').
const COMPRESSIONS: Record<string, Compression> = {
  NONE: BE_PCM, twos: BE_PCM, in24: BE_PCM, in32: BE_PCM,
  sowt: LE_PCM, '42n1': LE_PCM, '23ni': LE_PCM,
  'raw ': { encoding: 'pcm', bigEndian: true, unsigned8: true },
  fl32: { encoding: 'float', bigEndian: true, bits: 32 }, FL32: { encoding: 'float', bigEndian: true, bits: 32 },
  fl64: { encoding: 'float', bigEndian: true, bits: 64 }, FL64: { encoding: 'float', bigEndian: true, bits: 64 },
  alaw: { encoding: 'alaw', bigEndian: true, bits: 8 }, ALAW: { encoding: 'alaw', bigEndian: true, bits: 8 },
  ulaw: { encoding: 'mulaw', bigEndian: true, bits: 8 }, ULAW: { encoding: 'mulaw', bigEndian: true, bits: 8 },
};

const KNOWN_COMPRESSIONS: Record<string, string> = {
  ima4: 'IMA 4:1 ADPCM', MAC3: 'MACE 3:1', MAC6: 'MACE 6:1', 'GSM ': 'GSM 06.10', DWVW: 'DWVW', QDMC: 'QDesign Music',
  QDM2: 'QDesign Music 2', Qclp: 'Qualcomm PureVoice', 'G722': 'G.722', 'G726': 'G.726', 'G728': 'G.728',
};

const COMM_BYTES = 18;
/** COMM grows by the 4-byte compressionType (then a Pascal-string name) in AIFF-C. */
const AIFC_COMM_BYTES = 22;
const MAX_CHUNKS = 10_000;

interface Comm {
  readonly channels: number;
  readonly frames: number;
  readonly sampleRate: number;
  readonly compression: Compression;
  readonly bitsPerSample: number;
  readonly validBits: number;
  readonly notes: string[];
}

export async function parseAiffLayout(src: ByteSource): Promise<WavLayout> {
  if (src.size === 0) throw new AudioError('the file is empty (0 bytes)');
  const head = await src.read(0, 12);
  if (head.length < 12) throw new AudioError(`the file is only ${head.length} bytes, too short for an AIFF FORM header`);
  if (ascii(head, 0) !== 'FORM') throw new AudioError(`not an AIFF file: it starts with ${JSON.stringify(printable(ascii(head, 0)))}, not FORM`);
  const form = ascii(head, 8);
  if (form !== 'AIFF' && form !== 'AIFC') throw new AudioError(`not an AIFF file: the FORM type is ${JSON.stringify(printable(form))}, not AIFF or AIFC`);

  let comm: Comm | undefined;
  let ssnd: { body: number; size: number; offset: number } | undefined;
  let pos = 12;
  for (let n = 0; n < MAX_CHUNKS && pos + 8 <= src.size; n++) {
    const h = await src.read(pos, 8);
    const id = ascii(h, 0);
    const size = u32(h, 4);
    const body = pos + 8;
    if (id === 'COMM') {
      if (comm) throw new AudioError('the file has two COMM chunks');
      comm = parseComm(await src.read(body, Math.min(size, 64)), size);
    } else if (id === 'SSND' && !ssnd) {
      const fields = await src.read(body, 8);
      if (size < 8) throw new AudioError(`the SSND chunk is ${size} bytes, fewer than the 8 of its offset and blockSize fields`);
      if (fields.length < 8) throw new AudioError('the file ends inside the SSND chunk\'s offset and blockSize fields');
      ssnd = { body, size, offset: u32(fields, 0) };
      // A size past the end of the file ends the walk: nothing can follow it.
      if (body + size > src.size) break;
    }
    pos = body + size + (size & 1);
  }

  if (!comm) throw new AudioError('the COMM chunk is missing');
  const blockAlign = comm.channels * (comm.bitsPerSample / 8);
  const base = {
    container: form,
    encoding: comm.compression.encoding,
    bitsPerSample: comm.bitsPerSample,
    validBits: comm.validBits,
    sampleRate: comm.sampleRate,
    channels: comm.channels,
    bigEndian: comm.compression.bigEndian,
    pcm8Signed: !comm.compression.unsigned8,
    blockAlign,
    fileBytes: src.size,
  } as const;
  if (!ssnd) {
    // AIFF 1.3: "the Sound Data Chunk is optional if numSampleFrames is zero".
    if (comm.frames !== 0) throw new AudioError(`the SSND chunk is missing (the COMM chunk declares ${comm.frames} frames)`);
    return { ...base, frames: 0, durationSec: 0, dataOffset: src.size, declaredDataBytes: 0, dataBytes: 0, truncated: false, notes: comm.notes };
  }
  const declaredDataBytes = ssnd.size - 8 - ssnd.offset;
  if (declaredDataBytes < 0) {
    throw new AudioError(`the SSND chunk's offset field (${ssnd.offset}) points past the end of its ${ssnd.size} bytes`);
  }
  // The offset field skips alignment padding before the first sample (AIFF 1.3 "offset").
  const dataOffset = ssnd.body + 8 + ssnd.offset;
  const available = Math.max(0, src.size - dataOffset);
  const truncated = declaredDataBytes > available;
  const frames = Math.floor(Math.min(declaredDataBytes, available) / blockAlign);
  const ssndFrames = Math.floor(declaredDataBytes / blockAlign);
  const notes = [...comm.notes];
  if (comm.frames !== ssndFrames) {
    notes.push(`The COMM chunk declares ${comm.frames} frames but the SSND chunk's size gives ${ssndFrames}; the SSND chunk's frames were read, as libsndfile does.`);
  }
  return {
    ...base, frames, durationSec: frames / comm.sampleRate, dataOffset, declaredDataBytes,
    dataBytes: frames * blockAlign, truncated, notes,
  };
}

function parseComm(b: Uint8Array, size: number): Comm {
  if (size < COMM_BYTES || b.length < COMM_BYTES) {
    throw new AudioError(`the COMM chunk is ${Math.min(size, b.length)} bytes, fewer than the ${COMM_BYTES} it needs`);
  }
  const channels = i16(b, 0);
  const frames = u32(b, 2);
  const sampleSize = i16(b, 6);
  const sampleRate = readExtended80(b, 8);
  // libsndfile reads a compression type whenever the chunk has room for one, AIFF or AIFC.
  const type = size >= AIFC_COMM_BYTES && b.length >= AIFC_COMM_BYTES ? ascii(b, 18) : 'NONE';
  const compression = COMPRESSIONS[type];
  if (!compression) {
    const known = KNOWN_COMPRESSIONS[type];
    throw new AudioError(`unsupported encoding: AIFF-C compression ${JSON.stringify(printable(type))}${known ? ` (${known})` : ''}`);
  }
  if (channels < 1) throw new AudioError(`the COMM chunk declares ${channels} channels`);
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new AudioError(`the COMM chunk declares a sample rate of ${sampleRate} Hz`);

  const notes: string[] = [];
  if (compression.bits !== undefined) {
    // libsndfile fixes 'fl32' files that declare 16 bits; G.711 stores a byte per sample whatever sampleSize says.
    if (compression.encoding === 'float' && sampleSize !== compression.bits) {
      notes.push(`The COMM chunk's sampleSize is ${sampleSize} for ${compression.bits}-bit float ('${type}') data; read as ${compression.bits}-bit float, as libsndfile does.`);
    }
    return { channels, frames, sampleRate, compression, bitsPerSample: compression.bits, validBits: compression.bits, notes };
  }
  const maxBits = compression.unsigned8 ? 8 : 32;
  if (sampleSize < 1 || sampleSize > maxBits) {
    throw new AudioError(`unsupported encoding: ${sampleSize}-bit ${compression.unsigned8 ? 'unsigned PCM (\'raw \')' : 'PCM'}`);
  }
  // Samples narrower than their bytes are left-justified (AIFF 1.3 "sampleSize"): the container decides the scale.
  return { channels, frames, sampleRate, compression, bitsPerSample: Math.ceil(sampleSize / 8) * 8, validBits: sampleSize, notes };
}

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
function i16(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16)) >> 16;
}
function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}
