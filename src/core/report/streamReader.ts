// Reads a report JSON file of any size (a merged million-file report is ~1.4 GB: more than one V8 string, and far
// too many objects for the extension host) in chunks into columns: one typed array per number the table and the
// histograms use, paths and finding messages as one string each. A small JSON scanner (strings, escapes, depth) finds
// each files[] entry in the bytes and reads only the members the report view reads; every other member is checked as
// JSON and skipped. The members around "files" (root, settings, dataset, manifests, ...) are JSON.parse'd and checked
// like load.ts does. Valid JSON of any layout reads the same; a bad file throws ReportFileError naming where.
// Entries are first offered to a WebAssembly kernel (entryKernel.ts), up to 1024 per call written column by column
// (kernelBatch); what it declines, and everything without WebAssembly, is read by the scanner here.
import { Buffer } from 'node:buffer';
import type { Severity } from '../types';
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonBytes';
import { ColumnBuilder, EntryError } from './columnBuilder';
import { BATCH, entryKernel, OUT, type EntryKernel } from './entryKernel';
import { checkReportHead, ReportFileError } from './load';
import type { PartialRead, StreamedReport } from './columns';
import type { ReportHead } from './load';
import type { MetricId } from './metrics';
import { METRIC_IDS } from './view';

export type { FileColumns, PartialRead, StreamedReport } from './columns';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
/** The metric columns, in view.ts METRIC_IDS order (TableRow.values follow it). */
export const COLUMN_METRICS: readonly MetricId[] = METRIC_IDS;

/** Fills `into` from the file's next bytes; returns how many (0 at the end of the file). */
export type ReadInto = (into: Uint8Array, offset: number, length: number) => number;

export interface StreamReadOptions {
  /** Bytes per read; the buffer grows past it only for a single entry (or top-level member) larger than that. */
  readonly chunkBytes?: number;
  /** Called after every chunk with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /**
   * A second reader's half (splitRead.ts): `read` starts at this byte offset, which is a files[] entry's "{"; the
   * entries from there and the members after "files" are read, and the head is not checked (the caller merges).
   */
  readonly startAt?: number;
  /** The first half: stop, unchecked, on reaching a files[] entry that starts at this byte offset (`stoppedAt` set). */
  readonly stopAt?: number;
  /** false: read every entry with the JS scanner, not the WebAssembly entry kernel (tests and bench/reportRead.ts compare the two). */
  readonly kernel?: boolean;
}


/** Thrown by the first half on reaching stopAt: ends the read. */
const STOP = Symbol('stop');


/** Thrown inside a step when the buffer ends before the item does: the step is retried with more bytes. */
const MORE = Symbol('more');

const key = (s: string) => Buffer.from(JSON.stringify(s).slice(1, -1), 'latin1');
const FILE_KEYS = ['path', 'error', 'format', 'peakDbfs', 'rmsDbfs', 'dcOffset', 'minMax', 'mel', 'findings', 'bandwidthHz'].map(key);
const K_PATH = 0, K_ERROR = 1, K_FORMAT = 2, K_PEAK = 3, K_RMS = 4, K_DC = 5, K_MINMAX = 6, K_MEL = 7, K_FINDINGS = 8, K_BANDWIDTH = 9;
const FORMAT_KEYS = ['sampleRate', 'channels', 'validBits', 'durationSec'].map(key);
const MINMAX_KEYS = ['zeroBin', 'expectedZeroBin'].map(key);
const MEL_KEYS = ['minDb', 'maxDb'].map(key);
const FINDING_KEYS = ['rule', 'severity', 'message'].map(key);
const FILES_KEY = key('files');

// The scanner's input: module state, so the hot functions take and return plain indices.
let buf: Buffer = Buffer.alloc(0);
let end = 0;
/** buf[0, end): the bytes read so far. */
let filled: Buffer = buf;
/** Set by stringEnd: whether the string just scanned holds a backslash (then it is decoded by JSON.parse). */
let escaped = false;
/** Set by numberOrNull: the number read (NaN for null). */
let num = NaN;

