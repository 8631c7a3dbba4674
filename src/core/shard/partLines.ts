// A part file's lines as bytes, for the merge's cursors: the second pass copies file records without decoding them,
// the first decodes each line it parses. 256 KiB reads split on '\n' (a '\r' before it dropped), lines as ranges of
// one buffer per batch.
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;

/** Lines i of a batch are bytes.subarray(starts[i], ends[i]), without their line ending. */
export interface ByteLines {
  readonly bytes: Buffer;
  readonly starts: number[];
  readonly ends: number[];
}

/** The file's lines in batches; a last line without '\n' is a line, an empty remainder after a final '\n' is not. */
export async function* byteLineBatches(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<ByteLines> {
  // A line longer than a chunk collects here in pieces, joined once.
  let partial: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes })) {
    const b = chunk as Buffer;
    const last = b.lastIndexOf(NEWLINE);
    if (last < 0) {
      partial.push(b);
      continue;
    }
    const bytes = partial.length > 0 ? Buffer.concat([...partial, b.subarray(0, last + 1)]) : b.subarray(0, last + 1);
    partial = last + 1 < b.length ? [b.subarray(last + 1)] : [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let s = 0; s < bytes.length; ) {
      const nl = bytes.indexOf(NEWLINE, s);
      starts.push(s);
      ends.push(nl > s && bytes[nl - 1] === CR ? nl - 1 : nl);
      s = nl + 1;
    }
    yield { bytes, starts, ends };
  }
  if (partial.length > 0) {
    const bytes = Buffer.concat(partial);
    yield { bytes, starts: [0], ends: [bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length] };
  }
}
