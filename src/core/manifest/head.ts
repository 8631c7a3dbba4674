// Helpers the dialects share: the lines and JSON objects at the head of a candidate, path resolution, durations.
import * as path from 'node:path';

/** The first `max` non-blank lines of a head (it is cut at a line end already). */
export function headLines(head: string, max = 16): string[] {
  const out: string[] = [];
  for (const raw of head.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    out.push(line);
    if (out.length === max) break;
  }
  return out;
}

/** The JSON objects among the first non-blank lines; lines that do not parse are passed over (a bad first line). */
export function headObjects(head: string, max = 16): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of headLines(head, max)) {
    const value = parseJsonObject(line);
    if (typeof value !== 'string') out.push(value);
  }
  return out;
}

/** The object on a JSON line, or the reason it is not one. */
export function parseJsonObject(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return `not valid JSON (${(e as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/** Absolute paths are kept (normalized); relative ones are taken from `dir`. */
export function resolveFrom(dir: string, p: string): string {
  return path.isAbsolute(p) ? path.normalize(p) : path.resolve(dir, p);
}

/** No '.', '..' or empty segment, no leading or trailing '/': joined to a normalized folder it is normalized. */
export function isPlainRelative(p: string): boolean {
  let segmentStart = 0;
  for (let i = 0; i <= p.length; i++) {
    if (i < p.length && p.charCodeAt(i) !== 47) continue;
    const n = i - segmentStart;
    if (n === 0 || (p.charCodeAt(segmentStart) === 46 && (n === 1 || (n === 2 && p.charCodeAt(segmentStart + 1) === 46)))) return false;
    segmentStart = i + 1;
  }
  return true;
}

/**
 * resolveFrom(dir, p) for many p: a plain relative path is appended to the folder without path.resolve's
 * re-normalization (a third of the NeMo parser's time on 100 000 lines, bench/manifest.ts).
 */
export function resolverFrom(dir: string): (p: string) => string {
  const base = path.resolve(dir);
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  if (path.sep !== '/') return (p) => resolveFrom(base, p);
  return (p) => (isPlainRelative(p) ? prefix + p : resolveFrom(base, p));
}

/**
 * Seconds from a manifest value: a finite number >= 0, or a string holding one (Python's float() accepts it).
 * Returns the reason as a string when it is not one.
 */
export function seconds(value: unknown, what: string): number | string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return `${what} ${JSON.stringify(value)} is not a number of seconds`;
  if (n < 0) return `${what} ${n} is negative`;
  return n;
}
