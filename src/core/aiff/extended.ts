// The 80-bit IEEE 754 extended-precision number of the AIFF COMM chunk's sampleRate (Apple SANE / x87 format),
// big-endian: 1 sign bit, a 15-bit exponent biased by 16383, a 64-bit significand with an explicit integer bit.

/**
 * value = (-1)^sign · significand · 2^(exponent - 16383 - 63), the significand read as a 64-bit integer
 * (IEEE 754-1985 §3.2.3 double extended; Apple "Standard Apple Numerics Environment", ch. 2). Exact for every
 * rate a double holds: the 64-bit integer is rounded once (hi·2^32 is exact, adding lo rounds to nearest) and the
 * power of two is exact. Exponent 0x7FFF is infinity or NaN; exponent 0 is zero or a denormal (scaled as exponent 1).
 */
export function readExtended80(b: Uint8Array, at: number): number {
  const sign = b[at] & 0x80 ? -1 : 1;
  const exponent = ((b[at] & 0x7f) << 8) | b[at + 1];
  const hi = ((b[at + 2] << 24) >>> 0) + ((b[at + 3] << 16) | (b[at + 4] << 8) | b[at + 5]);
  const lo = ((b[at + 6] << 24) >>> 0) + ((b[at + 7] << 16) | (b[at + 8] << 8) | b[at + 9]);
  if (exponent === 0x7fff) return (hi & 0x7fffffff) === 0 && lo === 0 ? sign * Infinity : NaN;
  const significand = hi * 2 ** 32 + lo;
  if (significand === 0) return sign * 0;
  // Magnitudes beyond a double's range (no sample rate) come out as 0 or Infinity.
  return sign * significand * 2 ** ((exponent === 0 ? 1 : exponent) - 16383 - 63);
}
