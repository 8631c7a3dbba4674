// Kaldi table files (wav.scp, segments, utt2dur, text): `key value` lines, sorted by key in LC_ALL=C order
// (utils/validate_data_dir.sh requires it, utils/fix_data_dir.sh sorts them). Sorted tables are joined by a merge
// that holds one line of each file, so a 10-million-utterance data dir never sits in memory; a table that is not
// sorted (a problem in its own right) is loaded into a Map instead.
import { lineBatches } from './lines';

export interface KaldiRecord {
  readonly key: string;
  /** The rest of the line, trimmed ('' when the line holds only the key). */
  readonly value: string;
  readonly line: number;
}

const KEY_VALUE = /^\s*(\S+)\s*(.*?)\s*$/;

/** The non-blank lines of a table, split at the first whitespace. */
export async function* kaldiRecords(file: string): AsyncGenerator<KaldiRecord> {
  let line = 0;
  for await (const batch of lineBatches(file)) {
    for (const text of batch) {
      line++;
      const m = KEY_VALUE.exec(text);
      if (m) yield { key: m[1], value: m[2], line };
    }
  }
}

/**
 * The first line whose key sorts before the previous line's, or null. JavaScript's `<` compares UTF-16 code units:
 * the same order as LC_ALL=C's bytes of UTF-8 except between astral characters and U+E000..U+FFFF.
 */
export async function firstUnsorted(file: string): Promise<{ line: number; key: string; previous: string } | null> {
  let previous: string | null = null;
  for await (const r of kaldiRecords(file)) {
    if (previous !== null && r.key < previous) return { line: r.line, key: r.key, previous };
    previous = r.key;
  }
  return null;
}

export interface TableEvents {
  /** A second line for a key (the first one is used). */
  onDuplicate(record: KaldiRecord, first: KaldiRecord): void;
  /** A line whose key the primary file never asked for (reported as soon as the merge passes it). */
  onUnused(record: KaldiRecord): void;
}

/** Values of a secondary table looked up in the primary file's order. */
export interface UtteranceTable {
  get(key: string): Promise<KaldiRecord | undefined>;
  /** Reports the lines no get() asked for; call once after the primary file ends. */
  finish(): Promise<void>;
}

export async function openUtteranceTable(file: string, sorted: boolean, events: TableEvents): Promise<UtteranceTable> {
  return sorted ? new MergedTable(kaldiRecords(file), events) : loadMappedTable(file, events);
}

/** A sorted table read alongside a sorted primary: keys only grow, so each line is passed once. */
class MergedTable implements UtteranceTable {
  private current: KaldiRecord | null | undefined; // undefined: not read yet; null: the file ended
  private lastMatch: KaldiRecord | undefined;

  constructor(private readonly records: AsyncGenerator<KaldiRecord>, private readonly events: TableEvents) {}

  async get(key: string): Promise<KaldiRecord | undefined> {
    if (this.lastMatch?.key === key) return this.lastMatch; // the primary repeats a key
    if (this.current === undefined) await this.advance();
    while (this.current && this.current.key < key) {
      this.events.onUnused(this.current);
      await this.advance();
    }
    if (!this.current || this.current.key !== key) return undefined;
    const match = this.current;
    await this.advance();
    while (this.current && this.current.key === key) {
      this.events.onDuplicate(this.current, match);
      await this.advance();
    }
    this.lastMatch = match;
    return match;
  }

  async finish(): Promise<void> {
    if (this.current === undefined) await this.advance();
    while (this.current) {
      this.events.onUnused(this.current);
      await this.advance();
    }
  }

  private async advance(): Promise<void> {
    const next = await this.records.next();
    this.current = next.done ? null : next.value;
  }
}

async function loadMappedTable(file: string, events: TableEvents): Promise<UtteranceTable> {
  const byKey = new Map<string, KaldiRecord>();
  for await (const r of kaldiRecords(file)) {
    const first = byKey.get(r.key);
    if (first) events.onDuplicate(r, first);
    else byKey.set(r.key, r);
  }
  const used = new Set<string>();
  return {
    get: async (key) => {
      const r = byKey.get(key);
      if (r) used.add(key);
      return r;
    },
    finish: async () => {
      for (const r of byKey.values()) if (!used.has(r.key)) events.onUnused(r);
    },
  };
}
