// The growing columns of streamReader.ts: numbers in blocks (no doubling copies; finish() copies each column once into
// an array of the exact length), paths as one byte string decoded once at the end, finding messages deduplicated.
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import type { RuleId } from '../types';
import type { FileColumns } from './columns';
import type { MetricId } from './metrics';
import { METRIC_IDS } from './view';

/** A report entry that is JSON but not a file report: the message names the member, the reader adds which entry. */
export class EntryError extends Error {}

/** Entries per block: blocks grow from MIN_BLOCK to MAX_BLOCK (a 3-file report does not allocate megabytes). */
const MIN_BLOCK = 1024;
const MAX_BLOCK = 1 << 16;

interface Block {
  readonly entryOffset: Float64Array;
  readonly sampleRate: Float64Array;
  readonly channels: Float64Array;
  readonly bits: Float64Array;
  readonly metrics: Record<MetricId, Float64Array>;
}

function newBlock(size: number): Block {
  return {
    entryOffset: new Float64Array(size), sampleRate: new Float64Array(size), channels: new Float64Array(size), bits: new Float64Array(size),
    metrics: Object.fromEntries(METRIC_IDS.map((m) => [m, new Float64Array(size)])) as Record<MetricId, Float64Array>,
  };
}

function grown<T extends Uint8Array | Uint32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

type Slicing = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

/**
 * Growable columns. The number columns of file i are the current block's at i - blockBase (reserve() before writing
 * file `count`; room() files fit in the block); findingStart and pathEnd are flat, indexed by file.
 */
export class ColumnBuilder {
  count = 0;
  /** The first file of the current block. */
  blockBase = 0;
  private blockEnd = 0;
  private readonly blocks: Block[] = [];
  entryOffset: Float64Array = new Float64Array(0);
  sampleRate: Float64Array = new Float64Array(0);
  channels: Float64Array = new Float64Array(0);
  bits: Float64Array = new Float64Array(0);
  metrics = {} as Record<MetricId, Float64Array>;
  findingStart = new Uint32Array(1);
  findingCount = 0;
  private findingCap = 0;
  findingRule = new Uint8Array(0);
  findingSeverity = new Uint8Array(0);
  findingMessage = new Uint32Array(0);
  messages: string[] = [];
  private readonly messageIndex = new Map<string, number>();
  rules: RuleId[] = [];
  private readonly ruleIndex = new Map<string, number>();
  errors = new Map<number, string>();
  expectedZeroBin: number | null = null;
  /** The paths' UTF-8 bytes one after another: path i is pathBytes[pathEnd[i], pathEnd[i + 1]) unless in pathText. */
  pathBytes = new Uint8Array(1 << 16);
  pathLength = 0;
  pathEnd = new Uint32Array(1);
  /** Paths kept as strings instead (non-ASCII strings the JS scanner decoded), by file. */
  private readonly pathText = new Map<number, string>();

