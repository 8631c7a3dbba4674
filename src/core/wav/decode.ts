// Interleaved WAV and AIFF sample bytes -> planar Float64 blocks, one specialised loop per encoding.
// Scaling convention (README "Decoding"): signed integer PCM x / 2^(bits-1) with bits = container bits, so -32768 -> -1.0
// (12-in-16 and 20-in-24 are left-justified, so they scale by the container too); 8-bit unsigned (WAV) (x - 128) / 128,
// 8-bit signed (AIFF) x / 128; A-law and µ-law expand to 16-bit (G.711) then / 32768; float as stored.
import type { WavLayout } from '../types';
import { ALAW_TO_LINEAR, MULAW_TO_LINEAR } from './g711';

export interface BlockDecoder {
  /** Decodes `frames` whole frames from `bytes` (aligned to 8 bytes) into out[c][0..frames). */
  decode(bytes: Uint8Array, frames: number, out: readonly Float64Array[]): void;
  /** Integer PCM: OR of every sample code per channel so far (for effectiveBits); null otherwise. */
  readonly codeOr: number[] | null;
}

type Loop = (bytes: Uint8Array, frames: number, channels: number, c: number, out: Float64Array, or: number) => number;

export function createDecoder(layout: WavLayout): BlockDecoder {
  const { channels } = layout;
  const loop = pickLoop(layout);
  const codeOr = layout.encoding === 'pcm' ? new Array<number>(channels).fill(0) : null;
  return {
    codeOr,
    decode(bytes, frames, out) {
      for (let c = 0; c < channels; c++) {
        const or = loop(bytes, frames, channels, c, out[c], 0);
        if (codeOr) codeOr[c] |= or;
      }
    },
  };
}

function pickLoop(l: WavLayout): Loop {
  const be = l.bigEndian;
  switch (l.encoding) {
    case 'alaw': return tableLoop(ALAW_TO_LINEAR);
    case 'mulaw': return tableLoop(MULAW_TO_LINEAR);
    case 'float': return l.bitsPerSample === 32 ? (be ? float32be : float32le) : (be ? float64be : float64le);
    case 'pcm':
      switch (l.bitsPerSample) {
        case 8: return l.pcm8Signed ? pcm8s : pcm8;
        case 16: return be ? pcm16be : pcm16le;
        case 24: return be ? pcm24be : pcm24le;
        default: return be ? pcm32be : pcm32le;
      }
  }
}

const S16 = 1 / 32768;
const S24 = 1 / 8388608;
const S32 = 1 / 2147483648;

const pcm8: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c; i < n; i++, j += ch) {
    const s = b[j] - 128;
    or |= s;
    out[i] = s * (1 / 128);
  }
  return or;
};

const pcm8s: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c; i < n; i++, j += ch) {
    const s = (b[j] << 24) >> 24;
    or |= s;
    out[i] = s * (1 / 128);
  }
  return or;
};

const pcm16le: Loop = (b, n, ch, c, out, or) => {
  const v = new Int16Array(b.buffer, b.byteOffset, n * ch);
  for (let i = 0, j = c; i < n; i++, j += ch) {
    const s = v[j];
    or |= s;
    out[i] = s * S16;
  }
  return or;
};

const pcm16be: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c * 2, step = ch * 2; i < n; i++, j += step) {
    const s = ((b[j] << 24) | (b[j + 1] << 16)) >> 16;
    or |= s;
    out[i] = s * S16;
  }
  return or;
};

const pcm24le: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c * 3, step = ch * 3; i < n; i++, j += step) {
    const s = ((b[j + 2] << 24) | (b[j + 1] << 16) | (b[j] << 8)) >> 8;
    or |= s;
    out[i] = s * S24;
  }
  return or;
};

const pcm24be: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c * 3, step = ch * 3; i < n; i++, j += step) {
    const s = ((b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8)) >> 8;
    or |= s;
    out[i] = s * S24;
  }
  return or;
};

const pcm32le: Loop = (b, n, ch, c, out, or) => {
  const v = new Int32Array(b.buffer, b.byteOffset, n * ch);
  for (let i = 0, j = c; i < n; i++, j += ch) {
    const s = v[j];
    or |= s;
    out[i] = s * S32;
  }
  return or;
};

const pcm32be: Loop = (b, n, ch, c, out, or) => {
  for (let i = 0, j = c * 4, step = ch * 4; i < n; i++, j += step) {
    const s = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
    or |= s;
    out[i] = s * S32;
  }
  return or;
};

const float32le: Loop = (b, n, ch, c, out) => {
  const v = new Float32Array(b.buffer, b.byteOffset, n * ch);
  for (let i = 0, j = c; i < n; i++, j += ch) out[i] = v[j];
  return 0;
};

const float64le: Loop = (b, n, ch, c, out) => {
  const v = new Float64Array(b.buffer, b.byteOffset, n * ch);
  for (let i = 0, j = c; i < n; i++, j += ch) out[i] = v[j];
  return 0;
};

const float32be: Loop = (b, n, ch, c, out) => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0, j = c * 4, step = ch * 4; i < n; i++, j += step) out[i] = v.getFloat32(j, false);
  return 0;
};

const float64be: Loop = (b, n, ch, c, out) => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0, j = c * 8, step = ch * 8; i < n; i++, j += step) out[i] = v.getFloat64(j, false);
  return 0;
};

function tableLoop(table: Int16Array): Loop {
  return (b, n, ch, c, out) => {
    for (let i = 0, j = c; i < n; i++, j += ch) out[i] = table[b[j]] * S16;
    return 0;
  };
}
