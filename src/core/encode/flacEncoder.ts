// A small FLAC encoder (RFC 9639): fixed block size, stereo decorrelation, FIXED predictors (flacSubframe.ts), frame
// CRC-8/CRC-16, and a STREAMINFO whose sizes, sample count and MD5 are filled in at the end (finish()).
// MD5 per the spec: of the samples interleaved, signed little-endian, each in ceil(bps/8) bytes.
import { createHash, type Hash } from 'node:crypto';
import { BitWriter } from './bitWriter';
import { MAX_FIXED_ORDER, planSubframe, writeSubframe, type SubframePlan } from './flacSubframe';
import { crc16, crc8 } from '../decode/formats/flacFrame';

/** libFLAC's default block size for 44.1/48 kHz (-5). */
export const FLAC_BLOCK_SIZE = 4096;
/** "fLaC" + the STREAMINFO block header and its 34 bytes: where the frames start. */
export const FLAC_HEADER_BYTES = 4 + 4 + 34;

export class FlacEncoder {
  private readonly planes: Int32Array[];
  private fill = 0;
  private frameNumber = 0;
  private totalSamples = 0;
  private minFrameBytes = Infinity;
  private maxFrameBytes = 0;
  private readonly md5: Hash = createHash('md5');
  private readonly w = new BitWriter();
  private readonly residuals = Array.from({ length: MAX_FIXED_ORDER + 1 }, () => new Float64Array(FLAC_BLOCK_SIZE));
  private readonly md5Bytes: Uint8Array;
  private readonly mid = new Int32Array(FLAC_BLOCK_SIZE);
  private readonly side = new Int32Array(FLAC_BLOCK_SIZE);

  /** `emit` receives each encoded frame (a view valid during the call). */
  constructor(private readonly channels: number, private readonly sampleRate: number, private readonly bps: number,
    private readonly emit: (bytes: Uint8Array) => void) {
    if (channels < 1 || channels > 8) throw new Error(`FLAC holds 1 to 8 channels, not ${channels}`);
    if (bps < 4 || bps > 24) throw new Error(`this FLAC encoder writes 4 to 24 bits per sample, not ${bps}`);
    this.planes = Array.from({ length: channels }, () => new Int32Array(FLAC_BLOCK_SIZE));
    this.md5Bytes = new Uint8Array(FLAC_BLOCK_SIZE * channels * Math.ceil(bps / 8));
  }

  /** The stream header with a placeholder STREAMINFO (rewritten by finish()). */
  header(): Uint8Array {
    return this.streamInfo(new Uint8Array(16));
  }

  /** Appends `frames` samples per channel: integer codes in [−2^(bps−1), 2^(bps−1)). */
  push(codes: readonly ArrayLike<number>[], frames: number): void {
    let i = 0;
    while (i < frames) {
      const take = Math.min(frames - i, FLAC_BLOCK_SIZE - this.fill);
      for (let c = 0; c < this.channels; c++) {
        const src = codes[c], dst = this.planes[c];
        for (let k = 0; k < take; k++) dst[this.fill + k] = src[i + k];
      }
      this.fill += take;
      i += take;
      if (this.fill === FLAC_BLOCK_SIZE) this.flushFrame();
    }
  }

  /** Encodes the last partial block and returns the final header (write it at offset 0). */
  finish(): Uint8Array {
    if (this.fill > 0) this.flushFrame();
    return this.streamInfo(new Uint8Array(this.md5.digest()));
  }

  private flushFrame(): void {
    const n = this.fill;
    this.hashSamples(n);
    const w = this.w;
    w.reset();
    w.write(0xfff8, 16); // sync code, reserved 0, fixed-blocksize stream
    w.write(0b0111, 4); // block size: 16-bit (n − 1) after the frame number
    w.write(0b0000, 4); // sample rate: from STREAMINFO
    const subframes = this.channels === 2 ? this.stereoSubframes(n) : null;
    w.write(subframes ? subframes.assignment : this.channels - 1, 4); // 0–7: independent channels
    w.write(0b000, 3); // sample size: from STREAMINFO
    w.write(0, 1);
    writeUtf8Number(w, this.frameNumber);
    w.write(n - 1, 16);
    w.write(crc8(w.bytes(), 0, w.length), 8);
    if (subframes) for (const s of subframes.parts) writeSubframe(w, s.x, n, s.bps, this.residuals, s.plan);
    else for (let c = 0; c < this.channels; c++) writeSubframe(w, this.planes[c], n, this.bps, this.residuals);
    w.alignToByte();
    w.write(crc16(w.bytes(), 0, w.length), 16);
    const frame = w.bytes();
    this.minFrameBytes = Math.min(this.minFrameBytes, frame.length);
    this.maxFrameBytes = Math.max(this.maxFrameBytes, frame.length);
    this.emit(frame);
    this.frameNumber++;
    this.totalSamples += n;
    this.fill = 0;
  }