// Byte classes. Outside strings (skipping a value): 1 quote, 2 opening bracket, 3 closing bracket.
const SKIP = new Uint8Array(256);
SKIP[QUOTE] = 1;
SKIP[OPEN_OBJECT] = SKIP[OPEN_ARRAY] = 2;
SKIP[CLOSE_OBJECT] = SKIP[CLOSE_ARRAY] = 3;
// Inside strings: 1 quote or backslash, 2 a control character (not allowed raw in JSON).
const IN_STRING = new Uint8Array(256);
IN_STRING.fill(2, 0, 0x20);
IN_STRING[QUOTE] = IN_STRING[BACKSLASH] = 1;
// What a number or literal is made of: digits, - + . e E and the letters of true, false, null.
const TOKEN = new Uint8Array(256);
for (const c of '0123456789-+.eEtrufalsn') TOKEN[c.charCodeAt(0)] = 1;
/** 10^k exact in binary64 for k <= 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

type Slicing = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

// Hot loops copy the module state into locals: V8 reloads module (context) variables on every iteration otherwise.
function ws(i: number): number {
  const bytes = buf;
  const stop = end;
  for (;;) {
    if (i >= stop) throw MORE;
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
    i++;
  }
}

/** buf[i] is '"': the index after the closing quote. */
function stringEnd(i: number): number {
  escaped = false;
  const bytes = buf;
  const stop = end;
  const table = IN_STRING;
  let j = i + 1;
  for (;;) {
    if (j >= stop) throw MORE;
    const c = table[bytes[j]];
    if (c === 0) { j++; continue; }
    if (bytes[j] === QUOTE) return j + 1;
    if (c === 2) throw bad(j, 'a control character inside a string');
    escaped = true;
    j += 2;
  }
}

function decodeString(start: number, stop: number, hadEscape: boolean): string {
  return hadEscape ? JSON.parse((buf as Slicing).utf8Slice(start, stop)) as string : (buf as Slicing).utf8Slice(start + 1, stop - 1);
}

/** The index of the key buf[start, stop) (quotes included) in `keys`, or -1. */
function keyIndex(start: number, stop: number, keys: readonly Buffer[], hadEscape: boolean): number {
  if (hadEscape) {
    const k = key(decodeString(start, stop, true));
    for (let n = 0; n < keys.length; n++) if (keys[n].equals(k)) return n;
    return -1;
  }
  const len = stop - start - 2;
  const bytes = buf;
  const from = start + 1;
  for (let n = 0; n < keys.length; n++) {
    const k = keys[n];
    if (k.length !== len || k[0] !== bytes[from]) continue;
    let j = 1;
    while (j < len && bytes[from + j] === k[j]) j++;
    if (j === len) return n;
  }
  return -1;
}

/**
 * Skips the value at buf[i]; returns the index after it. Containers are skipped by matching brackets outside strings
 * (the members the view does not read are not checked further); a number or literal must be made of number and
 * literal characters.
 */
function skipValue(i: number): number {
  const b = buf[i];
  if (b === QUOTE) return stringEnd(i);
  if (b !== OPEN_OBJECT && b !== OPEN_ARRAY) return tokenEnd(i);
  const bytes = buf;
  const stop = end;
  const table = SKIP;
  const inString = IN_STRING;
  let depth = 0;
  let j = i;
  for (;;) {
    if (j >= stop) throw MORE;
    const c = table[bytes[j++]];
    if (c === 0) continue;
    if (c === 1) {
      // A string: to its closing quote, over escapes.
      for (;;) {
        if (j >= stop) throw MORE;
        const s = inString[bytes[j]];
        if (s === 0) { j++; continue; }
        if (bytes[j] === QUOTE) { j++; break; }
        if (s === 2) throw bad(j, 'a control character inside a string');
        j += 2;
      }
    } else if (c === 2) depth++;
    else if (--depth === 0) return j;
  }
}

/** The end of the number or literal at buf[i]. */
function tokenEnd(i: number): number {
  const bytes = buf;
  const stop = end;
  const table = TOKEN;
  let j = i;
  for (;;) {
    if (j >= stop) throw MORE;
    if (table[bytes[j]] === 0) break;
    j++;
  }
  if (j === i) throw bad(i, 'expected a value');
  return j;
}

/** null at buf[i] (else `what` is wrong): the index after it. */
function nullEnd(i: number, what: string): number {
  const j = tokenEnd(i);
  if (j - i !== 4 || buf[i] !== 0x6e || buf[i + 1] !== 0x75 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x6c) throw new EntryError(what);
  return j;
}

