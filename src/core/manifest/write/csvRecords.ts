// audiofolder metadata.csv (RFC 4180, a record may span lines): a record is kept or left out whole, at the line it
// starts on (where its findings are). A kept record is copied byte for byte unless its file_name must be rewritten
// for another folder or its duration set (--fix-durations, only when the file has a duration column); then the
// record is written again with quotes only where a field needs them.
import { CsvRecordReader } from '../csv';
import { UTF8_BOM, rawLines, type RawLine, type RawLinesInfo } from './rawLines';
import { pathRelocator, writeEdited, writeRaw, type LineEdits, type ManifestWriter } from './lineEdits';
import type { AtomicFile } from './atomicFile';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const audioFolderCsvWriter: ManifestWriter = async (input: string, out: AtomicFile, edits: LineEdits) => {
  const info: RawLinesInfo = { bom: false };
  const reader = new CsvRecordReader(',');
  const relocate = pathRelocator(edits);
  let header: string[] | null = null;
  let pending: RawLine[] = [];
  for await (const l of rawLines(input, info, edits.signal)) {
    if (!reader.inQuotedField && l.text.trim() === '') {
      await writeRaw(out, l, info.bom); // pandas skips blank lines; they stay
      continue;
    }
    pending.push(l);
    const record = reader.push(l.text, l.line);
    if (record === null) continue;
    const lines = pending;
    pending = [];
    if (header === null) {
      header = record.fields;
      for (const x of lines) await writeRaw(out, x, info.bom);
      continue;
    }
    if (edits.drop.has(record.line)) {
      if (lines[0].line === 1 && info.bom) await out.write(UTF8_BOM);
      continue;
    }
    const fields = [...record.fields];
    let changed = false;
    const nameAt = header.indexOf('file_name');
    if (nameAt >= 0 && fields[nameAt]) {
      const moved = relocate(fields[nameAt]);
      if (moved !== fields[nameAt]) [fields[nameAt], changed] = [moved, true];
    }
    const durationAt = header.indexOf('duration');
    const duration = edits.durations.get(record.line);
    if (durationAt >= 0 && duration !== undefined && Number(fields[durationAt]) !== duration) {
      while (fields.length <= durationAt) fields.push('');
      [fields[durationAt], changed] = [String(duration), true];
    }
    if (!changed) for (const x of lines) await writeRaw(out, x, info.bom);
    else await writeEdited(out, { ...lines[lines.length - 1], line: lines[0].line }, fields.map(csvField).join(','), info.bom); // the last line's break
  }
  // A quoted field that never closes: the rest of the file is copied as it was (the parser reported it).
  for (const x of pending) await writeRaw(out, x, info.bom);
};
