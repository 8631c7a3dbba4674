// A part line's compact UTF-8 JSON re-indented into a reusable output Buffer by a byte loop,
// strings copied byte for byte (UTF-8 and escapes as written). A million entries as strings cost ~10 s of rope
// building plus ~6 s flattening them for the writer (issue 13); as bytes there is no rope, join or re-encoding.
// Same layout as jsonChunks.ts fileEntry: JSON.stringify(file, withoutFingerprint, 2) four spaces in, findings appended.

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonBytes';

const NEWLINE = 0x0a;
const SPACE = 0x20;
const FILE_DEPTH = 2;
const FINGERPRINT = Buffer.from('"fingerprint"');
const FINDINGS = Buffer.from('"findings"');
/** Room kept free at the end of the buffer by value()'s checks. */
const SLACK = 4096;
/** What a byte starts in compact JSON: value() dispatches on it. */
const SCALAR = 0;
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const SEPARATOR = 4;
const KEY_END = 5;
const KIND = new Uint8Array(256);
KIND[QUOTE] = STRING;
KIND[OPEN_OBJECT] = KIND[OPEN_ARRAY] = OPEN;
KIND[CLOSE_OBJECT] = KIND[CLOSE_ARRAY] = CLOSE;
KIND[COMMA] = SEPARATOR;
KIND[COLON] = KEY_END;
/** A batch is handed to the writer once it holds this many bytes (one write, one await per MiB). */
export const BATCH_BYTES = 1 << 20;

/** Entries re-indented into byte batches; `take()` hands over the filled batch and starts a new one. */
export class PrettyBytes {
  private buf = Buffer.allocUnsafe(2 * BATCH_BYTES);
  /** Bytes filled in buf. */
  length = 0;
  /** Where the last entry's own "findings" array is in its input (both -1 without one). */
  findingsStart = -1;
  findingsEnd = -1;

  /** Appends raw bytes (separators, the report's head). */
  push(bytes: Buffer): void {
    this.reserve(bytes.length);
    bytes.copy(this.buf, this.length);
    this.length += bytes.length;
  }

  /**
   * Appends the file entry for the report object at src[start] (it ends at or before `end`), starting "\n    {":
   * the "fingerprint" member dropped, `extra` (compact JSON findings, UTF-8) appended to its "findings" array.
   */
  entry(src: Buffer, start: number, end: number, extra: readonly Buffer[]): void {
    let extraBytes = 0;
    for (const x of extra) extraBytes += x.length;
    // Besides newlines (reserved one by one), output is at most twice the input (":" becomes ": ").
    this.reserve(2 * (end - start + extraBytes) + extra.length + 64);
    this.findingsStart = this.findingsEnd = -1;
    this.newline(FILE_DEPTH);
    const after = this.fileObject(src, start, end, extra);
    if (after !== end && !(after === end - 1 && src[after] === CLOSE_OBJECT)) {
      throw new Error(`prettyFileEntry: ${end - after} characters after the file object`);
    }
  }

  /** The filled bytes (the caller owns them); the next entries go to a fresh buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(2 * BATCH_BYTES, this.buf.length));
    this.length = 0;
    return out;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  private newline(d: number): void {
    this.reserve(1 + 2 * d);
    const b = this.buf;
    let o = this.length;
    b[o++] = NEWLINE;
    for (let k = 2 * d; k > 0; k--) b[o++] = SPACE;
    this.length = o;
  }

  /** Appends one ASCII byte (the comma between entries). */
  byte(c: number): void {
    this.reserve(1);
    this.put(c);
  }

  private put(c: number): void {
    this.reserve(1);
    this.buf[this.length++] = c;
  }

  /** The file object: members copied by value(), except "fingerprint" (dropped) and "findings" (extended). */
  private fileObject(s: Buffer, i: number, end: number, extra: readonly Buffer[]): number {
    if (s[i] !== OPEN_OBJECT) throw new Error('prettyFileEntry: not an object');
    if (s[i + 1] === CLOSE_OBJECT) {
      this.put(OPEN_OBJECT);
      this.put(CLOSE_OBJECT);
      return i + 2;
    }
    this.put(OPEN_OBJECT);
    i++;
    let first = true;
    for (;;) {
      const keyStart = i;
      const keyEnd = stringEnd(s, i, end);
      if (equalAt(s, keyStart, keyEnd, FINGERPRINT)) {
        i = this.skipValue(s, keyEnd + 1, end);
      } else {
        if (!first) this.put(COMMA);
        this.newline(FILE_DEPTH + 1);
        this.copy(s, i, keyEnd);
        this.put(COLON);
        this.put(SPACE);
        i = keyEnd + 1;
        if (equalAt(s, keyStart, keyEnd, FINDINGS)) {
          this.findingsStart = i;
          i = extra.length > 0 ? this.arrayWith(s, i, end, extra) : this.value(s, i, end, FILE_DEPTH + 1);
          this.findingsEnd = i;
        } else i = this.value(s, i, end, FILE_DEPTH + 1);
        first = false;
      }
      const c = s[i++];
      if (c === CLOSE_OBJECT) break;
      if (c !== COMMA) throw new Error(`prettyFileEntry: unexpected character at ${i - 1}`);
    }
    this.newline(FILE_DEPTH);
    this.put(CLOSE_OBJECT);
    return i;
  }

