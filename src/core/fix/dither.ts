// Requantization of fixed samples to integer codes, with TPDF dither when the values are no longer whole codes.
//
//   code = floor(v + d + 1/2), clipped to [−2^(bits−1), 2^(bits−1) − 1],  v = sample · 2^(bits−1)
//   d = u1 + u2 − 1 with u1, u2 independent uniform on [0, 1): triangular on (−1, 1) LSB, E[d] = 0, Var[d] = 1/6 LSB².
//
// Rounding is half-up (floor(v + 1/2)); with dither the sum v + d is continuous, so ties have probability 0. The total
// error code − v then has mean 0 and variance 1/12 + 1/6 = 1/4 LSB², independent of the signal (Lipshitz, Wannamaker &
// Vanderkooy 1992, "Quantization and dither: a theoretical survey"). Without dither (values already whole codes, or a
// caller that asks for none) the same rounding applies with d = 0.

/**
 * Uniform [0, 1) values from xoshiro128** (Blackman & Vigna 2018; 128-bit state, period 2^128 − 1) seeded by splitmix32
 * steps of `seed`: dither needs speed and independence between draws, not cryptographic strength.
 */
export function uniformSource(seed: number): () => number {
  let z = seed >>> 0;
  const split = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let s0 = split(), s1 = split(), s2 = split(), s3 = split();
  return () => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    s3 = rotl(s3, 11);
    return r / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a 32 of a string: the per-file dither seed, so a rerun writes the same bytes. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Requantizer {
  /** Samples that fell outside the code range and were clipped to it. */
  clipped = 0;
  private readonly scale: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly uniform: () => number;

  constructor(readonly bits: number, readonly dither: boolean, seed: number) {
    this.scale = 2 ** (bits - 1);
    this.lo = -this.scale;
    this.hi = this.scale - 1;
    this.uniform = uniformSource(seed);
  }

  /** Full-scale samples x[0..n) → integer codes in out[0..n). */
  quantize(x: Float64Array, n: number, out: Int32Array): void {
    const { scale, lo, hi } = this;
    const u = this.uniform;
    let clipped = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i] * scale + (this.dither ? u() + u() - 1 : 0);
      let q = Math.floor(v + 0.5);
      if (q < lo) { q = lo; clipped++; } else if (q > hi) { q = hi; clipped++; }
      out[i] = q;
    }
    this.clipped += clipped;
  }
}
