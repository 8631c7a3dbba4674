// Histogram binning with "nice" widths (1, 2 or 5 × 10^k) aligned to multiples of the width, so edges read well.

export interface Histogram {
  /** Bin i covers [(first + i)·width, (first + i + 1)·width). */
  readonly first: number;
  readonly width: number;
  readonly counts: number[];
  /** Values that were null or non-finite (not drawn). */
  readonly missing: number;
}

/**
 * Step of about span/targetBins rounded to 1, 2 or 5 × 10^k (d3-array tickIncrement: the factor thresholds are
 * √50, √10, √2). Negative powers divide, so 0.1 is exact instead of 10^-1 rounding.
 */
export function niceBinWidth(span: number, targetBins: number): number {
  if (!(span > 0)) return 1;
  const step = span / targetBins;
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : factor / 10 ** -power;
}

/** floor(v / width), except that a quotient within 1e-9 of an integer counts as that integer (0.3 / 0.1 = 2.9999…). */
export function binNumber(v: number, width: number): number {
  const q = v / width;
  const r = Math.round(q);
  return Math.abs(q - r) < 1e-9 ? r : Math.floor(q);
}

/**
 * Bins the finite values; `include` (the reference lines) widens the range so every threshold lies on the axis.
 * Integer metrics get an integer width of at least 1.
 */
export function histogram(values: ArrayLike<number | null>, opts: { targetBins?: number; integer?: boolean; include?: readonly number[] } = {}): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) { missing++; continue; }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return { first: 0, width: 1, counts: [], missing };
  for (const x of opts.include ?? []) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  let width = niceBinWidth(hi - lo, opts.targetBins ?? 20);
  if (opts.integer) width = Math.max(1, Math.ceil(width));
  const first = binNumber(lo, width);
  const counts = new Array<number>(binNumber(hi, width) - first + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    counts[binNumber(v, width) - first]++;
  }
  return { first, width, counts, missing };
}

/** Left edge of bin i (the right edge is binEdge(h, i + 1)). */
export function binEdge(h: Histogram, i: number): number {
  return (h.first + i) * h.width;
}

/** Index of the bin holding v, or -1 when v is outside or missing. */
export function binIndexOf(h: Histogram, v: number | null): number {
  if (v === null || !Number.isFinite(v)) return -1;
  const i = binNumber(v, h.width) - h.first;
  return i >= 0 && i < h.counts.length ? i : -1;
}
