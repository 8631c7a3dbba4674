// Reads part files for the merge: the header alone first (so mismatched or missing parts are refused before any body
// is read), then the bodies, streamed (src/core/shard/streamMerge.ts).
import { createReadStream } from 'node:fs';
import type { AuditReport } from '../types';
import { parsePartLine, type PartHeader } from './part';
import { MergeError, headerProblems } from './merge';
import { collectReport, openMerge, type MergedReport } from './streamMerge';

/**
 * Opens part files for a streamed merge (pass 1 done: every part read, the dataset rules decided). Headers first: parts that are not parts, or that do not belong together (versions,
 * settings, shard count, missing or repeated shards), are refused before any body is read. Throws MergeError.
 */
export async function openPartFiles(files: readonly string[]): Promise<MergedReport> {
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
  return openMerge(headers);
}

/** The merged report of the part files, whole in memory. Throws MergeError. */
export async function mergePartFiles(files: readonly string[]): Promise<AuditReport> {
  return collectReport(await openPartFiles(files));
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
