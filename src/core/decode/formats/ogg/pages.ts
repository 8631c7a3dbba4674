// Ogg pages (RFC 3533) read the way libogg reads them: capture pattern, CRC-checked pages, resync after damage, and
// packets assembled per logical stream across page boundaries, with holes (lost pages) dropped instead of glued.
import type { FileHandle } from 'node:fs/promises';

/** Largest possible page: 27-byte header + 255 lacing values + 255 × 255 body bytes (RFC 3533 §6). */
export const MAX_PAGE_BYTES = 27 + 255 + 255 * 255;

export const FLAG_CONTINUED = 0x01;
export const FLAG_BOS = 0x02;
export const FLAG_EOS = 0x04;

export interface OggPage {
  /** File offset of the 'OggS' capture pattern. */
  readonly offset: number;
  readonly flags: number;
  /** Absolute granule position; -1 when no packet ends on the page (all bits set). */
  readonly granule: number;
  readonly serial: number;
  readonly sequence: number;
  readonly lacing: Uint8Array;
  readonly body: Uint8Array;
  /** Bytes of the whole page (header + body). */
  readonly length: number;
  /** Bytes skipped right before this page: pages that failed their CRC, or bytes that were no page (lost sync). */
  readonly skippedBefore: number;
  /** Pages among those bytes whose CRC did not match. */
  readonly badCrcBefore: number;
}

// CRC-32 of the Ogg framing: polynomial 0x04c11db7, not reflected, initial value 0, no final xor (RFC 3533 §6, libogg framing.c).
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The page checksum over bytes [start, end) with the 4 checksum bytes (start + 22 .. 25) read as zero. */
export function oggPageCrc(buf: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const b = i >= start + 22 && i < start + 26 ? 0 : buf[i];
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  }
  return crc;
}

function isCapture(buf: Uint8Array, i: number): boolean {
  return buf[i] === 0x4f && buf[i + 1] === 0x67 && buf[i + 2] === 0x67 && buf[i + 3] === 0x53;
}