  /** The "findings" array with the extra elements after its own. */
  private arrayWith(s: Buffer, i: number, end: number, extra: readonly Buffer[]): number {
    const d = FILE_DEPTH + 1;
    if (s[i] !== OPEN_ARRAY) throw new Error('prettyFileEntry: "findings" is not an array');
    this.put(OPEN_ARRAY);
    i++;
    let first = true;
    if (s[i] === CLOSE_ARRAY) i++;
    else {
      for (;;) {
        if (!first) this.put(COMMA);
        this.newline(d + 1);
        i = this.value(s, i, end, d + 1);
        first = false;
        if (s[i++] === CLOSE_ARRAY) break;
      }
    }
    for (const x of extra) {
      if (!first) this.put(COMMA);
      this.newline(d + 1);
      this.value(x, 0, x.length, d + 1);
      first = false;
    }
    this.newline(d);
    this.put(CLOSE_ARRAY);
    return i;
  }

  /**
   * Copies the value at s[i], re-indented at depth d, in one loop over its bytes with the output position in a local
   * (the hot loop of a merge: ~1 GB of part lines); returns the index after it.
   */
  private value(s: Buffer, i: number, end: number, d: number): number {
    let b = this.buf;
    let o = this.length;
    // Checked once per token and per string byte: at most 2·depth + 3 bytes are written between checks.
    let lim = b.length - SLACK;
    let depth = d;
    for (;;) {
      if (i >= end) throw new Error('prettyFileEntry: the value is cut off');
      if (o > lim - 2 * depth) {
        this.length = o;
        this.reserve(SLACK + 2 * depth);
        b = this.buf;
        lim = b.length - SLACK;
      }
      const c = s[i];
      const kind = KIND[c];
      if (kind === SCALAR) {
        // A number, true, false or null: up to the next delimiter.
        do {
          if (o > lim) {
            this.length = o;
            this.reserve(SLACK);
            b = this.buf;
            lim = b.length - SLACK;
          }
          b[o++] = s[i++];
        } while (i < end && KIND[s[i]] === SCALAR);
      } else if (kind === STRING) {
        b[o++] = c;
        i++;
        for (;;) {
          if (i >= end) throw new Error('prettyFileEntry: unterminated string');
          if (o > lim) {
            this.length = o;
            this.reserve(SLACK);
            b = this.buf;
            lim = b.length - SLACK;
          }
          const x = s[i++];
          b[o++] = x;
          if (x === QUOTE) break;
          if (x === BACKSLASH) {
            if (i >= end) throw new Error('prettyFileEntry: unterminated string');
            b[o++] = s[i++];
          }
        }
      } else if (kind === OPEN) {
        b[o++] = c;
        // "{}" or "[]": the close bracket is the open one + 2 in ASCII.
        if (s[i + 1] === c + 2) {
          b[o++] = c + 2;
          i += 2;
        } else {
          i++;
          depth++;
          b[o++] = NEWLINE;
          for (let k = 2 * depth; k > 0; k--) b[o++] = SPACE;
          continue;
        }
      } else if (kind === CLOSE) {
        depth--;
        b[o++] = NEWLINE;
        for (let k = 2 * depth; k > 0; k--) b[o++] = SPACE;
        b[o++] = c;
        i++;
      } else if (kind === SEPARATOR) {
        b[o++] = COMMA;
        b[o++] = NEWLINE;
        for (let k = 2 * depth; k > 0; k--) b[o++] = SPACE;
        i++;
        continue;
      } else {
        b[o++] = COLON;
        b[o++] = SPACE;
        i++;
        continue;
      }
      if (depth === d) {
        this.length = o;
        return i;
      }
    }
  }

  /** The index after the value at s[i], writing nothing (a dropped member). */
  private skipValue(s: Buffer, i: number, end: number): number {
    const mark = this.length;
    const after = this.value(s, i, end, 0);
    this.length = mark;
    return after;
  }

  /** Copies s[from, to): short runs byte by byte (a native copy call costs more than a few bytes). */
  private copy(s: Buffer, from: number, to: number): void {
    const n = to - from;
    this.reserve(n);
    if (n > 32) {
      s.copy(this.buf, this.length, from, to);
      this.length += n;
      return;
    }
    const b = this.buf;
    let o = this.length;
    for (let k = from; k < to; k++) b[o++] = s[k];
    this.length = o;
  }
}

/** s[i] is an opening quote: the index after its closing quote (a backslash escapes the byte after it). */
function stringEnd(s: Buffer, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = s[j];
    if (c === QUOTE) return j + 1;
    j += c === BACKSLASH ? 2 : 1;
  }
  throw new Error('prettyFileEntry: unterminated string');
}

function equalAt(s: Buffer, from: number, to: number, word: Buffer): boolean {
  if (to - from !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (s[from + k] !== word[k]) return false;
  return true;
}
