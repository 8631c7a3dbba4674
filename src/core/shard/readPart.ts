// Reads part files for the merge: the header alone first (so mismatched or missing parts are refused before any body
// is read), then the records, streamed in 256 KiB batches of lines (memory grows with the reports, not the text).
import { checkManifests } from '../manifest/check';
import { createReadStream } from 'node:fs';
import { lineBatches } from '../manifest/lines';
import type { AuditReport, FileReport } from '../types';
import { parsePartLine, type EndRecord, type PartHeader } from './part';
import { MergeError, headerProblems, mergeParts, type PartContents } from './merge';

/**
 * Reads and merges part files. Headers first: parts that are not parts, or that do not belong together (versions,
 * settings, shard count, missing or repeated shards), are refused before any body is read. Throws MergeError.
 */
export async function mergePartFiles(files: readonly string[]): Promise<AuditReport> {
  const headers: { name: string; header: PartHeader }[] = [];
  const unreadable: string[] = [];
  for (const name of files) {
    const header = await readPartHeader(name);
    if (typeof header === 'string') unreadable.push(header);
    else headers.push({ name, header });
  }
  if (unreadable.length > 0) throw new MergeError(unreadable);
  const mismatch = headerProblems(headers);
  if (mismatch.length > 0) throw new MergeError(mismatch);
  const parts: PartContents[] = [];
  for (const { name, header } of headers) parts.push(await readPartBody(name, header));
  // The manifests are checked here, against every part's audio, as a single run checks them after its audit.
  const { root, settings, manifests } = headers[0].header;
  const check = await checkManifests(root, manifests ?? [], parts.flatMap((p) => p.files), settings);
  return mergeParts(parts, check);
}

/** The part's header, or a sentence naming the file and what is wrong with its first line. */
export async function readPartHeader(file: string): Promise<PartHeader | string> {
  let first: string | undefined;
  try {
    first = await firstLine(file);
  } catch (e) {
    return `${file}: cannot be read (${(e as Error).message})`;
  }
  if (first === undefined) return `${file} is empty, not an audio-audit part (the task wrote nothing)`;
  const record = parsePartLine(first);
  if (typeof record === 'string') return `${file} is not an audio-audit part: its first line ${record}`;
  if (record.type !== 'part') return `${file} is not an audio-audit part: its first line is a "${record.type}" record, not the part header`;
  return record;
}

/** All records after the header; stops at the first unreadable line and says which (`problem`). */
export async function readPartBody(file: string, header: PartHeader): Promise<PartContents> {
  const files: FileReport[] = [];
  let end: EndRecord | null = null;
  let lineNo = 0;
  const stop = (problem: string): PartContents => ({ name: file, header, files, end, problem });
  for await (const batch of lineBatches(file)) {
    for (const line of batch) {
      lineNo++;
      if (lineNo === 1) continue; // the header, already read
      if (end !== null) return stop(`line ${lineNo} comes after the end record`);
      const record = parsePartLine(line);
      if (typeof record === 'string') return stop(`line ${lineNo} ${record}: the part is truncated or damaged`);
      if (record.type === 'file') files.push(record.report);
      else if (record.type === 'end') end = record;
      else return stop(`line ${lineNo} is a second part header`);
    }
  }
  return { name: file, header, files, end };
}

async function firstLine(file: string): Promise<string | undefined> {
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  const pieces: Buffer[] = [];
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      const nl = b.indexOf(0x0a);
      if (nl >= 0) {
        pieces.push(b.subarray(0, nl));
        return Buffer.concat(pieces).toString('utf8');
      }
      pieces.push(b);
    }
  } finally {
    stream.destroy();
  }
  return pieces.length > 0 ? Buffer.concat(pieces).toString('utf8') : undefined;
}
