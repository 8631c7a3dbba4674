// VS Code `audioAudit.*` configuration → the core's AuditSettings. Pure (no `vscode` import) so it is unit-tested;
// the keys are the AuditSettings keys, so a CLI --config JSON and the settings.json section read the same.
import type { AuditSettings, MelParams, MelPresetName, RuleId, RuleThresholds, Severity } from '../core/types';
import { DEFAULT_SETTINGS, resolveSettings, type SettingsOverrides } from '../core/settings';
import { resolveFfmpeg } from '../core/decode/ffmpegPath';

/** The `audioAudit` section as read from the configuration (each value may be anything a user typed). */
export interface RawConfiguration {
  readonly include?: unknown;
  readonly exclude?: unknown;
  readonly manifests?: unknown;
  readonly qLevels?: unknown;
  readonly clipLevel?: unknown;
  readonly thresholds?: unknown;
  readonly severities?: unknown;
  readonly mel?: unknown;
  readonly jobs?: unknown;
  readonly watch?: unknown;
  readonly ffmpegPath?: unknown;
}

/** Top-level keys of the section; the extension reads exactly these. */
export const CONFIGURATION_KEYS = ['include', 'exclude', 'manifests', 'qLevels', 'clipLevel', 'thresholds', 'severities', 'mel', 'jobs', 'watch',
  'ffmpegPath'] as const;

/** Keys whose change alters audit results (jobs and watch do not). */
export const RESULT_KEYS = ['include', 'exclude', 'manifests', 'qLevels', 'clipLevel', 'thresholds', 'severities', 'mel', 'ffmpegPath'] as const;

export interface ExtensionOptions {
  readonly settings: AuditSettings;
  /** Worker count; undefined = the pool's default. */
  readonly jobs: number | undefined;
  readonly watch: boolean;
  /** One sentence per ignored value, naming the setting. */
  readonly warnings: string[];
}

const SEVERITY_VALUES: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'off'];
const MEL_PRESETS: readonly (MelPresetName | 'none')[] = ['none', 'tacotron', 'librosa', 'custom'];
const MEL_NUMBER_PARAMS = ['preemphasis', 'winLength', 'winLengthSec', 'hopLength', 'hopLengthSec', 'nFft', 'nMels', 'fmin', 'fmax',
  'amin', 'refLevelDb', 'topDb', 'floorDb'] as const;

/** The configured ffmpeg path ('' = none) -> the executable to run ('' = none): by default, ffmpeg on PATH when empty. */
export type FfmpegResolver = (configured: string) => string;

