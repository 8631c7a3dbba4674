// One part's file records, one at a time, for a k-way merge: lines are read as bytes in 256 KiB batches and parsed on demand,
// so a part costs one batch of memory however many files it holds. What is wrong with the part (a damaged line, no
// end record, files of another shard, paths out of order) is collected as it is read, named by file and line.
import type { FileReport } from '../types';
import { shardOf } from './assign';
import { parsePartLine, type PartHeader } from './part';
import { byteLineBatches, type ByteLines } from './partLines';

/** At most this many misplaced files are named per part; the rest are counted. */
const NAMED_FILES = 3;

/** How fileLine starts a file record: the report object begins right after it, its path first. */
const FILE_RECORD_HEAD = '{"type":"file","report":';
const PATH_HEAD = `${FILE_RECORD_HEAD}{"path":"`;
const PATH_HEAD_BYTES = Buffer.from(PATH_HEAD);
const NO_LINES: ByteLines = { bytes: Buffer.alloc(0), starts: [], ends: [] };

export class PartCursor {
  /** The path of the file under the cursor; null once the part is exhausted (or stopped at a damaged line). */
  path: string | null = null;
  /** Its report, parsed (null for a cursor opened `raw`). */
  current: FileReport | null = null;
  /** Raw cursors: its record's line is lineBytes[lineStart, lineEnd), the report object starting reportStart into it. */
  lineBytes: Buffer = NO_LINES.bytes;
  lineStart = 0;
  lineEnd = 0;
  reportStart = 0;
  private lineText: string | null = null;
  /** Files read so far. */
  files = 0;
  private lineNo = 0;
  private ended = false;
  private endCount: number | null = null;
  private problem: string | null = null;
  private readonly misplaced: string[] = [];
  private misplacedCount = 0;
  private batch = NO_LINES;
  private at = 0;
  private readonly lines: AsyncIterator<ByteLines>;

  /** `raw`: file records are read as bytes, not parsed, only their path decoded (a merge's second pass copies them). */
  constructor(readonly name: string, readonly header: PartHeader, private readonly raw = false) {
    this.lines = byteLineBatches(name)[Symbol.asyncIterator]();
  }

  /** Its record's line as text, decoded on demand. */
  get line(): string {
    this.lineText ??= this.lineBytes.toString('utf8', this.lineStart, this.lineEnd);
    return this.lineText;
  }

  /** Moves to the next file record (current = null at the end). */
  async advance(): Promise<void> {
    const previous = this.path;
    this.path = null;
    this.current = null;
    for (;;) {
      if (this.problem !== null) return;
      const b = this.batch;
      if (this.at === b.starts.length) {
        const next = await this.lines.next();
        if (next.done) return;
        this.batch = next.value;
        this.at = 0;
        continue;
      }
      const start = b.starts[this.at];
      const end = b.ends[this.at++];
      this.lineNo++;
      if (this.lineNo === 1) continue; // the header, already read
      if (this.ended) return this.stop(`line ${this.lineNo} comes after the end record`);
      this.lineBytes = b.bytes;
      this.lineStart = start;
      this.lineEnd = end;
      this.lineText = null;
      // Raw cursors take a file record's path from its bytes; everything else is parsed.
      const path = this.raw ? pathOfFileBytes(b.bytes, start, end) : null;
      if (path !== null) {
        this.accept(previous, path);
        this.reportStart = FILE_RECORD_HEAD.length;
        return;
      }
      if (this.record(previous, this.line)) return;
    }
  }

  /** A line parsed as a part record: true when the cursor stops at it (a file, or a problem), false after the end record. */
  private record(previous: string | null, line: string): boolean {
    const record = parsePartLine(line);
    if (typeof record === 'string') {
      this.stop(`line ${this.lineNo} ${record}: the part is truncated or damaged`);
      return true;
    }
    if (record.type === 'end') {
      this.ended = true;
      this.endCount = record.files;
      return false;
    }
    if (record.type === 'part') {
      this.stop(`line ${this.lineNo} is a second part header`);
      return true;
    }
    this.accept(previous, record.report.path);
    if (this.path !== null) this.current = record.report;
    this.reportStart = FILE_RECORD_HEAD.length;
    return true;
  }

  /** Takes the file at `path` under the cursor, or stops when it is out of order. */
  private accept(previous: string | null, path: string): void {
    // Shards write their files in path order; the k-way merge relies on it.
    if (previous !== null && path < previous) {
      return this.stop(`line ${this.lineNo} (${path}) comes before ${previous}, out of path order: the part was not written by audio-audit --shard`);
    }
    const { index, count } = this.header.shard;
    const shard = shardOf(path, count);
    if (shard !== index) {
      if (this.misplaced.length < NAMED_FILES) this.misplaced.push(`${path} (shard ${shard})`);
      this.misplacedCount++;
    }
    this.files++;
    this.path = path;
  }

  /** Stops reading and releases the file (for a merge that gave up early). */
  async close(): Promise<void> {
    await this.lines.return?.(undefined);
  }

  /** What is wrong with the part, once it has been read to its end (empty when nothing is). */
  problems(): string[] {
    const out: string[] = [];
    const { name, header } = this;
    if (this.problem !== null) out.push(`${name}: ${this.problem}`);
    else if (!this.ended) {
      out.push(`${name} is truncated: no end record after its ${this.files} file record${this.files === 1 ? '' : 's'} (the task was stopped, failed or is still running)`);
    } else if (this.endCount !== this.files) {
      out.push(`${name}: its end record counts ${this.endCount} files, but it holds ${this.files}`);
    }
    if (this.misplacedCount > 0) {
      const more = this.misplacedCount > NAMED_FILES ? ` and ${this.misplacedCount - NAMED_FILES} more` : '';
      out.push(`${name} is shard ${header.shard.index}/${header.shard.count} but holds files of other shards: ${this.misplaced.join(', ')}${more}`);
    }
    return out;
  }

  private stop(problem: string): void {
    this.problem = problem;
  }
}

/** The path of a file record as fileLine writes it, read without parsing the line; null for any other line. */
function pathOfFileBytes(b: Buffer, start: number, end: number): string | null {
  const head = PATH_HEAD_BYTES;
  if (end - start < head.length) return null;
  for (let k = 0; k < head.length; k++) if (b[start + k] !== head[k]) return null;
  const open = start + head.length - 1;
  let escaped = false;
  let j = open + 1;
  for (;;) {
    if (j >= end) return null;
    const c = b[j];
    if (c === 0x22) break;
    if (c === 0x5c) {
      escaped = true;
      j += 2;
    } else j++;
  }
  // A path with escapes (quotes, backslashes, control characters) is decoded by JSON.parse; most have none.
  return escaped ? (JSON.parse(b.toString('utf8', open, j + 1)) as string) : b.toString('utf8', open + 1, j);
}
