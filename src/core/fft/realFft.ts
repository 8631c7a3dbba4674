// One small interface for a real FFT of power-of-two size N; the spectrum of bins 0..N/2 goes into a caller-owned buffer.
import { FftJsRealFft } from './fftjs';
import { PffftRealFft, pffftAvailable } from './pffft';

export type FftBackendName = 'pffft-simd' | 'fft.js';

/**
 * X[k] = Σ_n x[n]·e^(-2πikn/N), unnormalized (numpy.fft.rfft convention), k = 0..N/2.
 * Use is synchronous: fill `input`, call magnitude()/power(), read `out`; never hold `input` contents across an await,
 * because instances are shared per thread and size (see createRealFft).
 */
export interface RealFft {
  readonly size: number;
  /** size/2 + 1. */
  readonly bins: number;
  readonly backend: FftBackendName;
  /** The time-domain frame (size samples) the caller writes before each transform; for PFFFT it is WASM memory, so no copy. */
  readonly input: Float32Array | Float64Array;
  /** out[k] = |X[k]| for k = 0..size/2 (out.length >= bins). */
  magnitude(out: Float64Array): void;
  /** out[k] = |X[k]|² for k = 0..size/2 (out.length >= bins). */
  power(out: Float64Array): void;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** pffft.c pffft_new_setup asserts N % (2·SIMD_SZ²) == 0 for real transforms: 32 with 4-float SIMD. */
const PFFFT_MIN_SIZE = 32;

const shared = new Map<string, RealFft>();

/**
 * A real FFT of `size` (power of two >= 4). 'auto' picks PFFFT (WASM SIMD, float32) when it loads and the size suits it,
 * else fft.js (float64). An explicit backend that cannot be used throws. Instances are cached per thread and size: the
 * per-frame work is synchronous, so analyzers in one thread can share the buffers without allocating per file.
 */
export async function createRealFft(size: number, backend: FftBackendName | 'auto' = 'auto'): Promise<RealFft> {
  return sharedRealFft(size, backend);
}

/** createRealFft for constructors that cannot await (the bandwidth accumulator): loading PFFFT is synchronous anyway. */
export function sharedRealFft(size: number, backend: FftBackendName | 'auto' = 'auto'): RealFft {
  if (!isPowerOfTwo(size) || size < 4) throw new RangeError(`FFT size must be a power of two >= 4, got ${size}`);
  const want: FftBackendName =
    backend !== 'auto' ? backend : size >= PFFFT_MIN_SIZE && pffftAvailable() ? 'pffft-simd' : 'fft.js';
  const key = `${want}:${size}`;
  let fft = shared.get(key);
  if (!fft) {
    if (want === 'pffft-simd' && size < PFFFT_MIN_SIZE) throw new RangeError(`PFFFT needs size >= ${PFFFT_MIN_SIZE}, got ${size}`);
    fft = want === 'pffft-simd' ? PffftRealFft.create(size) : new FftJsRealFft(size);
    shared.set(key, fft);
  }
  return fft;
}
