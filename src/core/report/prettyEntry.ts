// A file entry of the report from the part's compact JSON text, without parsing it: the same bytes as
// JSON.stringify(file, withoutFingerprint, 2) four spaces in (jsonChunks' fileEntry), with findings appended.
// Compact JSON as JSON.stringify writes it has no whitespace, and parse + stringify gives back every string and number
// as written, so re-indenting the text equals re-serializing the value. A merge of a million files writes ~1.4 GB of
// report this way at a fraction of the cost of JSON.parse + JSON.stringify (bench/million.ts).

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonBytes';

/** Newline and indent of depth d (2 spaces a level), as JSON.stringify(v, null, 2) puts before a member. */
const INDENT: string[] = Array.from({ length: 64 }, (_, d) => `\n${' '.repeat(2 * d)}`);
const FILE_DEPTH = 2;
export interface PrettyEntry {
  readonly text: string;
  /** text.slice(findingsStart, findingsEnd) of the input is the compact "findings" array (both -1 without one). */
  readonly findingsStart: number;
  readonly findingsEnd: number;
}

let findingsStart = -1;
let findingsEnd = -1;

/** The entry being built: string concatenation (V8 ropes) is cheaper than pushing thousands of pieces and joining. */
let out = '';

/**
 * `text[start]` opens the file report object (compact JSON). `extraFindings`: compact JSON of findings to append to
 * its "findings" array. The "fingerprint" member is dropped. Returns the entry text, starting "\n    {", and where the
 * file's own "findings" array is in `text` (so a caller can parse just that).
 */
export function prettyFileEntry(text: string, start: number, extraFindings: readonly string[]): PrettyEntry {
  out = INDENT[FILE_DEPTH];
  findingsStart = findingsEnd = -1;
  const end = member(text, start, FILE_DEPTH, extraFindings);
  if (end !== text.length && !(end === text.length - 1 && text.charCodeAt(end) === CLOSE_OBJECT)) {
    throw new Error(`prettyFileEntry: ${text.length - end} characters after the file object`);
  }
  const entry: PrettyEntry = { text: out, findingsStart, findingsEnd };
  out = '';
  return entry;
}

/** The file object: members copied with value(), except the two it changes. */
function member(s: string, i: number, d: number, extra: readonly string[]): number {
  if (s.charCodeAt(i) !== OPEN_OBJECT) throw new Error('prettyFileEntry: not an object');
  if (s.charCodeAt(i + 1) === CLOSE_OBJECT) {
    out += '{}';
    return i + 2;
  }
  out += '{';
  i++;
  let first = true;
  for (;;) {
    const keyEnd = stringEnd(s, i);
    const key = s.slice(i, keyEnd);
    i = keyEnd + 1; // ':'
    if (key === '"fingerprint"') {
      const kept = out;
      i = value(s, i, d + 1);
      out = kept;
    } else {
      out += (first ? '' : ',') + INDENT[d + 1] + key + ': ';
      const at = i;
      i = key === '"findings"' && extra.length > 0 ? arrayWith(s, i, d + 1, extra) : value(s, i, d + 1);
      if (key === '"findings"') {
        findingsStart = at;
        findingsEnd = i;
      }
      first = false;
    }
    const c = s.charCodeAt(i++);
    if (c === CLOSE_OBJECT) break;
    if (c !== COMMA) throw new Error(`prettyFileEntry: unexpected character at ${i - 1}`);
  }
  out += INDENT[d] + '}';
  return i;
}

/** An array with more elements (compact JSON each) after its own. */
function arrayWith(s: string, i: number, d: number, extra: readonly string[]): number {
  if (s.charCodeAt(i) !== OPEN_ARRAY) throw new Error('prettyFileEntry: "findings" is not an array');
  out += '[';
  i++;
  let first = true;
  if (s.charCodeAt(i) === CLOSE_ARRAY) i++;
  else {
    for (;;) {
      out += (first ? '' : ',') + INDENT[d + 1];
      i = value(s, i, d + 1);
      first = false;
      if (s.charCodeAt(i++) === CLOSE_ARRAY) break;
    }
  }
  for (const x of extra) {
    out += (first ? '' : ',') + INDENT[d + 1];
    value(x, 0, d + 1);
    first = false;
  }
  out += INDENT[d] + ']';
  return i;
}

/** Copies one value starting at s[i], re-indented at depth d; returns the index after it. */
function value(s: string, i: number, d: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const end = stringEnd(s, i);
    out += s.slice(i, end);
    return end;
  }
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
    if (s.charCodeAt(i + 1) === close) {
      out += c === OPEN_OBJECT ? '{}' : '[]';
      return i + 2;
    }
    out += c === OPEN_OBJECT ? '{' : '[';
    i++;
    let first = true;
    for (;;) {
      out += (first ? '' : ',') + INDENT[d + 1];
      first = false;
      if (c === OPEN_OBJECT) {
        const keyEnd = stringEnd(s, i);
        out += s.slice(i, keyEnd) + ': ';
        i = keyEnd + 1;
      }
      i = value(s, i, d + 1);
      const next = s.charCodeAt(i++);
      if (next === close) break;
      if (next !== COMMA) throw new Error(`prettyFileEntry: unexpected character at ${i - 1}`);
    }
    out += INDENT[d] + (c === OPEN_OBJECT ? '}' : ']');
    return i;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  for (;;) {
    const k = s.charCodeAt(j);
    if (k === COMMA || k === CLOSE_OBJECT || k === CLOSE_ARRAY || Number.isNaN(k)) break;
    j++;
  }
  if (j === i) throw new Error(`prettyFileEntry: no value at ${i}`);
  out += s.slice(i, j);
  return j;
}

/** s[i] is an opening quote: the index after its closing quote (a quote after an odd run of backslashes is escaped). */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    j = s.indexOf('"', j);
    if (j < 0) throw new Error('prettyFileEntry: unterminated string');
    let k = j - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j++;
  }
}