  /**
   * Stereo decorrelation (RFC 9639 §9.1.3): side S = L − R (one bit wider), mid M = (L + R) >> 1; of left/right,
   * left/side, side/right and mid/side the pair whose subframes plan smallest.
   */
  private stereoSubframes(n: number): { assignment: number; parts: { x: Int32Array; bps: number; plan: SubframePlan }[] } {
    const [l, r] = this.planes;
    const { mid, side } = this;
    for (let i = 0; i < n; i++) {
      side[i] = l[i] - r[i];
      mid[i] = (l[i] + r[i]) >> 1;
    }
    const bps = this.bps;
    const L = { x: l, bps, plan: planSubframe(l, n, bps, this.residuals) };
    const R = { x: r, bps, plan: planSubframe(r, n, bps, this.residuals) };
    const S = { x: side, bps: bps + 1, plan: planSubframe(side, n, bps + 1, this.residuals) };
    const M = { x: mid, bps, plan: planSubframe(mid, n, bps, this.residuals) };
    const choices = [
      { assignment: 0b0001, parts: [L, R] },
      { assignment: 0b1000, parts: [L, S] },
      { assignment: 0b1001, parts: [S, R] }, // right/side stores the side channel first
      { assignment: 0b1010, parts: [M, S] },
    ];
    const cost = (c: (typeof choices)[number]): number => c.parts[0].plan.bits + c.parts[1].plan.bits;
    return choices.reduce((best, c) => (cost(c) < cost(best) ? c : best));
  }

  /** Feeds the MD5 with the block interleaved, little-endian, ceil(bps/8) bytes per sample. */
  private hashSamples(n: number): void {
    const bytes = Math.ceil(this.bps / 8);
    const out = this.md5Bytes;
    let at = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < this.channels; c++) {
        const v = this.planes[c][i];
        for (let b = 0; b < bytes; b++) out[at++] = (v >> (8 * b)) & 0xff;
      }
    }
    this.md5.update(out.subarray(0, at));
  }

  private streamInfo(md5: Uint8Array): Uint8Array {
    const w = new BitWriter();
    w.write(0x664c6143, 32); // "fLaC"
    w.write(1, 1); // last metadata block
    w.write(0, 7); // STREAMINFO
    w.write(34, 24);
    w.write(FLAC_BLOCK_SIZE, 16); // min block size (the last frame may be shorter, as the spec allows)
    w.write(FLAC_BLOCK_SIZE, 16);
    w.write(this.maxFrameBytes ? this.minFrameBytes : 0, 24); // 0 = unknown
    w.write(this.maxFrameBytes, 24);
    w.write(this.sampleRate, 20);
    w.write(this.channels - 1, 3);
    w.write(this.bps - 1, 5);
    w.write(this.totalSamples, 36);
    for (const b of md5) w.write(b, 8);
    return w.bytes().slice();
  }
}

/** The frame number in FLAC's extended UTF-8 coding (1 to 6 bytes for up to 31 bits). */
function writeUtf8Number(w: BitWriter, v: number): void {
  if (v < 0x80) {
    w.write(v, 8);
    return;
  }
  const bytes = v < 0x800 ? 2 : v < 0x10000 ? 3 : v < 0x200000 ? 4 : v < 0x4000000 ? 5 : 6;
  const lead = (0xff00 >> bytes) & 0xff; // bytes leading ones
  w.write(lead | (v >>> (6 * (bytes - 1))), 8);
  for (let i = bytes - 2; i >= 0; i--) w.write(0x80 | ((v >>> (6 * i)) & 0x3f), 8);
}
