// librosa's Slaney mel filterbank (filters.mel, htk=False, norm='slaney'), stored sparse: only the non-zero weights.

/** Slaney mel scale (librosa.hz_to_mel, htk=False): linear below 1 kHz with f_sp = 200/3 Hz per mel, log above. */
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOGSTEP = Math.log(6.4) / 27;

export function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
}

export function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** nMels + 2 band edges in Hz, equally spaced in mel from fmin to fmax (librosa.mel_frequencies). */
export function melEdgesHz(nMels: number, fmin: number, fmax: number): Float64Array {
  const lo = hzToMel(fmin);
  const hi = hzToMel(fmax);
  const n = nMels + 2;
  // np.linspace(lo, hi, n): lo + i·(hi - lo)/(n - 1), last point exactly hi
  return Float64Array.from({ length: n }, (_, i) => melToHz(i === n - 1 ? hi : lo + (i * (hi - lo)) / (n - 1)));
}

/** Band m has weights[offset[m] + j] on FFT bins start[m] + j, j < end[m] - start[m]; all other weights are 0. */
export interface MelFilterbank {
  readonly nMels: number;
  /** nFft/2 + 1. */
  readonly bins: number;
  readonly edgesHz: Float64Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly offset: Int32Array;
  readonly weights: Float64Array;
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'): triangle i rises from edge i to i+1 and
 * falls to i+2 over FFT bin centre frequencies k·sr/n_fft, w = max(0, min(lower, upper)), then × 2/(f[i+2] - f[i]).
 * Weights stay float64 (librosa casts to float32; the difference is < 1e-7 relative).
 */
export function slaneyFilterbank(sampleRate: number, nFft: number, nMels: number, fmin: number, fmax: number): MelFilterbank {
  const bins = Math.floor(nFft / 2) + 1;
  const edges = melEdgesHz(nMels, fmin, fmax);
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  const offset = new Int32Array(nMels);
  const dense: number[][] = [];
  let total = 0;
  for (let m = 0; m < nMels; m++) {
    const f0 = edges[m];
    const f1 = edges[m + 1];
    const f2 = edges[m + 2];
    const enorm = 2 / (f2 - f0);
    const row: number[] = [];
    let first = -1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft; // librosa.fft_frequencies = linspace(0, sr/2, 1 + n_fft//2)
      const lower = (f - f0) / (f1 - f0);
      const upper = (f2 - f) / (f2 - f1);
      const w = Math.max(0, Math.min(lower, upper));
      if (w > 0) {
        if (first < 0) first = k;
        row[k - first] = w * enorm;
      }
    }
    // A triangle is convex, so its non-zero bins are contiguous; an empty filter (fmax > sr/2, librosa warns) keeps 0 bins.
    start[m] = first < 0 ? 0 : first;
    end[m] = first < 0 ? 0 : first + row.length;
    offset[m] = total;
    total += row.length;
    dense.push(row);
  }
  const weights = new Float64Array(total);
  for (let m = 0; m < nMels; m++) weights.set(dense[m], offset[m]);
  return { nMels, bins, edgesHz: edges, start, end, offset, weights };
}

/** mel[m] = Σ_k W[m,k]·spec[k] over the non-zero weights only (S_mel = mel_basis · S in librosa/Tacotron). */
export function applyFilterbank(fb: MelFilterbank, spec: Float64Array, mel: Float64Array): void {
  const { start, end, offset, weights } = fb;
  for (let m = 0, n = fb.nMels; m < n; m++) {
    let acc = 0;
    for (let k = start[m], j = offset[m], e = end[m]; k < e; k++, j++) acc += weights[j] * spec[k];
    mel[m] = acc;
  }
}

/** Dense weight W[band, bin] (0 outside the band's support); for tests and the docs, not the hot path. */
export function filterWeight(fb: MelFilterbank, band: number, bin: number): number {
  return bin >= fb.start[band] && bin < fb.end[band] ? fb.weights[fb.offset[band] + bin - fb.start[band]] : 0;
}
