// Where a frequency sits on the spectrogram's mel axis, and the band-limit marker's text.
import { hzToMel } from '../../src/core/mel/filterbank';
import type { MelScale } from '../../src/protocol/preview';

/**
 * y (0 at the top) of `hz` on a spectrogram of `height` px showing nMels bands, band 0 at the bottom. Band b's centre
 * is mel edge b + 1 (librosa.mel_frequencies: nMels + 2 points equally spaced in Slaney mel from fmin to fmax) and is
 * drawn at the middle of its row, so the map is linear in mel. null outside [fmin, fmax].
 */
export function melAxisY(hz: number, scale: Pick<MelScale, 'nMels' | 'fmin' | 'fmax'>, height: number): number | null {
  if (!(hz >= scale.fmin && hz <= scale.fmax)) return null;
  const lo = hzToMel(scale.fmin);
  const step = (hzToMel(scale.fmax) - lo) / (scale.nMels + 1);
  const band = (hzToMel(hz) - lo) / step - 1;
  const y = (height * (scale.nMels - 0.5 - band)) / scale.nMels;
  return Math.min(height, Math.max(0, y));
}

/** The cutoff worth marking: a bandwidth below Nyquist (sr/2 means no cliff), else null. */
export function bandLimitHz(bandwidthHz: number | null | undefined, sampleRate: number): number | null {
  return bandwidthHz != null && bandwidthHz < sampleRate / 2 ? bandwidthHz : null;
}

/** "band limit 8.0 kHz". */
export function bandLimitLabel(hz: number): string {
  return `band limit ${(hz / 1000).toFixed(1)} kHz`;
}
