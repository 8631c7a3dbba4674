// What a writer does to a line-per-entry manifest: leave lines out, set declared durations, and keep relative audio
// paths pointing at the same files when the output lives in another folder than the input.
import * as path from 'node:path';
import { isPlainRelative } from '../head';
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
/** The output's relative paths resolve from another folder than the input's. */
export function relocates(edits: Pick<LineEdits, 'fromDir' | 'toDir'>): boolean {
  return path.resolve(edits.fromDir) !== path.resolve(edits.toDir);
}

export function relocatePath(written: string, edits: Pick<LineEdits, 'fromDir' | 'toDir'>): string {
  return pathRelocator(edits)(written);
}

/**
 * relocatePath for many paths: a plain relative path ('a/b.wav', no '.' or '..' segment) is appended to the one
 * relative path from the new folder to the old, without path.relative per line (most of the time on 1M lines).
 */
export function pathRelocator(edits: Pick<LineEdits, 'fromDir' | 'toDir'>): (written: string) => string {
  if (!relocates(edits)) return (written) => written;
  const from = path.resolve(edits.fromDir);
  const toOld = path.relative(edits.toDir, from).split(path.sep).join('/');
  const slow = (written: string) => path.relative(edits.toDir, path.resolve(from, written)).split(path.sep).join('/');
  return (written) => {
    if (path.isAbsolute(written)) return written;
    // Resolves to the same file as the slow form (which may shorten '../sub/x' to 'x' when the new folder is sub/).
    if (path.sep === '/' && isPlainRelative(written)) return `${toOld}/${written}`;
    return slow(written);
  };
}

/** The line unchanged, bytes as read (a BOM in front of line 1 is written once, whether line 1 is kept or not). */
export async function writeRaw(out: AtomicFile, l: RawLine, bom: boolean): Promise<void> {
  if (l.line === 1 && bom) await out.write(UTF8_BOM);
  await out.write(l.content);
  if (l.eol !== '') await out.write(l.eol === '\n' ? NEWLINE : Buffer.from(l.eol));
}

const NEWLINE = Buffer.from('\n');

/** A line whose text was edited, with the input line's break. */
export async function writeEdited(out: AtomicFile, l: RawLine, text: string, bom: boolean): Promise<void> {
  await out.write((l.line === 1 && bom ? '\ufeff' : '') + text + l.eol);
}