export function optionsFromConfiguration(
  raw: RawConfiguration,
  findFfmpeg: FfmpegResolver = (configured) => resolveFfmpeg(configured, process.env.PATH),
): ExtensionOptions {
  const warnings: string[] = [];
  const over: SettingsOverrides = {};
  const reject = (key: string, v: unknown, expected: string) =>
    warnings.push(`audioAudit.${key}: expected ${expected}, got ${JSON.stringify(v)}; the default is used.`);

  const globs = (key: 'include' | 'exclude' | 'manifests') => {
    const v = raw[key];
    if (v === undefined || v === null) return;
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) over[key] = v.filter((g) => g.trim() !== '');
    else reject(key, v, 'an array of glob strings');
  };
  globs('include');
  globs('exclude');
  globs('manifests');

  const qLevels = raw.qLevels;
  if (qLevels !== undefined && qLevels !== null) {
    if (Number.isInteger(qLevels) && (qLevels as number) >= 2) over.qLevels = qLevels as number;
    else reject('qLevels', qLevels, 'an integer >= 2');
  }
  const clipLevel = raw.clipLevel;
  if (clipLevel !== undefined && clipLevel !== null) {
    if (isFiniteNumber(clipLevel) && clipLevel > 0 && clipLevel <= 1) over.clipLevel = clipLevel;
    else reject('clipLevel', clipLevel, 'a number in (0, 1]');
  }

  if (isObject(raw.thresholds)) {
    const t: Partial<Record<keyof RuleThresholds, number>> = {};
    for (const key of Object.keys(DEFAULT_SETTINGS.thresholds) as (keyof RuleThresholds)[]) {
      const v = raw.thresholds[key];
      if (v === undefined || v === null) continue;
      if (isFiniteNumber(v)) t[key] = v;
      else reject(`thresholds.${key}`, v, 'a number');
    }
    over.thresholds = t;
  }

  if (isObject(raw.severities)) {
    const s: Partial<Record<RuleId, Severity | 'off'>> = {};
    for (const [rule, v] of Object.entries(raw.severities)) {
      if (v === undefined || v === null || v === 'default') continue;
      if (SEVERITY_VALUES.includes(v as Severity)) s[rule as RuleId] = v as Severity | 'off';
      else reject(`severities.${rule}`, v, `one of ${SEVERITY_VALUES.join(', ')}`);
    }
    over.severities = s;
  }

  if (isObject(raw.mel)) over.mel = melOverrides(raw.mel, reject);

  let ffmpegPath = '';
  if (typeof raw.ffmpegPath === 'string') ffmpegPath = raw.ffmpegPath.trim();
  else if (raw.ffmpegPath !== undefined && raw.ffmpegPath !== null) reject('ffmpegPath', raw.ffmpegPath, 'a path string ("" = ffmpeg on PATH)');
  over.ffmpegPath = findFfmpeg(ffmpegPath);

  let jobs: number | undefined;
  if (raw.jobs !== undefined && raw.jobs !== null && raw.jobs !== 0) {
    if (Number.isInteger(raw.jobs) && (raw.jobs as number) > 0) jobs = raw.jobs as number;
    else reject('jobs', raw.jobs, 'a positive integer (0 = automatic)');
  }
  const watch = typeof raw.watch === 'boolean' ? raw.watch : true;
  if (raw.watch !== undefined && raw.watch !== null && typeof raw.watch !== 'boolean') reject('watch', raw.watch, 'true or false');

  // Severities replace rather than merge: a rule removed from the setting goes back to its own severity.
  const settings = resolveSettings(over);
  return { settings: { ...settings, severities: over.severities ?? {} }, jobs, watch, warnings };
}

function melOverrides(mel: Record<string, unknown>, reject: (key: string, v: unknown, expected: string) => void) {
  const out: { preset?: MelPresetName | 'none'; params: Partial<Record<keyof MelParams, unknown>> } = { params: {} };
  if (mel.preset !== undefined && mel.preset !== null) {
    if (MEL_PRESETS.includes(mel.preset as MelPresetName)) out.preset = mel.preset as MelPresetName;
    else reject('mel.preset', mel.preset, `one of ${MEL_PRESETS.join(', ')}`);
  }
  const params = isObject(mel.params) ? mel.params : {};
  for (const key of MEL_NUMBER_PARAMS) {
    const v = params[key];
    if (v === undefined || v === null) continue;
    if (isFiniteNumber(v)) out.params[key] = v;
    else reject(`mel.params.${key}`, v, 'a number');
  }
  const { padMode, power } = params;
  if (padMode !== undefined && padMode !== null) {
    if (padMode === 'reflect' || padMode === 'constant') out.params.padMode = padMode;
    else reject('mel.params.padMode', padMode, '"reflect" or "constant"');
  }
  if (power !== undefined && power !== null) {
    if (power === 1 || power === 2) out.params.power = power;
    else reject('mel.params.power', power, '1 or 2');
  }
  // A length given in seconds only takes effect when the sample count is null (MelParams' convention).
  if (out.params.winLengthSec !== undefined && out.params.winLength === undefined) out.params.winLength = null;
  if (out.params.hopLengthSec !== undefined && out.params.hopLength === undefined) out.params.hopLength = null;
  return out as SettingsOverrides['mel'];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
