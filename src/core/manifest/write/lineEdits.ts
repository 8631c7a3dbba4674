// What a writer does to a line-per-entry manifest: leave lines out, set declared durations, and keep relative audio
// paths pointing at the same files when the output lives in another folder than the input.
import * as path from 'node:path';
import type { AtomicFile } from './atomicFile';
import { UTF8_BOM, type RawLine } from './rawLines';

export interface LineEdits {
  /** Lines (1-based, of the input) to leave out; a header is never left out. */
  readonly drop: ReadonlySet<number>;
  /** Lines whose declared duration becomes this many seconds (--fix-durations). */
  readonly durations: ReadonlyMap<number, number>;
  /** The folder the input's relative audio paths resolve from. */
  readonly fromDir: string;
  /** The folder the output's relative audio paths will resolve from. */
  readonly toDir: string;
  readonly signal?: AbortSignal;
}

export type ManifestWriter = (input: string, out: AtomicFile, edits: LineEdits) => Promise<void>;

/**
 * A path as written in the input, rewritten for the output's folder: absolute paths stay; a relative one becomes
 * relative to the new folder ('/'-separated), or stays as it is when the folder is the same.
 */
export function relocatePath(written: string, edits: Pick<LineEdits, 'fromDir' | 'toDir'>): string {
  if (path.isAbsolute(written) || path.resolve(edits.fromDir) === path.resolve(edits.toDir)) return written;
  return path.relative(edits.toDir, path.resolve(edits.fromDir, written)).split(path.sep).join('/');
}

/** The line unchanged, bytes as read (a BOM in front of line 1 is written once, whether line 1 is kept or not). */
export async function writeRaw(out: AtomicFile, l: RawLine, bom: boolean): Promise<void> {
  await out.write(l.line === 1 && bom ? Buffer.concat([UTF8_BOM, l.content, Buffer.from(l.eol)]) : Buffer.concat([l.content, Buffer.from(l.eol)]));
}

/** A line whose text was edited, with the input line's break. */
export async function writeEdited(out: AtomicFile, l: RawLine, text: string, bom: boolean): Promise<void> {
  await out.write((l.line === 1 && bom ? '\ufeff' : '') + text + l.eol);
}