/** A number or null at buf[i] into `num` (NaN for null and for non-finite numbers, which JSON cannot mean). */
function numberOrNull(i: number, what: string): number {
  const first = buf[i];
  if (first === 0x6e) { num = NaN; return nullEnd(i, `"${what}" is not a number or null`); }
  if (!(first === 0x2d || (first >= 0x30 && first <= 0x39))) throw new EntryError(`"${what}" is not a number or null`);
  const j = tokenEnd(i);
  num = parseNumber(i, j);
  return j;
}

/**
 * The number buf[i, j). Up to 15 digits and no exponent: the digits as an integer divided by a power of ten, both
 * exact in binary64, so the one rounding of the division gives the correctly rounded value (Clinger's fast path),
 * the same double JSON.parse gives. Anything else goes through Number().
 */
function parseNumber(i: number, j: number): number {
  const bytes = buf;
  let k = i;
  const negative = bytes[k] === 0x2d;
  if (negative) k++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; k < j; k++) {
    const c = bytes[k];
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 0x2e && decimals < 0) decimals = 0;
    else { digits = 99; break; }
  }
  if (digits > 0 && digits <= 15 && decimals !== 0) {
    const v = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
    return negative ? -v : v;
  }
  const v = Number((buf as Slicing).latin1Slice(i, j));
  if (Number.isNaN(v)) throw bad(i, 'not a JSON number');
  return Number.isFinite(v) ? v : NaN;
}

/** Reads the number-or-null members of the object at buf[i] named by `keys` into into[k] (others skipped). */
function numberMembers(i: number, keys: readonly Buffer[], names: readonly string[], into: Float64Array): number {
  i = ws(i + 1);
  if (buf[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) throw bad(i, 'expected a member name');
    const ke = stringEnd(i);
    const k = keyIndex(i, ke, keys, escaped);
    i = ws(ke);
    if (buf[i] !== COLON) throw bad(i, 'expected ":"');
    i = ws(i + 1);
    if (k < 0) i = skipValue(i);
    else { i = numberOrNull(i, names[k]); into[k] = num; }
    i = ws(i);
    const c = buf[i];
    if (c === CLOSE_OBJECT) return i + 1;
    if (c !== COMMA) throw bad(i, 'expected "," or "}"');
    i = ws(i + 1);
  }
}

/** Where the scanner is in the file, for error messages: the absolute offset of buf[0]. */
let base = 0;
function bad(i: number, what: string): ReportFileError {
  return new ReportFileError(`it is not valid JSON at byte ${base + i} (${what})`);
}

/** The path of the entry being read, for an error message about it (paths come first in written reports). */
let lastPath: string | null = null;
const FORMAT_NAMES = ['format.sampleRate', 'format.channels', 'format.validBits', 'format.durationSec'];
const MINMAX_NAMES = ['minMax.zeroBin', 'minMax.expectedZeroBin'];
const MEL_NAMES = ['mel.minDb', 'mel.maxDb'];
// Scratch for one entry's nested numbers (NaN = null or absent).
const formatValues = new Float64Array(4);
const minMaxValues = new Float64Array(2);
const melValues = new Float64Array(2);

// The entry being read (module state, so one member reader serves the general scan and the fast path).
let entryPath: string | null = null;
let entryErrorText: string | null = null;
let entryPeak = NaN, entryRms = NaN, entryDc = NaN, entryBandwidth = NaN;
let entryFindings = false;
let entryFindingsFrom = 0;

function startEntry(out: ColumnBuilder): void {
  out.reserve();
  entryPath = lastPath = entryErrorText = null;
  entryPeak = entryRms = entryDc = entryBandwidth = NaN;
  formatValues.fill(NaN);
  minMaxValues.fill(NaN);
  melValues.fill(NaN);
  entryFindings = false;
  entryFindingsFrom = out.findingCount;
}

