// Mel presets (tacotron, librosa, custom) and their resolution to concrete sample counts for one sample rate.
import type { MelParams, MelPresetName, MelSettings } from '../types';

/** Every parameter in concrete units for one sample rate; what MelAnalyzer runs. */
export interface ResolvedMel {
  preset: MelPresetName;
  sampleRate: number;
  winLength: number;
  hopLength: number;
  nFft: number;
  nMels: number;
  fmin: number;
  fmax: number;
  preemphasis: number;
  padMode: 'reflect' | 'constant';
  power: 1 | 2;
  amin: number;
  refLevelDb: number;
  topDb: number;
  floorDb: number;
}

/**
 * keithito/tacotron hparams.py (num_freq 1025 → n_fft 2048, frame_length_ms 50, frame_shift_ms 12.5, preemphasis 0.97,
 * num_mels 80, min_level_db -100) and util/audio.py melspectrogram(): _amp_to_db(_linear_to_mel(|stft(preemphasis(y))|)),
 * librosa.stft's then-default center=True reflect padding, librosa.filters.mel(sr, n_fft, n_mels) = Slaney, fmax sr/2.
 * refLevelDb 0 reproduces the seed's `_normalize(_amp_to_db(...))`; keithito subtracts ref_level_db = 20 (a setting).
 */
export const TACOTRON_PARAMS: MelParams = {
  preemphasis: 0.97,
  winLength: null,
  winLengthSec: 0.05,
  hopLength: null,
  hopLengthSec: 0.0125,
  nFft: 2048,
  nMels: 80,
  fmin: 0,
  fmax: null,
  padMode: 'reflect',
  power: 1,
  amin: 1e-5,
  refLevelDb: 0,
  topDb: 0,
  floorDb: -100,
};

/**
 * librosa 0.10 feature.melspectrogram defaults (n_fft 2048, hop 512, win = n_fft, Hann, center=True with
 * pad_mode='constant', power 2, n_mels 128, Slaney) then power_to_db(S, ref=1.0, amin=1e-10) without top_db clipping;
 * floor -80 dB is what top_db=80 relative to ref 1.0 would cut.
 */
export const LIBROSA_PARAMS: MelParams = {
  preemphasis: 0,
  winLength: null,
  winLengthSec: null,
  hopLength: 512,
  hopLengthSec: null,
  nFft: 2048,
  nMels: 128,
  fmin: 0,
  fmax: null,
  padMode: 'constant',
  power: 2,
  amin: 1e-10,
  refLevelDb: 0,
  topDb: 0,
  floorDb: -80,
};

/** `custom` starts from the tacotron values; every parameter is then set through `params`. */
export const MEL_PRESETS: Readonly<Record<MelPresetName, MelParams>> = {
  tacotron: TACOTRON_PARAMS,
  librosa: LIBROSA_PARAMS,
  custom: TACOTRON_PARAMS,
};

/** A mel setting that cannot run (e.g. nFft not a power of two); the message names the parameter. */
export class MelParamError extends Error {
  override name = 'MelParamError';
}

/** The preset with the user's overrides on top (undefined overrides are ignored); null for 'none'. */
export function melParams(mel: MelSettings): MelParams | null {
  if (mel.preset === 'none') return null;
  const base = MEL_PRESETS[mel.preset];
  if (!base) throw new MelParamError(`unknown mel preset "${String(mel.preset)}"`);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(mel.params ?? {})) if (v !== undefined) out[k] = v;
  return out as unknown as MelParams;
}

/** Python int(x) of a product that should be an integer: guards 0.05·sr landing a hair below it in binary floating point. */
function truncSamples(sec: number, sampleRate: number): number {
  return Math.trunc(sec * sampleRate + 1e-9);
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Concrete parameters for one file's sample rate, or null for preset 'none'. Throws MelParamError for settings that
 * cannot run. Window: winLength, else trunc(winLengthSec·sr), else nFft (librosa win_length=None). Hop: hopLength,
 * else trunc(hopLengthSec·sr), else trunc(win/4) (librosa default). nFft: params.nFft, raised to the next power of two
 * >= the window (librosa refuses win_length > n_fft; tacotron at 48 kHz: win 2400 → 4096). fmax: null → sr/2.
 */
export function resolveMel(mel: MelSettings, sampleRate: number): ResolvedMel | null {
  const p = melParams(mel);
  if (!p) return null;
  const preset = mel.preset as MelPresetName;
  const fail = (msg: string): never => {
    throw new MelParamError(`mel ${preset}: ${msg}`);
  };
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) fail(`sample rate must be > 0, got ${sampleRate}`);
  if (!isPow2(p.nFft) || p.nFft < 16) fail(`nFft must be a power of two >= 16, got ${p.nFft}`);

  const winLength = p.winLength ?? (p.winLengthSec !== null ? truncSamples(p.winLengthSec, sampleRate) : p.nFft);
  if (!(Number.isInteger(winLength) && winLength >= 1)) fail(`window must be >= 1 whole sample, got ${winLength}`);
  const hopLength = p.hopLength ?? (p.hopLengthSec !== null ? truncSamples(p.hopLengthSec, sampleRate) : Math.trunc(winLength / 4));
  if (!(Number.isInteger(hopLength) && hopLength >= 1)) fail(`hop must be >= 1 whole sample, got ${hopLength}`);
  const nFft = Math.max(p.nFft, nextPowerOfTwo(winLength));

  const fmax = p.fmax ?? sampleRate / 2;
  if (!(Number.isInteger(p.nMels) && p.nMels >= 1)) fail(`nMels must be a whole number >= 1, got ${p.nMels}`);
  if (!(Number.isFinite(p.fmin) && p.fmin >= 0)) fail(`fmin must be >= 0, got ${p.fmin}`);
  if (!(Number.isFinite(fmax) && fmax > p.fmin)) fail(`fmax must be > fmin (${p.fmin}), got ${fmax}`);
  if (!(Number.isFinite(p.preemphasis) && p.preemphasis >= 0 && p.preemphasis < 1)) fail(`preemphasis must be in [0, 1), got ${p.preemphasis}`);
  if (p.padMode !== 'reflect' && p.padMode !== 'constant') fail(`padMode must be 'reflect' or 'constant', got ${String(p.padMode)}`);
  if (p.power !== 1 && p.power !== 2) fail(`power must be 1 (magnitude) or 2 (power), got ${String(p.power)}`);
  if (!(Number.isFinite(p.amin) && p.amin > 0)) fail(`amin must be > 0, got ${p.amin}`);
  for (const k of ['refLevelDb', 'topDb', 'floorDb'] as const) if (!Number.isFinite(p[k])) fail(`${k} must be a finite number, got ${p[k]}`);

  return {
    preset,
    sampleRate,
    winLength,
    hopLength,
    nFft,
    nMels: p.nMels,
    fmin: p.fmin,
    fmax,
    preemphasis: p.preemphasis,
    padMode: p.padMode,
    power: p.power,
    amin: p.amin,
    refLevelDb: p.refLevelDb,
    topDb: p.topDb,
    floorDb: p.floorDb,
  };
}

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}
