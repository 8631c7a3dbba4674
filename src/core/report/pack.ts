// The report view as the panel posts it. VS Code's postMessage moves typed arrays as binary but JSON-encodes
// everything else, and through a remote connection (code-server, SSH, WSL) every byte is framed and deflated on
// the way: ~50 ms per MB measured in code-server. So every column goes as the narrowest typed array that holds
// its values exactly, strings as one concatenated string with a Uint32Array of lengths (lengths, not separators:
// a report loaded from a file may hold any character), and sorted paths front-coded against the previous path.
import type { RuleId, Severity } from '../types';
import type { MetricId } from './metrics';
import { METRIC_IDS, type ReportView, type ViewFinding } from './view';

/** A number column; null is NaN in the float arrays and the type's largest value in the integer ones. */
export type PackedNumbers = Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array;

/** Non-negative integers without nulls (lengths, counts, indices) in the narrowest array that holds the largest. */
export type PackedCounts = Uint8Array | Uint16Array | Uint32Array;

export interface PackedStrings {
  readonly text: string;
  readonly lengths: PackedCounts;
  /** Front coding: string i starts with the first shared[i] characters of string i - 1, then its piece of text. */
  readonly shared?: PackedCounts;
}

export interface PackedColumns {
  readonly count: number;
  readonly paths: PackedStrings;
  /** Errors; hasError[i] = 0 means null. */
  readonly errors: PackedStrings;
  readonly hasError: Uint8Array;
  readonly sampleRate: PackedNumbers;
  readonly channels: PackedNumbers;
  readonly bits: PackedNumbers;
  readonly findingCount: PackedCounts;
  /** Per finding, in file order: index into `rules`, severity index into SEVERITIES, index into `messages`. */
  readonly findingRule: Uint8Array;
  readonly findingSeverity: Uint8Array;
  readonly findingMessage: PackedCounts;
  /** Each distinct message once: dataset rules repeat theirs on every file they flag. */
  readonly messages: PackedStrings;
  readonly rules: readonly RuleId[];
  readonly metrics: Readonly<Record<MetricId, PackedNumbers>>;
}

export interface PackedReportView extends Omit<ReportView, 'files'> {
  readonly files: PackedColumns;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

// Plain loops throughout: TypedArray.from / Array.from with a map function go through the iterator protocol and
// were ten times slower on 100 000 files (pack 300-400 ms, unpack ~200 ms).
export function packView(view: ReportView): PackedReportView {
  const f = view.files;
  const n = f.path.length;
  const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, packNumbers(f.metrics[m])])) as Record<MetricId, PackedNumbers>;
  const hasError = new Uint8Array(n);
  const errors = new Array<string>(n);
  const findingCount = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = f.error[i];
    hasError[i] = e === null ? 0 : 1;
    errors[i] = e ?? '';
    total += findingCount[i] = f.findings[i].length;
  }
  const rules: RuleId[] = [];
  const ruleIndex = new Map<RuleId, number>();
  const findingRule = new Uint8Array(total);
  const findingSeverity = new Uint8Array(total);
  const findingMessage = new Uint32Array(total);
  const messages: string[] = [];
  const messageIndex = new Map<string, number>();
  for (let i = 0, k = 0; i < n; i++) {
    for (const x of f.findings[i]) {
      let r = ruleIndex.get(x.rule);
      if (r === undefined) { r = rules.push(x.rule) - 1; ruleIndex.set(x.rule, r); }
      let m = messageIndex.get(x.message);
      if (m === undefined) { m = messages.push(x.message) - 1; messageIndex.set(x.message, m); }
      findingRule[k] = r;
      findingSeverity[k] = SEVERITIES.indexOf(x.severity);
      findingMessage[k++] = m;
    }
  }
  return {
    ...view,
    files: {
      count: n,
      paths: packStrings(f.path, true),
      errors: packStrings(errors),
      hasError,
      sampleRate: packNumbers(f.sampleRate),
      channels: packNumbers(f.channels),
      bits: packNumbers(f.bits),
      findingCount: narrowCounts(findingCount),
      findingRule,
      findingSeverity,
      findingMessage: narrowCounts(findingMessage),
      messages: packStrings(messages),
      rules,
      metrics,
    },
  };
}

