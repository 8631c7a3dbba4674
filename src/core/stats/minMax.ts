// Per-example min-max quantization, exactly as samplernn-pytorch utils.linear_quantize / linear_dequantize:
//   bin(x) = trunc((x - min) / (max - min) · (q - EPSILON) + EPSILON / 2),  EPSILON = 0.01
//   dequantize(b) = b / (q / 2) - 1
import type { MinMaxReport } from '../types';

export const SAMPLERNN_EPSILON = 0.01;

/** The bin x lands in when the example's own min and max span the q levels. */
export function linearQuantize(x: number, min: number, max: number, qLevels: number): number {
  return Math.trunc(((x - min) / (max - min)) * (qLevels - SAMPLERNN_EPSILON) + SAMPLERNN_EPSILON / 2);
}

/** Where silence (0.0) lands for a mono signal with this min and max; null when max == min (division by zero). */
export function minMaxQuantization(min: number, max: number, qLevels: number): MinMaxReport | null {
  if (!(max > min)) return null;
  const zeroBin = linearQuantize(0, min, max, qLevels);
  const expectedZeroBin = Math.floor(qLevels / 2);
  return {
    qLevels,
    min,
    max,
    zeroBin,
    expectedZeroBin,
    binShift: zeroBin - expectedZeroBin,
    dcAfterRoundTrip: zeroBin / (qLevels / 2) - 1,
    // The gain per-example normalization applies: it maps [min, max] onto [-1, 1].
    gainDb: 20 * Math.log10(2 / (max - min)),
  };
}
