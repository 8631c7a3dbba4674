// The report as JSON text in pieces: the same bytes as JSON.stringify(report, null, 2) + '\n', produced file by
// file, so a 100 000-file report never has to be one string (V8 strings stop at 512 MiB). Fingerprints stay out:
// they serve the near-duplicate search (cache, shard parts), not a reader of the report.
import type { AuditReport, FileReport } from '../types';

export function* reportJsonChunks(report: AuditReport): Generator<string> {
  const keys = Object.keys(report) as (keyof AuditReport)[];
  yield '{';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const sep = k < keys.length - 1 ? ',' : '';
    const value = report[key];
    if (value === undefined) continue;
    if (key === 'files' && report.files.length > 0) {
      yield `\n  ${JSON.stringify(key)}: [`;
      for (let i = 0; i < report.files.length; i++) {
        yield `${fileEntry(report.files[i])}${i < report.files.length - 1 ? ',' : ''}`;
      }
      yield `\n  ]${sep}`;
    } else {
      yield `${fieldEntry(key, value)}${sep}`;
    }
  }
  yield '\n}\n';
}

/**
 * The same bytes for a report whose files arrive one at a time (a merge of a million files): `head` holds the
 * fields before `files`, `tail` the fields after it; `entries` are the files as fileEntry() writes them.
 */
export async function* streamedReportJsonChunks(head: object, entries: AsyncIterable<string>, tail: object): AsyncGenerator<string> {
  yield* framedFiles(head, commaJoined(entries), tail);
}

/** streamedReportJsonChunks with the files as UTF-8 batches of comma-separated entries (MergedReport.entryBytes). */
export function streamedReportJsonBytes(head: object, batches: AsyncIterable<Buffer>, tail: object): AsyncGenerator<string | Buffer> {
  return framedFiles(head, batches, tail);
}

const BATCH_CHARS = 1 << 20;

/** Entries joined by commas into pieces of about BATCH_CHARS: one write and one await per piece, not per file. */
async function* commaJoined(entries: AsyncIterable<string>): AsyncGenerator<string> {
  let batch: string[] = [];
  let chars = 0;
  let first = true;
  for await (const text of entries) {
    const entry = first ? text : `,${text}`;
    first = false;
    batch.push(entry);
    chars += entry.length;
    if (chars >= BATCH_CHARS) {
      yield batch.join('');
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

/** The report around its files: head fields, the files' pieces (comma-separated entries), tail fields. */
async function* framedFiles<T extends string | Buffer>(head: object, pieces: AsyncIterable<T>, tail: object): AsyncGenerator<string | T> {
  yield '{';
  for (const [key, value] of Object.entries(head)) if (value !== undefined) yield `${fieldEntry(key, value)},`;
  let n = 0;
  for await (const piece of pieces) {
    if (n++ === 0) yield '\n  "files": [';
    yield piece;
  }
  const rest = Object.entries(tail).filter(([, v]) => v !== undefined);
  yield `${n === 0 ? '\n  "files": []' : '\n  ]'}${rest.length > 0 ? ',' : ''}`;
  for (let k = 0; k < rest.length; k++) yield `${fieldEntry(rest[k][0], rest[k][1])}${k < rest.length - 1 ? ',' : ''}`;
  yield '\n}\n';
}

/**
 * A file as the fifth line on of the report: JSON.stringify of it two arrays deep is indented by 4 already (no
 * re-indenting pass), then the brackets are cut off. The replacer, slow per key, runs only when there is a fingerprint.
 */
export function fileEntry(f: FileReport): string {
  const nested = JSON.stringify([[f]], f.fingerprint !== undefined ? withoutFingerprint : undefined, 2);
  return `\n    ${nested.slice(NESTED_HEAD.length, nested.length - NESTED_TAIL.length)}`;
}
const NESTED_HEAD = '[\n  [\n    ';
const NESTED_TAIL = '\n  ]\n]';

const fieldEntry = (key: string, value: unknown): string => `\n  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}`;

/** JSON text never holds a raw newline inside a string, so every newline starts a line to indent. */
function indent(json: string, by: string): string {
  return json.replace(/\n/g, `\n${by}`);
}

/** JSON.stringify replacer that drops FileReport.fingerprint (about 4.4 KB of base64 per 10 s of audio). */
export function withoutFingerprint(key: string, value: unknown): unknown {
  return key === 'fingerprint' ? undefined : value;
}