/** The value of member k (an index into FILE_KEYS, or -1) at buf[i] into the entry; returns the index after it. */
function entryMember(k: number, i: number, out: ColumnBuilder): number {
  const b = buf[i];
  switch (k) {
    case K_PATH: {
      if (b !== QUOTE) throw new EntryError('has no "path"');
      const e = stringEnd(i);
      entryPath = lastPath = decodeString(i, e, escaped);
      return e;
    }
    case K_ERROR:
      if (b !== QUOTE) { entryErrorText = null; return nullEnd(i, '"error" is not a string or null'); }
      { const e = stringEnd(i); entryErrorText = decodeString(i, e, escaped); return e; }
    case K_FORMAT:
      formatValues.fill(NaN);
      return b === OPEN_OBJECT ? numberMembers(i, FORMAT_KEYS, FORMAT_NAMES, formatValues) : nullEnd(i, '"format" is not an object or null');
    case K_MINMAX:
      minMaxValues.fill(NaN);
      return b === OPEN_OBJECT ? numberMembers(i, MINMAX_KEYS, MINMAX_NAMES, minMaxValues) : nullEnd(i, '"minMax" or "mel" is not an object or null');
    case K_MEL:
      melValues.fill(NaN);
      return b === OPEN_OBJECT ? numberMembers(i, MEL_KEYS, MEL_NAMES, melValues) : nullEnd(i, '"minMax" or "mel" is not an object or null');
    case K_PEAK: i = numberOrNull(i, 'peakDbfs'); entryPeak = num; return i;
    case K_RMS: i = numberOrNull(i, 'rmsDbfs'); entryRms = num; return i;
    case K_DC: i = numberOrNull(i, 'dcOffset'); entryDc = num; return i;
    case K_BANDWIDTH: i = numberOrNull(i, 'bandwidthHz'); entryBandwidth = num; return i;
    case K_FINDINGS:
      out.findingCount = entryFindingsFrom;   // a repeated "findings" member replaces the first, as in JSON.parse
      entryFindings = true;
      return findingList(i, out);
    default:
      return skipValue(i);
  }
}

// JSON.stringify(report, null, 2) layout (what audio-audit --out, merge and Export write): a files[] entry starts
// "\n    {" and a container member of it that opens "[\n        " closes at the next "\n      ]" (and "{" at
// "\n      }"): raw newlines cannot occur inside JSON strings, and deeper lines are indented further. So the members
// the view does not read (the per-channel statistics are most of an entry) are jumped over with Buffer.indexOf instead
// of being read byte by byte. Entries laid out otherwise are read byte by byte.
const ARRAY_CLOSE_LINE = Buffer.from('\n      ]', 'latin1');
const OBJECT_CLOSE_LINE = Buffer.from('\n      }', 'latin1');

/** Whether the entry at buf[i] starts as the pretty layout does: after a line break and exactly four spaces. */
function prettyEntryStart(i: number): boolean {
  return i >= 6 && buf[i - 5] === 0x0a && buf[i - 4] === 0x20 && buf[i - 3] === 0x20 && buf[i - 2] === 0x20 && buf[i - 1] === 0x20 && buf[i - 6] !== 0x20;
}

/** Whether buf[i + 1 ..] is a line break and eight spaces then a non-space (a member's first element, pretty layout). */
function prettyContainerOpen(i: number): boolean {
  if (i + 11 > end) throw MORE;
  if (buf[i + 1] !== 0x0a || buf[i + 10] === 0x20) return false;
  for (let j = i + 2; j < i + 10; j++) if (buf[j] !== 0x20) return false;
  return true;
}

/** One file entry at buf[i] into the builder; returns the index after its "}". */
function fileEntry(i: number, out: ColumnBuilder): number {
  startEntry(out);
  const pretty = prettyEntryStart(i);
  if (buf[i] !== OPEN_OBJECT) throw new EntryError('has no "path"');
  i = ws(i + 1);
  if (buf[i] !== CLOSE_OBJECT) {
    for (;;) {
      if (buf[i] !== QUOTE) throw bad(i, 'expected a member name');
      const ke = stringEnd(i);
      const k = keyIndex(i, ke, FILE_KEYS, escaped);
      i = ws(ke);
      if (buf[i] !== COLON) throw bad(i, 'expected ":"');
      i = ws(i + 1);
      const b = buf[i];
      if (k < 0 && pretty && (b === OPEN_ARRAY || b === OPEN_OBJECT) && prettyContainerOpen(i)) {
        // In the bytes read so far only: an entry cut by the chunk's end would otherwise search the whole buffer.
        const close = filled.indexOf(b === OPEN_ARRAY ? ARRAY_CLOSE_LINE : OBJECT_CLOSE_LINE, i);
        if (close < 0) throw MORE;
        i = close + ARRAY_CLOSE_LINE.length;
      } else i = entryMember(k, i, out);
      i = ws(i);
      const c = buf[i];
      if (c === CLOSE_OBJECT) { i++; break; }
      if (c !== COMMA) throw bad(i, 'expected "," or "}"');
      i = ws(i + 1);
    }
  } else i++;
  finishEntry(out);
  return i;
}