/** Back to the plain view; a view whose columns are plain arrays (standalone HTML, tests) passes through. */
export function unpackView(view: ReportView | PackedReportView): ReportView {
  if (!('count' in view.files)) return view as ReportView;
  const p = view.files;
  const errors = unpackStrings(p.errors);
  const messages = unpackStrings(p.messages);
  const error = new Array<string | null>(p.count);
  const findings: ViewFinding[][] = new Array(p.count);
  for (let i = 0, k = 0; i < p.count; i++) {
    error[i] = p.hasError[i] ? errors[i] : null;
    const list: ViewFinding[] = new Array(p.findingCount[i]);
    for (let j = 0; j < list.length; j++, k++) {
      list[j] = { rule: p.rules[p.findingRule[k]], severity: SEVERITIES[p.findingSeverity[k]], message: messages[p.findingMessage[k]] };
    }
    findings[i] = list;
  }
  const metrics = Object.fromEntries(METRIC_IDS.map((m) => [m, unpackNumbers(p.metrics[m])])) as Record<MetricId, (number | null)[]>;
  return {
    ...view,
    files: {
      path: unpackStrings(p.paths),
      error,
      findings,
      sampleRate: unpackNumbers(p.sampleRate),
      channels: unpackNumbers(p.channels),
      bits: unpackNumbers(p.bits),
      metrics,
    },
  };
}

/**
 * The narrowest array that gives back every value exactly: non-negative integers (not -0) below 2^8 - 1, 2^16 - 1
 * or 2^32 - 1 in Uint8/16/32 (the largest value stands for null); else Float32 when every value is a float32; else Float64.
 */
export function packNumbers(col: readonly (number | null)[]): PackedNumbers {
  let integers = true;
  let float32 = true;
  let max = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null) continue;
    if (integers && !(Number.isInteger(v) && v >= 0 && !Object.is(v, -0))) integers = false;
    if (v > max) max = v;
    if (float32 && Math.fround(v) !== v) float32 = false;
  }
  if (integers && max < 0xff) return fill(new Uint8Array(col.length), col, 0xff);
  if (integers && max < 0xffff) return fill(new Uint16Array(col.length), col, 0xffff);
  if (integers && max < 0xffffffff) return fill(new Uint32Array(col.length), col, 0xffffffff);
  return fill(float32 ? new Float32Array(col.length) : new Float64Array(col.length), col, NaN);
}

function fill<T extends PackedNumbers>(out: T, col: readonly (number | null)[], nullValue: number): T {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    out[i] = v === null ? nullValue : v;
  }
  return out;
}

/** A copy in Uint8Array or Uint16Array when the largest value fits, else the array itself. */
export function narrowCounts(values: Uint32Array | Uint16Array): PackedCounts {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max <= 0xff) return Uint8Array.from(values);
  if (max <= 0xffff && values instanceof Uint32Array) return Uint16Array.from(values);
  return values;
}

export function unpackNumbers(col: PackedNumbers): (number | null)[] {
  const nullValue = col instanceof Uint8Array ? 0xff : col instanceof Uint16Array ? 0xffff : col instanceof Uint32Array ? 0xffffffff : NaN;
  const out = new Array<number | null>(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    out[i] = v === nullValue || v !== v ? null : v;
  }
  return out;
}

export function packStrings(values: readonly string[], frontCoded = false): PackedStrings {
  const lengths = new Uint32Array(values.length);
  if (!frontCoded) {
    for (let i = 0; i < values.length; i++) lengths[i] = values[i].length;
    return { text: values.join(''), lengths: narrowCounts(lengths) };
  }
  const shared = new Uint16Array(values.length);
  const pieces = new Array<string>(values.length);
  let prev = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const limit = Math.min(prev.length, v.length, 0xffff);
    let k = 0;
    while (k < limit && prev.charCodeAt(k) === v.charCodeAt(k)) k++;
    shared[i] = k;
    pieces[i] = k ? v.slice(k) : v;
    lengths[i] = pieces[i].length;
    prev = v;
  }
  return { text: pieces.join(''), lengths: narrowCounts(lengths), shared: narrowCounts(shared) };
}

export function unpackStrings(p: PackedStrings): string[] {
  const out = new Array<string>(p.lengths.length);
  const shared = p.shared;
  for (let i = 0, at = 0; i < out.length; i++) {
    const piece = p.text.slice(at, at + p.lengths[i]);
    out[i] = shared && shared[i] ? out[i - 1].slice(0, shared[i]) + piece : piece;
    at += p.lengths[i];
  }
  return out;
}
