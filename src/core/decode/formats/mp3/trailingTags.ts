// Tags appended after the MPEG stream: ID3v1 (the last 128 bytes, "TAG") and an APEv2 tag before it or at the end
// (32-byte "APETAGEX" footer whose size counts the items and the footer; flag bit 31 = a 32-byte header too).
// Specifications: id3.org/ID3v1, wiki.hydrogenaud.io/index.php?title=APEv2_specification.
import { readSync } from 'node:fs';

const ID3V1_BYTES = 128;
const APE_FOOTER_BYTES = 32;
const APE_HAS_HEADER = 0x80000000;

/** Bytes at the end of the file that belong to tags, not to the MPEG stream. */
export function trailingTagBytes(fd: number, size: number, streamStart: number): number {
  const n = Math.min(size - streamStart, ID3V1_BYTES + APE_FOOTER_BYTES);
  if (n <= 0) return 0;
  const b = Buffer.alloc(n);
  readSync(fd, b, 0, n, size - n);
  let tags = 0;
  if (n >= ID3V1_BYTES && b.toString('latin1', n - ID3V1_BYTES, n - ID3V1_BYTES + 3) === 'TAG') tags += ID3V1_BYTES;
  const footer = n - tags - APE_FOOTER_BYTES;
  if (footer >= 0 && b.toString('latin1', footer, footer + 8) === 'APETAGEX') {
    const apeBytes = b.readUInt32LE(footer + 12) + (b.readUInt32LE(footer + 20) & APE_HAS_HEADER ? APE_FOOTER_BYTES : 0);
    tags += apeBytes;
  }
  return Math.min(tags, size - streamStart);
}