/**
 * The entry at buf[i] read by the WebAssembly kernel (entryKernel.wat), which declines what it is not sure of: that
 * entry is read by fileEntry, so an entry the kernel reads gives what fileEntry would.
 */
function kernelEntry(kernel: EntryKernel, i: number, out: ColumnBuilder): number {
  const next = kernel.entry(i, end);
  if (next < 0) return fileEntry(i, out);
  const at = kernel.ints;
  const v = kernel.nums;
  out.reserve();
  entryPath = lastPath = decodeString(at[OUT.pathStart], at[OUT.pathEnd], at[OUT.pathEscaped] !== 0);
  entryErrorText = at[OUT.errorStart] < 0 ? null : decodeString(at[OUT.errorStart], at[OUT.errorEnd], at[OUT.errorEscaped] !== 0);
  const findings = at[OUT.findings];
  for (let f = 0, r = OUT.firstFinding; f < findings; f++, r += OUT.findingInts) {
    const esc = at[r + 5];
    out.addFinding(decodeString(at[r], at[r + 1], (esc & 1) !== 0), at[r + 2], decodeString(at[r + 3], at[r + 4], (esc & 4) !== 0));
  }
  entryFindings = true;
  entryPeak = v[0];
  entryRms = v[1];
  entryDc = v[2];
  entryBandwidth = v[3];
  // Element by element: subarray() would allocate three views per entry.
  formatValues[0] = v[4]; formatValues[1] = v[5]; formatValues[2] = v[6]; formatValues[3] = v[7];
  minMaxValues[0] = v[8]; minMaxValues[1] = v[9];
  melValues[0] = v[10]; melValues[1] = v[11];
  finishEntry(out);
  return next;
}

function finishEntry(out: ColumnBuilder): void {
  const i = out.count;
  if (entryPath === null) throw new EntryError('has no "path"');
  if (!entryFindings) throw new EntryError('"findings" is not a list');
  out.addPath(i, entryPath);
  if (entryErrorText !== null) out.errors.set(i, entryErrorText);
  const n = i - out.blockBase;
  const sampleRate = formatValues[0];
  out.sampleRate[n] = sampleRate;
  out.channels[n] = formatValues[1];
  out.bits[n] = formatValues[2];
  const m = out.metrics;
  m.peakDbfs[n] = entryPeak;
  m.rmsDbfs[n] = entryRms;
  m.dcOffset[n] = entryDc;
  m.zeroBin[n] = minMaxValues[0];
  m.melMinDb[n] = melValues[0];
  m.melMaxDb[n] = melValues[1];
  m.durationSec[n] = formatValues[3];
  // As view.ts metricOf: bandwidthHz / (sr/2), only when the file has a format.
  m.bandwidthRatio[n] = Number.isNaN(entryBandwidth) || Number.isNaN(sampleRate) ? NaN : entryBandwidth / (sampleRate / 2);
  if (out.expectedZeroBin === null && !Number.isNaN(minMaxValues[1])) out.expectedZeroBin = minMaxValues[1];
  out.findingStart[i + 1] = out.findingCount;
  out.count++;
}

/**
 * Entries from buf[i] on read by the kernel's batch call (entryKernel.wat "entries") into the builder, column by
 * column; each value as kernelEntry and finishEntry would write it. Returns where to go on (kernel.afterEntry says
 * whether after an entry), or -1 when the kernel read none (kernelEntry then reads the entry at i).
 */
