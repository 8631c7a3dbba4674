// One FLAC subframe (RFC 9639 §9.2): CONSTANT when every sample is equal, else the FIXED predictor of order 0–4 whose
// residual codes smallest, partitioned Rice coded with one parameter per partition; VERBATIM when that is smaller.
import type { BitWriter } from './bitWriter';

export const MAX_FIXED_ORDER = 4;
/** Largest partition order tried: 2^6 partitions (libFLAC's -5 preset stops at 5, -8 at 6). */
const MAX_PARTITION_ORDER = 6;
/** 2^−k for the Rice parameters (at most 30 with 5-bit parameters). */
const INV_POW2 = Float64Array.from({ length: 32 }, (_, k) => 2 ** -k);

/**
 * Residuals of the fixed predictors (RFC 9639 §9.2.5): order k is the k-th finite difference e_k[n] = Δ^k x[n]
 * (0: x[n]; 1: x[n]−x[n−1]; 2: x[n]−2x[n−1]+x[n−2]; 3: x[n]−3x[n−1]+3x[n−2]−x[n−3]; 4: x[n]−4x[n−1]+6x[n−2]−4x[n−3]+x[n−4]),
 * computed as e_k[n] = e_{k−1}[n] − e_{k−1}[n−1]. residuals[k][order..n) is written for every order up to maxOrder.
 */
export function fixedResiduals(x: Int32Array, n: number, maxOrder: number, residuals: readonly Float64Array[]): void {
  const e0 = residuals[0];
  for (let i = 0; i < n; i++) e0[i] = x[i];
  for (let k = 1; k <= maxOrder; k++) {
    const prev = residuals[k - 1], e = residuals[k];
    for (let i = k; i < n; i++) e[i] = prev[i] - prev[i - 1];
  }
}

/** Zigzag fold of a signed residual: 0, −1, 1, −2 … → 0, 1, 2, 3 … (the Rice coder's unsigned value). */
function fold(r: number): number {
  return r >= 0 ? 2 * r : -2 * r - 1;
}

interface RicePlan {
  readonly bits: number;
  readonly partitionOrder: number;
  readonly params: number[];
}

/**
 * Estimated bits of a partition of `count` folded values summing to `sum`, Rice coded with parameter k: each value
 * takes ⌊u/2^k⌋ + 1 unary bits and k low bits, and Σ⌊u/2^k⌋ ≤ ⌊Σu/2^k⌋ (libFLAC's estimate; never below the truth).
 */
function riceBits(sum: number, count: number, k: number): number {
  return count * (k + 1) + Math.floor(sum * INV_POW2[k]);
}

/** The parameter minimizing riceBits: the cost is convex in k, so step from log2 of the mean while it improves. */
function bestParam(sum: number, count: number, maxParam: number): { k: number; bits: number } {
  let k = count > 0 ? Math.min(maxParam, Math.max(0, Math.floor(Math.log2(sum / count + 1)))) : 0;
  let bits = riceBits(sum, count, k);
  for (const step of [-1, 1]) {
    while (k + step >= 0 && k + step <= maxParam) {
      const next = riceBits(sum, count, k + step);
      if (next >= bits) break;
      k += step;
      bits = next;
    }
  }
  return { k, bits };
}

/**
 * The cheapest partition order (each partition its own parameter) for the residual e[order..n) folded: sums at the
 * finest order are computed once and merged pairwise for the coarser ones (one pass over the residual).
 */
function planRice(e: Float64Array, n: number, order: number, paramBits: number): RicePlan {
  const maxParam = (1 << paramBits) - 2; // the all-ones value is the escape code
  let pMax = 0;
  while (pMax < MAX_PARTITION_ORDER && n % (1 << (pMax + 1)) === 0 && n >> (pMax + 1) > order) pMax++;
  let sums = new Float64Array(1 << pMax);
  const size = n >> pMax;
  for (let j = 0, i = order; j < sums.length; j++) {
    let s = 0;
    for (const end = (j + 1) * size; i < end; i++) {
      const r = e[i];
      s += r >= 0 ? 2 * r : -2 * r - 1; // fold(r)
    }
    sums[j] = s;
  }
  let best: RicePlan | null = null;
  for (let p = pMax; p >= 0; p--) {
    const parts = 1 << p;
    const partSize = n >> p;
    let bits = 0;
    const params: number[] = [];
    for (let j = 0; j < parts; j++) {
      const r = bestParam(sums[j], j === 0 ? partSize - order : partSize, maxParam);
      bits += paramBits + r.bits;
      params.push(r.k);
    }
    if (!best || bits < best.bits) best = { bits, partitionOrder: p, params };
    if (p > 0) {
      const merged = new Float64Array(parts >> 1);
      for (let j = 0; j < merged.length; j++) merged[j] = sums[2 * j] + sums[2 * j + 1];
      sums = merged;
    }
  }
  return best!;
}

