// Decibel conventions used throughout the report (dBFS: 0 dB = amplitude 1.0, the full scale of the float convention).

/** 20·log10(amplitude); null for 0 (digital silence has no finite level). */
export function amplitudeToDb(amplitude: number): number | null {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : null;
}

/** 10·log10(power); null for 0. */
export function powerToDb(power: number): number | null {
  return power > 0 ? 10 * Math.log10(power) : null;
}