function kernelBatch(kernel: EntryKernel, i: number, out: ColumnBuilder, stopAt: number): number {
  out.reserve();
  const stop = stopAt - base >= 0 && stopAt - base <= end ? stopAt - base : -1;
  const next = kernel.entries(i, end, stop, out.room());
  const n = kernel.batchCount;
  if (n === 0) return -1;
  const cap = BATCH.cap;
  const d = kernel.batchNums;
  const at = kernel.batchInts;
  const first = out.count;
  const k0 = first - out.blockBase;
  // Column k of the batch: doubles as OUT's (entryKernel.ts).
  const col = (k: number) => d.subarray(k * cap, k * cap + n);
  const m = out.metrics;
  m.peakDbfs.set(col(0), k0);
  m.rmsDbfs.set(col(1), k0);
  m.dcOffset.set(col(2), k0);
  out.sampleRate.set(col(4), k0);
  out.channels.set(col(5), k0);
  out.bits.set(col(6), k0);
  m.durationSec.set(col(7), k0);
  m.zeroBin.set(col(8), k0);
  m.melMinDb.set(col(10), k0);
  m.melMaxDb.set(col(11), k0);
  const ratio = m.bandwidthRatio;
  for (let j = 0; j < n; j++) {
    const bandwidth = d[3 * cap + j];
    const sampleRate = d[4 * cap + j];
    ratio[k0 + j] = Number.isNaN(bandwidth) || Number.isNaN(sampleRate) ? NaN : bandwidth / (sampleRate / 2);
  }
  if (out.expectedZeroBin === null) {
    for (let j = 0; j < n; j++) if (!Number.isNaN(d[9 * cap + j])) { out.expectedZeroBin = d[9 * cap + j]; break; }
  }
  const offsets = out.entryOffset;
  const findings = kernel.batchFindings;
  // Escaped paths decoded in entry order, before the entry's error and findings (as kernelEntry: the same exception
  // for a bad escape).
  let escapedPaths: string[] | null = null;
  let r = 0;
  let j = 0;
  try {
    for (; j < n; j++) {
      offsets[k0 + j] = base + at[j];
      if (at[BATCH.pathEscaped * cap + j] !== 0) (escapedPaths ??= [])[j] = decodeString(at[BATCH.pathStart * cap + j], at[BATCH.pathEnd * cap + j], true);
      if (at[BATCH.errorStart * cap + j] >= 0) {
        out.errors.set(first + j, decodeString(at[BATCH.errorStart * cap + j], at[BATCH.errorEnd * cap + j], at[BATCH.errorEscaped * cap + j] !== 0));
      }
      const count = at[BATCH.findings * cap + j];
      for (let f = 0; f < count; f++, r += OUT.findingInts) {
        const esc = findings[r + 5];
        out.addFinding(decodeString(findings[r], findings[r + 1], (esc & 1) !== 0), findings[r + 2], decodeString(findings[r + 3], findings[r + 4], (esc & 4) !== 0));
      }
      out.findingStart[first + j + 1] = out.findingCount;
    }
  } catch (err) {
    // A 256th rule: named as the JS scanner names it, files[index] and the entry's path.
    if (!(err instanceof EntryError)) throw err;
    out.count = first + j;
    lastPath = decodeString(at[BATCH.pathStart * cap + j], at[BATCH.pathEnd * cap + j], at[BATCH.pathEscaped * cap + j] !== 0);
    throw entryError(out, err.message);
  }
  const pathEnd = out.pathEnd;
  if (escapedPaths === null) {
    // The batch's path bytes in one copy.
    const from = out.pathLength;
    out.addPathBytes(kernel.batchPaths, at[BATCH.pathBytesEnd * cap + n - 1]);
    for (j = 0; j < n; j++) pathEnd[first + j + 1] = from + at[BATCH.pathBytesEnd * cap + j];
  } else {
    for (j = 0; j < n; j++) {
      const s = at[BATCH.pathStart * cap + j], e = at[BATCH.pathEnd * cap + j];
      const decoded = escapedPaths[j];
      if (decoded !== undefined) out.addPath(first + j, decoded);
      else {
        out.addPathBytes(buf.subarray(s + 1, e - 1), e - s - 2);
        out.pathEnd[first + j + 1] = out.pathLength;
      }
    }
  }
  out.count = first + n;
  return next;
}

const BAD_FINDING = 'a finding is not { rule, severity: error|warning|info, message }';