  /** Makes room for file `count` (call before writing its values). */
  reserve(): void {
    if (this.count < this.blockEnd) return;
    const size = Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, this.count));
    const b = newBlock(size);
    this.blocks.push(b);
    this.blockBase = this.count;
    this.blockEnd = this.count + size;
    ({ entryOffset: this.entryOffset, sampleRate: this.sampleRate, channels: this.channels, bits: this.bits, metrics: this.metrics } = b);
    if (this.findingStart.length < this.blockEnd + 1) {
      const cap = Math.max(this.findingStart.length * 2, this.blockEnd + 1);
      this.findingStart = grown(this.findingStart, cap);
      this.pathEnd = grown(this.pathEnd, cap);
    }
  }

  /** Files that fit in the current block after reserve(). */
  room(): number {
    return this.blockEnd - this.count;
  }

  /** The path of file i (i = count, or a file of the batch being added): ASCII goes to the bytes, others stay strings. */
  addPath(i: number, path: string): void {
    const n = path.length;
    let k = 0;
    while (k < n && path.charCodeAt(k) < 0x80) k++;
    if (k === n) {
      this.makePathRoom(n);
      const bytes = this.pathBytes;
      let at = this.pathLength;
      for (let j = 0; j < n; j++) bytes[at++] = path.charCodeAt(j);
      this.pathLength = at;
    } else this.pathText.set(i, path);
    this.pathEnd[i + 1] = this.pathLength;
  }

  /** Appends bytes[0, length) to the path bytes (the caller sets pathEnd). */
  addPathBytes(bytes: Uint8Array, length: number): void {
    this.makePathRoom(length);
    this.pathBytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.pathLength);
    this.pathLength += length;
  }

  private makePathRoom(length: number): void {
    if (this.pathLength + length > this.pathBytes.length) this.pathBytes = grown(this.pathBytes, Math.max(this.pathBytes.length * 2, this.pathLength + length));
  }

  addFinding(rule: string, severity: number, message: string): void {
    if (this.findingCount === this.findingCap) {
      this.findingCap = Math.max(4096, this.findingCap * 2);
      this.findingRule = grown(this.findingRule, this.findingCap);
      this.findingSeverity = grown(this.findingSeverity, this.findingCap);
      this.findingMessage = grown(this.findingMessage, this.findingCap);
    }
    let r = this.ruleIndex.get(rule);
    if (r === undefined) {
      if (this.rules.length === 255) throw new EntryError('more than 255 different rules');
      r = this.rules.push(rule as RuleId) - 1;
      this.ruleIndex.set(rule, r);
    }
    let m = this.messageIndex.get(message);
    if (m === undefined) { m = this.messages.push(message) - 1; this.messageIndex.set(message, m); }
    this.findingRule[this.findingCount] = r;
    this.findingSeverity[this.findingCount] = severity;
    this.findingMessage[this.findingCount++] = m;
  }

  finish(): FileColumns {
    const n = this.count;
    const column = (pick: (b: Block) => Float64Array): Float64Array => {
      const a = new Float64Array(n);
      let at = 0;
      for (const b of this.blocks) {
        const part = pick(b);
        const k = Math.min(part.length, n - at);
        a.set(k === part.length ? part : part.subarray(0, k), at);
        at += k;
      }
      return a;
    };
    const messages = joined(this.messages);
    const paths = this.finishPaths();
    const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, column((b) => b.metrics[m])])) as Record<MetricId, Float64Array>;
    return {
      count: n, pathText: paths.text, pathStart: paths.start, entryOffset: column((b) => b.entryOffset), errors: this.errors,
      sampleRate: column((b) => b.sampleRate), channels: column((b) => b.channels), bits: column((b) => b.bits), metrics,
      findingStart: this.findingStart.slice(0, n + 1), findingRule: this.findingRule.slice(0, this.findingCount),
      findingSeverity: this.findingSeverity.slice(0, this.findingCount), findingMessage: this.findingMessage.slice(0, this.findingCount),
      messageText: messages.text, messageStart: messages.start, rules: this.rules, expectedZeroBin: this.expectedZeroBin,
    };
  }

  /**
   * pathText and pathStart (UTF-16 units) as if each path were decoded alone and the strings joined: all ASCII, one
   * latin1 decode; valid UTF-8 that no path boundary cuts, one UTF-8 decode (a unit per lead byte, two from 4-byte
   * sequences, which are surrogate pairs); else path by path.
   */
  private finishPaths(): { text: string; start: Uint32Array } {
    const n = this.count;
    const bytes = Buffer.from(this.pathBytes.buffer, this.pathBytes.byteOffset, this.pathLength) as Slicing;
    const ends = this.pathEnd;
    if (this.pathText.size === 0) {
      if (isAscii(bytes)) return { text: bytes.latin1Slice(0, bytes.length), start: ends.slice(0, n + 1) };
      if (isUtf8(bytes)) {
        const start = new Uint32Array(n + 1);
        let units = 0;
        let at = 0;
        let whole = true;
        for (let i = 0; i < n && whole; i++) {
          const e = ends[i + 1];
          if (at < e && (bytes[at] & 0xc0) === 0x80) whole = false;
          for (; at < e; at++) {
            const b = bytes[at];
            if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
          }
          start[i + 1] = units;
        }
        if (whole) return { text: bytes.utf8Slice(0, bytes.length), start };
      }
    }
    const list = new Array<string>(n);
    for (let i = 0; i < n; i++) list[i] = this.pathText.get(i) ?? bytes.utf8Slice(ends[i], ends[i + 1]);
    return joined(list);
  }
}

function joined(list: string[]): { text: string; start: Uint32Array } {
  const start = new Uint32Array(list.length + 1);
  for (let i = 0; i < list.length; i++) start[i + 1] = start[i] + list[i].length;
  return { text: list.join(''), start };
}
