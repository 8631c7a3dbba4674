// Bit error rate between two runs of sub-fingerprints (Haitsma & Kalker 2002, section 4.1: a 256-frame block matches
// when its BER is below the threshold, 0.35 in the paper; the audit's near-duplicate rule uses 0.25).

/** Set bits in a 32-bit word (Hacker's Delight 5-1, the SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export interface BlockComparison {
  /** Differing bits over the frames where at least one side is not 0. */
  readonly errors: number;
  /** Frames where at least one side is not 0: digital silence (sub-fingerprint 0 on both sides) proves nothing. */
  readonly informativeFrames: number;
  /** errors / (32 · informativeFrames); 1 when no frame is informative. */
  readonly ber: number;
}

/** Compares a[aStart .. aStart+length) with b[bStart .. bStart+length); both ranges must lie inside their arrays. */
export function compareBlocks(a: Uint32Array, aStart: number, b: Uint32Array, bStart: number, length: number): BlockComparison {
  return countErrors(a, aStart, b, bStart, length, Infinity)!;
}

/**
 * compareBlocks, or null as soon as the block's BER is sure to exceed maxBer: the BER is errors / (32 · informative
 * frames) with at most `length` informative frames, so once errors > maxBer · 32 · length no later frame can bring it
 * back. Unrelated audio (BER near 0.5) stops about halfway through a block at the audit's 0.25.
 */
export function compareBlocksWithin(
  a: Uint32Array, aStart: number, b: Uint32Array, bStart: number, length: number, maxBer: number,
): BlockComparison | null {
  const c = countErrors(a, aStart, b, bStart, length, maxBer * 32 * length);
  return c && c.ber <= maxBer ? c : null;
}

/** The comparison, or null once more than maxErrors bits differ (tested every 16 frames: the test costs more than a popcount). */
function countErrors(
  a: Uint32Array, aStart: number, b: Uint32Array, bStart: number, length: number, maxErrors: number,
): BlockComparison | null {
  if (aStart < 0 || bStart < 0 || aStart + length > a.length || bStart + length > b.length) {
    throw new RangeError(`block of ${length} frames at ${aStart} / ${bStart} runs outside ${a.length} / ${b.length} frames`);
  }
  let errors = 0;
  let informativeFrames = 0;
  for (let i = 0; i < length; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if ((x | y) === 0) continue;
    informativeFrames++;
    errors += popcount32(x ^ y);
    if ((i & 15) === 15 && errors > maxErrors) return null;
  }
  return { errors, informativeFrames, ber: informativeFrames ? errors / (32 * informativeFrames) : 1 };
}
