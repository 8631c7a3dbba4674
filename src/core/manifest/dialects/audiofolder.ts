// Hugging Face `datasets` AudioFolder metadata: metadata.csv (comma CSV with RFC 4180 quoting, read by pandas) or
// metadata.jsonl, with a `file_name` column relative to the metadata file. The transcript is the first of the
// usual text columns present; `duration` (seconds) when the dataset declares one.
import * as path from 'node:path';
import { CsvRecordReader } from '../csv';
import { jsonLineBatches, lineBatches } from '../lines';
import { headLines, headObjects, resolverFrom, seconds } from '../head';
import { problem, type ManifestDialect, type ManifestItem } from '../types';

const TEXT_COLUMNS = ['transcription', 'text', 'sentence', 'transcript'];

export const audioFolderDialect: ManifestDialect = {
  id: 'audiofolder',
  claimsName: (baseName) => baseName === 'metadata.csv' || baseName === 'metadata.jsonl',
  recognize: (c) => {
    if (c.absPath.endsWith('.jsonl')) return headObjects(c.head).some((o) => 'file_name' in o);
    const first = headLines(c.head, 1)[0];
    return first !== undefined && (new CsvRecordReader().push(first, 1)?.fields.includes('file_name') ?? false);
  },
  parse: (file) => (file.endsWith('.jsonl') ? parseJsonl(file) : parseCsv(file)),
};

/** One row, whatever the file's syntax: a value per column name (undefined when absent). */
function* rowItems(file: string, resolve: (p: string) => string, line: number, get: (column: string) => unknown): Generator<ManifestItem> {
  const name = get('file_name');
  let audioPath: string | null = null;
  if (typeof name === 'string' && name !== '') audioPath = resolve(name);
  else yield problem(file, line, name === undefined || name === '' ? 'no file_name value' : `file_name ${JSON.stringify(name)} is not a path`);
  const rawDuration = get('duration');
  const duration = rawDuration === undefined || rawDuration === '' ? null : seconds(rawDuration, 'duration');
  if (typeof duration === 'string') yield problem(file, line, duration);
  const textColumn = TEXT_COLUMNS.find((c) => get(c) !== undefined);
  const text = textColumn === undefined ? null : get(textColumn);
  yield {
    kind: 'entry', file, line, audioPath,
    uttId: null, offsetSec: null,
    durationSec: typeof duration === 'number' ? duration : null,
    text: typeof text === 'string' ? text : null,
  };
}

async function* parseJsonl(file: string): AsyncGenerator<ManifestItem> {
  const resolve = resolverFrom(path.dirname(file));
  for await (const batch of jsonLineBatches(file)) {
    for (const x of batch) {
      if (x.kind === 'problem') yield x;
      else yield* rowItems(file, resolve, x.line, (c) => x.object[c]);
    }
  }
}

async function* parseCsv(file: string): AsyncGenerator<ManifestItem> {
  const resolve = resolverFrom(path.dirname(file));
  const reader = new CsvRecordReader(',');
  let header: string[] | null = null;
  let line = 0;
  for await (const batch of lineBatches(file)) {
    for (const text of batch) {
      line++;
      if (!reader.inQuotedField && text.trim() === '') continue; // pandas skips blank lines
      const record = reader.push(text, line);
      if (record === null) continue;
      if (header === null) {
        header = record.fields;
        if (!header.includes('file_name')) {
          yield problem(file, record.line, 'the header has no file_name column');
          return;
        }
        continue;
      }
      if (record.fields.length > header.length) {
        yield problem(file, record.line, `${record.fields.length} fields where the header has ${header.length}`);
        continue;
      }
      const columns = header;
      yield* rowItems(file, resolve, record.line, (c) => {
        const i = columns.indexOf(c);
        return i < 0 ? undefined : record.fields[i] ?? '';
      });
    }
  }
  if (reader.inQuotedField) yield problem(file, reader.pendingLine, 'a quoted field opened on this line never closes');
}
