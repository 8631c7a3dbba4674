// A manifest's physical lines as bytes, for writers that must keep a kept line exactly as it was: the content
// without its line break, the break itself ('\n', '\r\n' or '' on a last line without one) and the decoded text.
// Numbered as lines.ts numbers them (split on '\n', a UTF-8 BOM is no part of line 1), so line numbers in findings
// point at the same lines. Bytes, not decoded strings: a line with invalid UTF-8 is copied unchanged.
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 256 * 1024;
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface RawLine {
  /** 1-based. */
  readonly line: number;
  /** The bytes before the line break ('\r' of a '\r\n' excluded; the BOM excluded on line 1). */
  readonly content: Buffer;
  /** The line break as found: '\n', '\r\n', or '' on a last line without one. */
  readonly eol: string;
  /** content decoded as UTF-8. */
  readonly text: string;
}

export interface RawLinesInfo {
  /** Set once line 1 was read: the file starts with a UTF-8 BOM. */
  bom: boolean;
}

export async function* rawLines(file: string, info: RawLinesInfo = { bom: false }, signal?: AbortSignal): AsyncGenerator<RawLine> {
  let rest: Buffer = Buffer.alloc(0);
  let line = 0;
  const make = (bytes: Buffer, hasNewline: boolean): RawLine => {
    line++;
    let content = hasNewline ? bytes.subarray(0, bytes.length - 1) : bytes;
    let eol = hasNewline ? '\n' : '';
    if (content.length > 0 && content[content.length - 1] === 0x0d) {
      content = content.subarray(0, content.length - 1);
      eol = '\r' + eol;
    }
    if (line === 1 && content.subarray(0, 3).equals(UTF8_BOM)) {
      info.bom = true;
      content = content.subarray(3);
    }
    return { line, content, eol, text: content.toString('utf8') };
  };
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    signal?.throwIfAborted();
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      yield make(buf.subarray(start, nl + 1), true);
      start = nl + 1;
    }
    rest = Buffer.from(buf.subarray(start));
  }
  if (rest.length > 0) yield make(rest, false);
}