/** The findings array at buf[i] into the builder. */
function findingList(i: number, out: ColumnBuilder): number {
  if (buf[i] !== OPEN_ARRAY) throw new EntryError('"findings" is not a list');
  i = ws(i + 1);
  if (buf[i] === CLOSE_ARRAY) return i + 1;
  for (;;) {
    let rule: string | null = null;
    let severity = -1;
    let message: string | null = null;
    if (buf[i] !== OPEN_OBJECT) throw new EntryError(BAD_FINDING);
    i = ws(i + 1);
    if (buf[i] !== CLOSE_OBJECT) {
      for (;;) {
        if (buf[i] !== QUOTE) throw bad(i, 'expected a member name');
        const ke = stringEnd(i);
        const k = keyIndex(i, ke, FINDING_KEYS, escaped);
        i = ws(ke);
        if (buf[i] !== COLON) throw bad(i, 'expected ":"');
        i = ws(i + 1);
        if (k < 0) i = skipValue(i);
        else {
          if (buf[i] !== QUOTE) throw new EntryError(BAD_FINDING);
          const e = stringEnd(i);
          const text = decodeString(i, e, escaped);
          if (k === 0) rule = text;
          else if (k === 2) message = text;
          else severity = SEVERITIES.indexOf(text as Severity);
          i = e;
        }
        i = ws(i);
        const c = buf[i];
        if (c === CLOSE_OBJECT) { i++; break; }
        if (c !== COMMA) throw bad(i, 'expected "," or "}"');
        i = ws(i + 1);
      }
    } else i++;
    if (rule === null || message === null || severity < 0) throw new EntryError(BAD_FINDING);
    out.addFinding(rule, severity, message);
    i = ws(i);
    const c = buf[i];
    if (c === CLOSE_ARRAY) return i + 1;
    if (c !== COMMA) throw bad(i, 'expected "," or "]"');
    i = ws(i + 1);
  }
}

/** Where the top-level scan is: before "{", before a member (or "}"), inside "files" before an entry (or "]"). */
type Phase = 'start' | 'member' | 'afterMember' | 'entry' | 'afterEntry' | 'done';

/**
 * Reads a whole report through `read` in chunks. Throws ReportFileError when the bytes are not a version-1 report:
 * not JSON (with the byte offset), truncated (with where it stops), or a member of the wrong shape.
 */
export function readReportColumns(read: ReadInto, opts: StreamReadOptions = {}): StreamedReport {
  const r = readColumns(read, { chunkBytes: opts.chunkBytes, onProgress: opts.onProgress, kernel: opts.kernel });
  return { head: r.head, files: r.files, bytes: r.bytes };
}

/** One half of a split read (startAt / stopAt: the head is not checked, splitRead.ts joins and checks), or without them the whole report, checked. */
export function readReportRange(read: ReadInto, opts: StreamReadOptions): PartialRead {
  return readColumns(read, opts);
}

