// Effective bit depth after sox stats' "Bit-depth": the low bits that are zero in every sample carry no information.

/**
 * validBits minus the trailing zero bits of the OR of all sample codes (codes at container width).
 * 8-bit audio padded into 16 bits -> 8. Digital silence (OR = 0) -> 0.
 */
export function effectiveBits(codeOr: number, bitsPerSample: number, validBits: number): number {
  if (codeOr === 0) return 0;
  const trailingZeros = 31 - Math.clz32(codeOr & -codeOr);
  return Math.min(validBits, bitsPerSample - trailingZeros);
}
