// The 5 Hz high-pass of `fix --dc highpass`: a first-order Butterworth high-pass by the bilinear transform with the
// cutoff prewarped, so |H| = 1/√2 (−3.01 dB) exactly at fc. Removes an offset that drifts, where a mean cannot.
//
//   analog prototype H(s) = s / (s + ωc); bilinear s = (1 − z⁻¹)/(1 + z⁻¹) with K = tan(π·fc/fs):
//   H(z) = b0·(1 − z⁻¹) / (1 − a·z⁻¹),   a = (1 − K)/(1 + K),   b0 = (1 + a)/2 = 1/(1 + K)
//   difference equation: y[n] = a·y[n−1] + b0·(x[n] − x[n−1])
//   magnitude: |H(e^{jω})| = b0·2|sin(ω/2)| / √(1 − 2a·cos ω + a²),  ω = 2π·f/fs   (0 at DC, 1 at Nyquist)

export const HIGHPASS_HZ = 5;

/** a and b0 of the difference equation above for cutoff fc at rate fs. */
export function highpassCoefficients(fc: number, fs: number): { a: number; b0: number } {
  const k = Math.tan((Math.PI * fc) / fs);
  const a = (1 - k) / (1 + k);
  return { a, b0: (1 + a) / 2 };
}

/** The closed-form |H(e^{jω})| at frequency f (Hz). */
export function highpassMagnitude(f: number, fc: number, fs: number): number {
  const { a, b0 } = highpassCoefficients(fc, fs);
  const w = (2 * Math.PI * f) / fs;
  return (b0 * 2 * Math.abs(Math.sin(w / 2))) / Math.sqrt(1 - 2 * a * Math.cos(w) + a * a);
}

/** One channel's filter state across blocks. */
export class DcBlocker {
  private readonly a: number;
  private readonly b0: number;
  private prevX = 0;
  private prevY = 0;
  private started = false;

  constructor(fs: number, fc = HIGHPASS_HZ) {
    ({ a: this.a, b0: this.b0 } = highpassCoefficients(fc, fs));
  }

  /** Filters x[0..n) in place. The state starts at x[−1] = x[0], y[−1] = 0: a constant offset gives 0 from the first sample, no step transient. */
  process(x: Float64Array, n: number): void {
    if (n === 0) return;
    if (!this.started) {
      this.prevX = x[0];
      this.started = true;
    }
    const { a, b0 } = this;
    let px = this.prevX, py = this.prevY;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      py = a * py + b0 * (xi - px);
      px = xi;
      x[i] = py;
    }
    this.prevX = px;
    this.prevY = py;
  }
}