function readColumns(read: ReadInto, opts: StreamReadOptions): PartialRead {
  const chunk = Math.max(16, opts.chunkBytes ?? 16 << 20);
  const out = new ColumnBuilder();
  const head: Record<string, unknown> = {};
  const ranged = opts.startAt !== undefined || opts.stopAt !== undefined;
  const stopAt = opts.stopAt ?? -1;
  let stoppedAt: number | null = null;
  let sawFiles = opts.startAt !== undefined;
  let phase: Phase = opts.startAt !== undefined ? 'entry' : 'start';
  let p = 0;
  let eof = false;
  let total = 0;
  const kernel = opts.kernel === false ? null : entryKernel(chunk * 2);
  buf = kernel ? kernel.buffer : Buffer.allocUnsafe(chunk * 2);
  end = 0;
  base = opts.startAt ?? 0;
  try {
    for (;;) {
      // Fill: keep the unread tail, then read after it.
      if (p > 0) { buf.copyWithin(0, p, end); end -= p; base += p; p = 0; }
      if (end + chunk > buf.length) {
        const size = Math.max(buf.length * 2, end + chunk);
        if (kernel) buf = kernel.grow(size);
        else { const bigger = Buffer.allocUnsafe(size); buf.copy(bigger, 0, 0, end); buf = bigger; }
      }
      const got = eof ? 0 : read(buf, end, chunk);
      if (got === 0) eof = true;
      end += got;
      filled = buf.subarray(0, end);
      total += got;
      opts.onProgress?.(total);
      // Steps: each consumes one whole item or throws MORE, leaving p at the start of the item for the next fill.
      try {
        for (;;) {
          if (phase === 'done') {
            // Only whitespace may follow the report object.
            const i = ws(p);
            throw bad(i, 'more after the report object');
          }
          const i = ws(p);
          if (phase === 'start') {
            if (buf[i] !== OPEN_OBJECT) throw new ReportFileError(NOT_A_REPORT);
            p = i + 1;
            phase = 'member';
          } else if (phase === 'member' || phase === 'afterMember') {
            let j = i;
            if (phase === 'afterMember') {
              if (buf[i] === CLOSE_OBJECT) { p = i + 1; phase = 'done'; continue; }
              if (buf[i] !== COMMA) throw bad(i, 'expected "," or "}"');
              j = ws(i + 1);
            } else if (buf[i] === CLOSE_OBJECT) { p = i + 1; phase = 'done'; continue; }
            if (buf[j] !== QUOTE) throw bad(j, 'expected a member name');
            const ke = stringEnd(j);
            const isFiles = keyIndex(j, ke, [FILES_KEY], escaped) === 0;
            const name = isFiles ? 'files' : decodeString(j, ke, escaped);
            let v = ws(ke);
            if (buf[v] !== COLON) throw bad(v, 'expected ":"');
            v = ws(v + 1);
            if (isFiles) {
              if (buf[v] !== OPEN_ARRAY) throw new ReportFileError('"files" is not a list');
              if (sawFiles) throw new ReportFileError('"files" appears twice');
              sawFiles = true;
              const first = ws(v + 1);
              if (buf[first] === CLOSE_ARRAY) { p = first + 1; phase = 'afterMember'; continue; }
              p = first;
              phase = 'entry';
            } else {
              const e = skipValue(v);
              head[name] = JSON.parse(buf.toString('utf8', v, e));
              p = e;
              phase = 'afterMember';
            }
          } else if (phase === 'entry') {
            if (base + i === stopAt) { stoppedAt = stopAt; throw STOP; }
            if (kernel) {
              const next = kernelBatch(kernel, i, out, stopAt);
              if (next >= 0) { p = next; if (kernel.afterEntry) phase = 'afterEntry'; continue; }
            }
            const findingsBefore = out.findingCount;
            try {
              p = kernel && !kernel.declined ? kernelEntry(kernel, i, out) : fileEntry(i, out);
              out.entryOffset[out.count - 1 - out.blockBase] = base + i;
            } catch (err) {
              // A half-read entry (MORE) is read again from its start: drop the findings it added.
              out.findingCount = findingsBefore;
              if (err instanceof EntryError) throw entryError(out, err.message);
              throw err;
            }
            phase = 'afterEntry';
          } else if (phase === 'afterEntry') {
            if (buf[i] === CLOSE_ARRAY) { p = i + 1; phase = 'afterMember'; continue; }
            if (buf[i] !== COMMA) throw bad(i, 'expected "," or "]" after a file entry');
            p = ws(i + 1);
            phase = 'entry';
          }
        }
      } catch (e) {
        if (e === STOP) break;
        if (e !== MORE) throw e;
        if (eof) {
          if (phase === 'done') break;
          throw new ReportFileError(truncated(phase, out.count, base + end));
        }
      }
    }
  } finally {
    buf = filled = Buffer.alloc(0);
  }
  // A first half that never reached stopAt read the whole file: check it as a whole report.
  if (!ranged || (opts.startAt === undefined && stoppedAt === null)) {
    if (!sawFiles || !('version' in head)) throw new ReportFileError(NOT_A_REPORT);
    checkReportHead(head);
  }
  return { head: head as unknown as ReportHead, files: out.finish(), bytes: total, stoppedAt };
}

const NOT_A_REPORT = 'it is not an Audio Audit report (a JSON object with "version": 1 and "files", as audio-audit --out writes)';

function truncated(phase: Phase, count: number, bytes: number): string {
  const where = phase === 'start' ? 'before the report object'
    : phase === 'entry' || phase === 'afterEntry' ? `inside "files", in files[${phase === 'entry' ? count : count - 1}]`
      : 'inside the report object';
  return `it is truncated: the file ends at byte ${bytes}, ${where}`;
}

/** files[i] ("path"): what is wrong, with the path when the entry has one (as load.ts words it). */
function entryError(out: ColumnBuilder, what: string): ReportFileError {
  if (what === 'has no "path"') return new ReportFileError(`files[${out.count}] has no "path"`);
  return new ReportFileError(`files[${out.count}]${lastPath === null ? '' : ` (${JSON.stringify(lastPath)})`}: ${what}`);
}
