// A large report read by two readers at once (two cores): the first from byte 0 until the files[] entry at the split,
// the second from that entry to the end. The split is found in the layout `audio-audit --out` and `merge` write (an
// entry boundary of "files" is "\n    },\n    {"; JSON strings hold no raw line break, so the bytes occur only
// between array elements at that depth). The first reader confirms it: only if it reaches an entry of "files" that
// starts exactly there are the halves joined; otherwise the first reader has read the whole file on its own.
import { Buffer } from 'node:buffer';
import type { FileColumns, PartialRead, StreamedReport } from './columns';
import { checkReportHead, ReportFileError } from './load';
import type { MetricId } from './metrics';
import type { RuleId } from '../types';

const ENTRY_BOUNDARY = Buffer.from('\n    },\n    {', 'latin1');

/**
 * The byte offset of an entry's "{" at or after the middle of a file of `size` bytes, found in at most `window`
 * bytes read with `readAt`; null when there is none (another layout, or "files" ends before the middle).
 */
export function findSplit(readAt: (position: number, length: number) => Buffer, size: number, window = 4 << 20): number | null {
  const from = Math.floor(size / 2);
  const bytes = readAt(from, Math.min(window, size - from));
  const k = bytes.indexOf(ENTRY_BOUNDARY);
  return k < 0 ? null : from + k + ENTRY_BOUNDARY.length - 1;
}

/**
 * The report from the two halves, or null when the first did not stop at the split (it read everything: use it alone).
 * Throws ReportFileError when the joined members are not a report.
 */
export function joinHalves(first: PartialRead, second: PartialRead, split: number): StreamedReport | null {
  if (first.stoppedAt !== split) return null;
  const head = { ...first.head, ...second.head } as Record<string, unknown>;
  if (!('version' in head)) throw new ReportFileError('it is not an Audio Audit report (a JSON object with "version": 1 and "files", as audio-audit --out writes)');
  checkReportHead(head);
  return { head: head as unknown as StreamedReport["head"], files: joinColumns(first.files, second.files), bytes: split + second.bytes };
}

/** a's files then b's: b's finding rules re-indexed into a's list, its messages after a's. */
export function joinColumns(a: FileColumns, b: FileColumns): FileColumns {
  const n = a.count + b.count;
  const cat = <T extends Float64Array | Uint32Array | Uint8Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const pathStart = new Uint32Array(n + 1);
  pathStart.set(a.pathStart);
  for (let i = 1; i <= b.count; i++) pathStart[a.count + i] = a.pathStart[a.count] + b.pathStart[i];
  const errors = new Map(a.errors);
  for (const [i, e] of b.errors) errors.set(a.count + i, e);
  const metrics = Object.fromEntries(Object.keys(a.metrics).map((m) => [m, cat(a.metrics[m as MetricId], b.metrics[m as MetricId])])) as Record<MetricId, Float64Array>;
  const findingStart = new Uint32Array(n + 1);
  findingStart.set(a.findingStart);
  const aFindings = a.findingStart[a.count];
  for (let i = 1; i <= b.count; i++) findingStart[a.count + i] = aFindings + b.findingStart[i];

  const rules: RuleId[] = [...a.rules];
  const ruleMap = b.rules.map((r) => {
    const k = rules.indexOf(r);
    if (k >= 0) return k;
    if (rules.length === 255) throw new ReportFileError('more than 255 different rules');
    return rules.push(r) - 1;
  });
  // b's messages follow a's (a message in both halves is kept twice: cheaper than a map of a million strings).
  const aMessages = a.messageStart.length - 1;
  const findingRule = cat(a.findingRule, b.findingRule);
  const findingMessage = cat(a.findingMessage, b.findingMessage);
  for (let f = a.findingRule.length; f < findingRule.length; f++) {
    findingRule[f] = ruleMap[findingRule[f]];
    findingMessage[f] += aMessages;
  }
  const messageStart = new Uint32Array(aMessages + b.messageStart.length);
  messageStart.set(a.messageStart);
  const aText = a.messageStart[aMessages];
  for (let m = 1; m < b.messageStart.length; m++) messageStart[aMessages + m] = aText + b.messageStart[m];
  return {
    count: n, pathText: a.pathText + b.pathText, pathStart, entryOffset: cat(a.entryOffset, b.entryOffset), errors,
    sampleRate: cat(a.sampleRate, b.sampleRate), channels: cat(a.channels, b.channels), bits: cat(a.bits, b.bits), metrics,
    findingStart, findingRule, findingSeverity: cat(a.findingSeverity, b.findingSeverity), findingMessage,
    messageText: a.messageText + b.messageText, messageStart, rules, expectedZeroBin: a.expectedZeroBin ?? b.expectedZeroBin,
  };
}
