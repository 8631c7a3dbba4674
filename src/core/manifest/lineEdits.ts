// Text edits of one manifest line for the editor's quick fixes: where the declared duration's value sits, and
// whether a physical line is a whole entry that can be deleted. Pure string work on the line as the editor shows it.
import type { ManifestReport } from '../types';

/** Character span [start, end) of a value inside a line. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Span of the value of a top-level `key` of a one-line JSON object (NeMo, audiofolder metadata.jsonl), or null.
 * A small scanner instead of a regex: a `"duration"` inside a string value or a nested object is not the key.
 */
export function jsonValueSpan(line: string, key: string): Span | null {
  let depth = 0;
  let i = 0;
  let expectKey = false;
  while (i < line.length) {
    const c = line[i];
    if (c === '"') {
      const end = stringEnd(line, i);
      if (end < 0) return null;
      if (depth === 1 && expectKey) {
        const name = JSON.parse(line.slice(i, end + 1)) as string;
        let j = end + 1;
        while (line[j] === ' ' || line[j] === '\t') j++;
        if (line[j] !== ':') return null;
        j++;
        while (line[j] === ' ' || line[j] === '\t') j++;
        if (name === key) return { start: j, end: valueEnd(line, j) };
        expectKey = false;
        i = j;
        continue;
      }
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') { depth++; expectKey = c === '{' && depth === 1; }
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
    i++;
  }
  return null;
}

/** Index of the quote that closes the string opened at `open` (backslash escapes skipped), or -1. */
function stringEnd(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

/** End of a JSON value starting at `start` (a number, literal, string, object or array). */
function valueEnd(line: string, start: number): number {
  if (line[start] === '"') return stringEnd(line, start) + 1;
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === '"') { i = stringEnd(line, i); if (i < 0) return line.length; continue; }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') { if (depth === 0) return trimEnd(line, start, i); depth--; }
    else if (c === ',' && depth === 0) return trimEnd(line, start, i);
  }
  return trimEnd(line, start, line.length);
}

function trimEnd(line: string, start: number, end: number): number {
  while (end > start && /\s/.test(line[end - 1])) end--;
  return end;
}

/** Span of the second whitespace-separated field (Kaldi utt2dur: `<utt-id> <seconds>`). */
export function secondFieldSpan(line: string): Span | null {
  const m = /^(\s*\S+\s+)(\S+)/.exec(line);
  return m ? { start: m[1].length, end: m[1].length + m[2].length } : null;
}

/**
 * Span of field `column` (0-based) of a comma CSV record that lies on one line, quotes included when the field is
 * quoted (the replacement is a bare number), or null when the record has fewer fields or a quote never closes.
 */
export function csvFieldSpan(line: string, column: number): Span | null {
  let start = 0;
  for (let field = 0; ; field++) {
    let end = start;
    if (line[start] === '"') {
      // RFC 4180: a quoted field ends at a quote that is not doubled.
      for (end = start + 1; ; end++) {
        if (end >= line.length) return null;
        if (line[end] === '"') { if (line[end + 1] === '"') end++; else { end++; break; } }
      }
      // pandas joins text after the closing quote to the field (csv.ts): it runs to the next comma.
      while (end < line.length && line[end] !== ',') end++;
    } else {
      while (end < line.length && line[end] !== ',') end++;
    }
    if (field === column) return { start, end };
    if (end >= line.length) return null;
    start = end + 1;
  }
}

/** Index of the `duration` column in an audiofolder metadata.csv header line, or -1. */
function csvDurationColumn(header: string): number {
  const fields: string[] = [];
  for (let i = 0, span = csvFieldSpan(header, 0); span; span = csvFieldSpan(header, ++i)) fields.push(header.slice(span.start, span.end));
  return fields.map((f) => (f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f).trim()).indexOf('duration');
}

/**
 * Where a line of this manifest file declares a duration, or null when its dialect keeps none on the line.
 * `header`: the first non-blank line of the file, which names the columns of an audiofolder metadata.csv.
 */
export function durationSpan(manifest: Pick<ManifestReport, 'dialect' | 'path'>, line: string, header?: string): Span | null {
  const base = manifest.path.slice(manifest.path.lastIndexOf('/') + 1);
  if (manifest.dialect === 'nemo' || (manifest.dialect === 'audiofolder' && base.endsWith('.jsonl'))) return jsonValueSpan(line, 'duration');
  if (manifest.dialect === 'kaldi' && base === 'utt2dur') return secondFieldSpan(line);
  if (manifest.dialect === 'audiofolder' && header !== undefined && line !== header) {
    const column = csvDurationColumn(header);
    return column < 0 ? null : csvFieldSpan(line, column);
  }
  return null;
}

/**
 * True when deleting this physical line (0-based `index`) removes exactly one entry: not a CSV/TSV header, not a
 * line of a multi-line quoted CSV record (an odd number of quotes; LJSpeech has no quoting), not a Kaldi data-dir file (an utterance spans
 * several files there; `audio-audit filter` writes a consistent directory).
 */
export function isWholeEntryLine(manifest: Pick<ManifestReport, 'dialect' | 'path'>, index: number, line: string): boolean {
  if (line.trim() === '') return false;
  switch (manifest.dialect) {
    case 'kaldi': return false;
    case 'commonvoice': return index > 0;
    case 'audiofolder': return manifest.path.endsWith('.jsonl') || (index > 0 && quotesBalanced(line));
    default: return true;
  }
}

function quotesBalanced(line: string): boolean {
  return (line.split('"').length - 1) % 2 === 0;
}

/** Seconds as written into a manifest: rounded to the microsecond, no trailing zeros (2 → "2", 1.2345678 → "1.234568"). */
export function formatSeconds(sec: number): string {
  return String(Math.round(sec * 1e6) / 1e6);
}
