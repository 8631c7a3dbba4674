// fft.js backend: float64 radix-4 real transform, the reference implementation (indutny/fft.js).
import FFT from 'fft.js';
import type { RealFft } from './realFft';

export class FftJsRealFft implements RealFft {
  readonly backend = 'fft.js' as const;
  readonly bins: number;
  readonly input: Float64Array;
  private readonly fft: FFT;
  /** Interleaved re/im; realTransform fills bins 0..N/2, which is all we read (fft.js README, "storage" advice). */
  private readonly complex: Float64Array;

  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.bins = size / 2 + 1;
    this.input = new Float64Array(size);
    this.complex = new Float64Array(2 * size);
  }

  magnitude(out: Float64Array): void {
    this.fft.realTransform(this.complex, this.input);
    const c = this.complex;
    for (let k = 0, n = this.bins; k < n; k++) {
      const re = c[2 * k];
      const im = c[2 * k + 1];
      out[k] = Math.sqrt(re * re + im * im);
    }
  }

  power(out: Float64Array): void {
    this.fft.realTransform(this.complex, this.input);
    const c = this.complex;
    for (let k = 0, n = this.bins; k < n; k++) {
      const re = c[2 * k];
      const im = c[2 * k + 1];
      out[k] = re * re + im * im;
    }
  }
}
