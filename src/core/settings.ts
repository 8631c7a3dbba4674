// Default settings and the merge of user overrides (CLI --config JSON or the extension's audioAudit.* settings).
import type { AuditSettings, RuleThresholds } from './types';

export const DEFAULT_THRESHOLDS: RuleThresholds = {
  dcOffset: 0.01,
  minMaxBinShift: 2,
  nearSilentDbfs: -40,
  clipRun: 3,
  stereoDownmixLossDb: 6,
  loudnessOutlierDb: 20,
  paddedBitDepthBits: 1,
  melClippedHighFraction: 0.001,
  melBelowFloorFraction: 0.5,
  bandLimitedRatio: 0.7,
  manifestDurationSec: 0.1,
  maxUtteranceSec: 30,
  charRateRatio: 2.5,
  nearDuplicateBer: 0.25,
};

export const DEFAULT_SETTINGS: AuditSettings = {
  qLevels: 256,
  clipLevel: 0.999,
  include: [],
  exclude: [],
  thresholds: DEFAULT_THRESHOLDS,
  severities: {},
  mel: { preset: 'tacotron', params: {} },
  ffmpegPath: '',
};

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type SettingsOverrides = DeepPartial<AuditSettings>;

/** Overrides win key by key; nested objects merge, arrays replace. */
export function resolveSettings(overrides: SettingsOverrides = {}, base: AuditSettings = DEFAULT_SETTINGS): AuditSettings {
  return mergeDeep(base, overrides) as AuditSettings;
}

function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeDeep(base[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