/** How a subframe will be coded, and its size in bits (the FIXED size is libFLAC's estimate, never below the truth). */
export type SubframePlan =
  | { readonly kind: 'constant'; readonly bits: number }
  | { readonly kind: 'verbatim'; readonly bits: number }
  | { readonly kind: 'fixed'; readonly bits: number; readonly order: number; readonly rice: RicePlan };

/** Picks CONSTANT, the cheapest FIXED order, or VERBATIM for x[0..n) at `bps` bits. `residuals` is scratch. */
export function planSubframe(x: Int32Array, n: number, bps: number, residuals: readonly Float64Array[]): SubframePlan {
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = x[i] === x[0];
  if (constant) return { kind: 'constant', bits: 8 + bps };
  // Residual coding method 0 (4-bit parameters) up to 16 bits, method 1 (5-bit) above, where residuals grow.
  const paramBits = bps > 16 ? 5 : 4;
  let best: SubframePlan = { kind: 'verbatim', bits: 8 + n * bps };
  const maxOrder = Math.min(MAX_FIXED_ORDER, n - 1);
  fixedResiduals(x, n, maxOrder, residuals);
  for (let order = 0; order <= maxOrder; order++) {
    const rice = planRice(residuals[order], n, order, paramBits);
    const bits = 8 + order * bps + 2 + 4 + rice.bits;
    if (bits < best.bits) best = { kind: 'fixed', bits, order, rice };
  }
  return best;
}

/** Writes one channel's subframe of n samples at `bps` bits (no wasted bits) as planned. */
export function writeSubframe(w: BitWriter, x: Int32Array, n: number, bps: number, residuals: readonly Float64Array[],
  planned?: SubframePlan): void {
  const p = planned ?? planSubframe(x, n, bps, residuals);
  if (p.kind === 'constant') {
    w.write(0b0000000, 8); // zero pad bit, type 000000 CONSTANT, no wasted bits
    w.writeSigned(x[0], bps);
    return;
  }
  if (p.kind === 'verbatim') {
    w.write(0b00000010, 8); // type 000001 VERBATIM
    for (let i = 0; i < n; i++) w.writeSigned(x[i], bps);
    return;
  }
  const { order, rice: plan } = p;
  const paramBits = bps > 16 ? 5 : 4;
  if (planned) fixedResiduals(x, n, order, residuals); // the scratch may hold another channel's residuals
  w.write(0, 1);
  w.write(0b001000 | order, 6); // FIXED, order in the low 3 bits
  w.write(0, 1);
  for (let i = 0; i < order; i++) w.writeSigned(x[i], bps); // warm-up samples
  const e = residuals[order];
  w.write(paramBits === 5 ? 1 : 0, 2);
  w.write(plan.partitionOrder, 4);
  const size = n >> plan.partitionOrder;
  for (let j = 0; j < plan.params.length; j++) {
    const k = plan.params[j];
    w.write(k, paramBits);
    const scale = INV_POW2[k];
    const lowMod = 2 ** k;
    for (let i = j === 0 ? order : j * size; i < (j + 1) * size; i++) {
      const u = fold(e[i]);
      const q = Math.floor(u * scale);
      // Quotient in unary (q zeros, a one) then k low bits: one write when they fit the writer's 24 bits.
      if (q + 1 + k <= 24) w.write(lowMod + (u - q * lowMod), q + 1 + k);
      else {
        w.writeUnary(q);
        if (k > 0) w.write(u - q * lowMod, k);
      }
    }
  }
}