function u32(buf: Uint8Array, i: number): number {
  return (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0;
}

type PageAt = { kind: 'page'; page: OggPage } | { kind: 'short' } | { kind: 'bad' };

/** The page at buf[pos] ('OggS' already seen), or 'short' when it runs past `end`, or 'bad' (CRC or version). */
export function pageAt(buf: Uint8Array, pos: number, end: number, fileOffset: number, skippedBefore = 0, badCrcBefore = 0): PageAt {
  if (end - pos < 27) return { kind: 'short' };
  if (buf[pos + 4] !== 0) return { kind: 'bad' };
  const nSegments = buf[pos + 26];
  if (end - pos < 27 + nSegments) return { kind: 'short' };
  let bodyBytes = 0;
  for (let i = 0; i < nSegments; i++) bodyBytes += buf[pos + 27 + i];
  const length = 27 + nSegments + bodyBytes;
  if (end - pos < length) return { kind: 'short' };
  if (oggPageCrc(buf, pos, pos + length) !== u32(buf, pos + 22)) return { kind: 'bad' };
  const lo = u32(buf, pos + 6);
  const hi = u32(buf, pos + 10);
  return {
    kind: 'page',
    page: {
      offset: fileOffset, flags: buf[pos + 5], granule: lo === 0xffffffff && hi === 0xffffffff ? -1 : hi * 2 ** 32 + lo,
      serial: u32(buf, pos + 14), sequence: u32(buf, pos + 18),
      lacing: buf.subarray(pos + 27, pos + 27 + nSegments), body: buf.subarray(pos + 27 + nSegments, pos + length),
      length, skippedBefore, badCrcBefore,
    },
  };
}

/** Every CRC-valid page that lies wholly inside buf (used on the last bytes of a file to find the last page). */
export function pagesIn(buf: Uint8Array, fileOffset: number): OggPage[] {
  const out: OggPage[] = [];
  for (let i = 0; i + 27 <= buf.length; i++) {
    if (!isCapture(buf, i)) continue;
    const r = pageAt(buf, i, buf.length, fileOffset + i);
    if (r.kind === 'page') {
      out.push(r.page);
      i += r.page.length - 1;
    }
  }
  return out;
}

/** What the end of the file held after the last whole page. */
export interface PageStreamEnd {
  /** Bytes of a page cut short by the end of the file (a truncated file), 0 if none. */
  cutPageBytes: number;
  /** Bytes skipped after the last page that are no page (junk), and the bad pages among them. */
  skippedBytes: number;
  badCrcPages: number;
}

/**
 * Streams the pages of a file in 256 KiB positioned reads. `next()` returns the whole pages of the next chunk; their
 * bodies are views into a buffer reused by the following call, so consume them before calling again.
 */
export class OggPageStream {
  private readonly buf: Uint8Array;
  private fileOffset: number; // file offset of buf[0]
  private filled = 0; // bytes of buf holding file data
  private pos = 0; // next unparsed byte in buf
  private eof = false;
  private skipped = 0; // bytes skipped since the last whole page
  private badCrc = 0; // pages that failed their CRC since the last whole page
  bytesRead = 0;
  readonly end: PageStreamEnd = { cutPageBytes: 0, skippedBytes: 0, badCrcPages: 0 };

  constructor(private readonly fh: FileHandle, start: number, private readonly fileSize: number, chunkBytes = 256 * 1024) {
    // A small file gets a buffer of its own size, not a whole chunk.
    this.buf = new Uint8Array(Math.max(1, Math.min(chunkBytes, fileSize - start)) + MAX_PAGE_BYTES);
    this.fileOffset = start;
  }

  /** The next batch of pages, or null at the end of the file. */
  async next(): Promise<OggPage[] | null> {
    for (;;) {
      if (this.eof && this.pos >= this.filled) return null;
      if (!this.eof) await this.refill();
      const pages = this.parse();
      if (pages.length > 0 || this.eof) return pages.length > 0 ? pages : this.finish();
    }
  }

  private finish(): null {
    const rest = this.filled - this.pos;
    if (rest > 0) {
      // Left at the end: a page cut short (truncated file) or bytes that are no page at all.
      if (rest >= 4 && isCapture(this.buf, this.pos)) this.end.cutPageBytes = rest;
      else this.skipped += rest;
      this.pos = this.filled;
    }
    this.end.skippedBytes = this.skipped;
    this.end.badCrcPages = this.badCrc;
    return null;
  }

  private async refill(): Promise<void> {
    // Keep the unparsed tail (less than one page) and read the next chunk behind it.
    const keep = this.filled - this.pos;
    if (keep > 0 && this.pos > 0) this.buf.copyWithin(0, this.pos, this.filled);
    this.fileOffset += this.pos;
    this.pos = 0;
    this.filled = keep;
    const want = Math.min(this.buf.length - keep, this.fileSize - (this.fileOffset + keep));
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(this.buf, keep + got, want - got, this.fileOffset + keep + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.filled += got;
    this.bytesRead += got;
    if (got < want || this.fileOffset + this.filled >= this.fileSize) this.eof = true;
  }

  private parse(): OggPage[] {
    const pages: OggPage[] = [];
    const buf = this.buf;
    while (this.pos + 4 <= this.filled) {
      if (!isCapture(buf, this.pos)) {
        // Lost sync: skip to the next capture pattern (libogg ogg_sync_pageseek does the same).
        let i = this.pos + 1;
        while (i + 4 <= this.filled && !isCapture(buf, i)) i++;
        this.skipped += i - this.pos;
        this.pos = i;
        if (i + 4 > this.filled && !this.eof) return pages;
        continue;
      }
      const r = pageAt(buf, this.pos, this.filled, this.fileOffset + this.pos, this.skipped, this.badCrc);
      if (r.kind === 'short') return pages;
      if (r.kind === 'bad') {
        this.badCrc++;
        this.skipped += 1;
        this.pos += 1;
        continue;
      }
      this.skipped = 0;
      this.badCrc = 0;
      pages.push(r.page);
      this.pos += r.page.length;
    }
    return pages;
  }
}

/** Packets of one logical stream: completed packets per page, continued packets carried over, holes dropped (libogg). */
export class OggPacketAssembler {
  private partial: Uint8Array = new Uint8Array(4096);
  private partialBytes = 0;
  private carrying = false;
  private expectedSequence = -1;
  /** Index of the next packet that completes (0 = the first header). */
  packetCount = 0;
  /** Pages lost inside the stream (sequence gaps). */
  holes = 0;

  /**
   * The packets that complete on `page` (views into the page or into an internal buffer reused on the next call) and
   * whether a page was lost before it. `keep(n)` false: packet n's bytes are not stored (e.g. a comment with cover art).
   */
  push(page: OggPage, keep: (packetIndex: number) => boolean = () => true): { packets: Uint8Array[]; hole: boolean } {
    const hole = this.expectedSequence >= 0 && page.sequence !== this.expectedSequence;
    this.expectedSequence = (page.sequence + 1) >>> 0;
    let seg = 0;
    if (hole) {
      this.holes++;
      this.carrying = false;
      this.partialBytes = 0;
    }
    let bodyPos = 0;
    const lacing = page.lacing;
    if ((page.flags & FLAG_CONTINUED) && !this.carrying) {
      // The start of this packet was lost (or never existed): skip its remaining segments.
      while (seg < lacing.length) {
        bodyPos += lacing[seg];
        if (lacing[seg++] < 255) break;
      }
    } else if (!(page.flags & FLAG_CONTINUED) && this.carrying) {
      // A continued packet that never continued: libogg drops it.
      this.carrying = false;
      this.partialBytes = 0;
    }
    const packets: Uint8Array[] = [];
    let start = bodyPos;
    for (; seg < lacing.length; seg++) {
      bodyPos += lacing[seg];
      if (lacing[seg] === 255) continue;
      const index = this.packetCount++;
      if (this.carrying) {
        if (keep(index)) {
          this.append(page.body.subarray(start, bodyPos));
          packets.push(this.partial.subarray(0, this.partialBytes).slice());
        } else packets.push(new Uint8Array(0));
        this.carrying = false;
        this.partialBytes = 0;
      } else {
        packets.push(keep(index) ? page.body.subarray(start, bodyPos) : new Uint8Array(0));
      }
      start = bodyPos;
    }
    if (start < bodyPos) {
      // The last lacing value is 255: the last packet continues on the next page.
      if (keep(this.packetCount)) this.append(page.body.subarray(start, bodyPos));
      this.carrying = true;
    }
    return { packets, hole };
  }

  private append(bytes: Uint8Array): void {
    if (this.partialBytes + bytes.length > this.partial.length) {
      const grown = new Uint8Array(Math.max(this.partial.length * 2, this.partialBytes + bytes.length));
      grown.set(this.partial.subarray(0, this.partialBytes));
      this.partial = grown;
    }
    this.partial.set(bytes, this.partialBytes);
    this.partialBytes += bytes.length;
  }
}
