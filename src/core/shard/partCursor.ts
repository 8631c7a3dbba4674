// One part's file records, one at a time, for a k-way merge: lines are read in 256 KiB batches and parsed on demand,
// so a part costs one batch of memory however many files it holds. What is wrong with the part (a damaged line, no
// end record, files of another shard, paths out of order) is collected as it is read, named by file and line.
import { lineBatches } from '../manifest/lines';
import type { FileReport } from '../types';
import { shardOf } from './assign';
import { parsePartLine, type PartHeader } from './part';

/** At most this many misplaced files are named per part; the rest are counted. */
const NAMED_FILES = 3;

/** How fileLine starts a file record: the report object begins right after it, its path first. */
const FILE_RECORD_HEAD = '{"type":"file","report":';
const PATH_HEAD = `${FILE_RECORD_HEAD}{"path":"`;

export class PartCursor {
  /** The path of the file under the cursor; null once the part is exhausted (or stopped at a damaged line). */
  path: string | null = null;
  /** Its report, parsed (null for a cursor opened `raw`). */
  current: FileReport | null = null;
  /** Its record's line and where the report object starts in it (raw cursors; see prettyFileEntry). */
  line = '';
  reportStart = 0;
  /** Files read so far. */
  files = 0;
  private lineNo = 0;
  private ended = false;
  private endCount: number | null = null;
  private problem: string | null = null;
  private readonly misplaced: string[] = [];
  private misplacedCount = 0;
  private batch: string[] = [];
  private at = 0;
  private readonly lines: AsyncIterator<string[]>;

  /** `raw`: file records are not parsed, only their path read (a merge's second pass copies their text). */
  constructor(readonly name: string, readonly header: PartHeader, private readonly raw = false) {
    this.lines = lineBatches(name)[Symbol.asyncIterator]();
  }

  /** Moves to the next file record (current = null at the end). */
  async advance(): Promise<void> {
    const previous = this.path;
    this.path = null;
    this.current = null;
    for (;;) {
      if (this.problem !== null) return;
      if (this.at === this.batch.length) {
        const next = await this.lines.next();
        if (next.done) return;
        this.batch = next.value;
        this.at = 0;
        continue;
      }
      const line = this.batch[this.at++];
      this.lineNo++;
      if (this.lineNo === 1) continue; // the header, already read
      if (this.ended) return this.stop(`line ${this.lineNo} comes after the end record`);
      const path = this.raw ? pathOfFileLine(line) : null;
      if (path !== null) {
        this.accept(previous, path);
        this.line = line;
        this.reportStart = FILE_RECORD_HEAD.length;
        return;
      }
      const record = parsePartLine(line);
      if (typeof record === 'string') return this.stop(`line ${this.lineNo} ${record}: the part is truncated or damaged`);
      if (record.type === 'end') {
        this.ended = true;
        this.endCount = record.files;
        continue;
      }
      if (record.type === 'part') return this.stop(`line ${this.lineNo} is a second part header`);
      this.accept(previous, record.report.path);
      if (this.path !== null) this.current = record.report;
      this.line = line;
      this.reportStart = FILE_RECORD_HEAD.length;
      return;
    }
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
function pathOfFileLine(line: string): string | null {
  if (!line.startsWith(PATH_HEAD)) return null;
  const open = PATH_HEAD.length - 1;
  let j = open + 1;
  for (;;) {
    j = line.indexOf('"', j);
    if (j < 0) return null;
    let k = j - 1;
    while (line.charCodeAt(k) === 0x5c) k--;
    if ((j - 1 - k) % 2 === 0) break;
    j++;
  }
  const literal = line.slice(open, j + 1);
  // A path with escapes (quotes, backslashes, control characters) is decoded by JSON.parse; most have none.
  return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}
