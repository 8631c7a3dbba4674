// The report's duplicates and leakage table as the webview needs it: pairs that cross splits first, capped.
import type { DuplicatePair } from '../types';

/** Duplicate pairs sent to the webview; the rest are counted ("N more in the JSON report"). */
export const MAX_DUPLICATE_ROWS = 5000;

export interface DuplicatesView {
  /** At most MAX_DUPLICATE_ROWS pairs in table order (see orderPairs). */
  readonly rows: DuplicatePair[];
  readonly total: number;
  /** Pairs in two different splits (split-leakage), over all pairs. */
  readonly leakage: number;
  readonly exact: number;
  readonly near: number;
}

/** Leakage first (an error), then exact before near, lower bit error rate first, then by a and b (code-unit order). */
export function comparePairs(x: DuplicatePair, y: DuplicatePair): number {
  if (x.leakage !== y.leakage) return x.leakage ? -1 : 1;
  if (x.kind !== y.kind) return x.kind === 'exact' ? -1 : 1;
  if (x.ber !== y.ber) return x.ber - y.ber;
  if (x.a !== y.a) return x.a < y.a ? -1 : 1;
  return x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
}

export function toDuplicatesView(pairs: readonly DuplicatePair[], max = MAX_DUPLICATE_ROWS): DuplicatesView {
  let leakage = 0;
  let exact = 0;
  for (const p of pairs) {
    if (p.leakage) leakage++;
    if (p.kind === 'exact') exact++;
  }
  const rows = [...pairs].sort(comparePairs).slice(0, max).map((p) => ({ a: p.a, b: p.b, kind: p.kind, ber: p.ber, leakage: p.leakage }));
  return { rows, total: pairs.length, leakage, exact, near: pairs.length - exact };
}
