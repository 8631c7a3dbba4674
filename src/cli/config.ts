// --config FILE: a JSON object with the settings keys (qLevels, clipLevel, include, exclude, thresholds, severities,
// mel, ffmpegPath), the same names as the extension's `audioAudit.*` settings; flat "audioAudit.x.y" keys are accepted too.
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, resolveSettings, type SettingsOverrides } from '../core/settings';
import type { AuditSettings, RuleId } from '../core/types';
import { UsageError, type CliArgs } from './args';
import { RULE_IDS } from '../core/rules/severity';
import { resolveMel, MelParamError } from '../core/mel/params';
import { resolveFfmpeg } from '../core/decode/ffmpegPath';

const RULES: readonly RuleId[] = RULE_IDS;
const SEVERITIES = ['error', 'warning', 'info', 'off'];
const MEL_PRESETS = ['tacotron', 'librosa', 'custom', 'none'];

export function loadConfigFile(file: string): SettingsOverrides {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return validateConfig(json, file);
}

/** Checks every key and type against the defaults so a typo is reported instead of silently ignored. */
export function validateConfig(json: unknown, source: string): SettingsOverrides {
  if (!isObject(json)) throw new UsageError(`${source}: expected a JSON object`);
  const nested = unflatten(json);
  const bad = (key: string, why: string): never => {
    throw new UsageError(`${source}: "${key}" ${why}`);
  };
  for (const [key, value] of Object.entries(nested)) {
    switch (key) {
      case 'qLevels':
        if (!Number.isInteger(value) || (value as number) < 2) bad(key, 'must be an integer >= 2');
        break;
      case 'clipLevel':
        if (typeof value !== 'number' || !(value > 0 && value <= 1)) bad(key, 'must be a number in (0, 1]');
        break;
      case 'include':
      case 'exclude':
        if (!Array.isArray(value) || !value.every((g) => typeof g === 'string')) bad(key, 'must be an array of glob strings');
        break;
      case 'thresholds':
        if (!isObject(value)) bad(key, 'must be an object');
        for (const [t, v] of Object.entries(value as object)) {
          if (!(t in DEFAULT_SETTINGS.thresholds)) bad(`thresholds.${t}`, `is not a threshold (known: ${Object.keys(DEFAULT_SETTINGS.thresholds).join(', ')})`);
          if (typeof v !== 'number' || !Number.isFinite(v)) bad(`thresholds.${t}`, 'must be a finite number');
        }
        break;
      case 'severities':
        if (!isObject(value)) bad(key, 'must be an object');
        for (const [r, v] of Object.entries(value as object)) {
          if (!(RULES as readonly string[]).includes(r)) bad(`severities.${r}`, 'is not a rule id');
          if (!SEVERITIES.includes(v as string)) bad(`severities.${r}`, `must be one of ${SEVERITIES.join(', ')}`);
        }
        break;
      case 'mel': {
        if (!isObject(value)) bad(key, 'must be an object');
        const mel = value as Record<string, unknown>;
        for (const k of Object.keys(mel)) if (k !== 'preset' && k !== 'params') bad(`mel.${k}`, 'is not a mel setting (preset, params)');
        if (mel.preset !== undefined && !MEL_PRESETS.includes(mel.preset as string)) bad('mel.preset', `must be one of ${MEL_PRESETS.join(', ')}`);
        if (mel.params !== undefined) {
          if (!isObject(mel.params)) bad('mel.params', 'must be an object');
          for (const [p, v] of Object.entries(mel.params as object)) {
            if (!(v === null || typeof v === 'number' || typeof v === 'string')) bad(`mel.params.${p}`, 'must be a number, a string or null');
          }
        }
        break;
      }
      case 'ffmpegPath':
        if (typeof value !== 'string') bad(key, 'must be a path string ("" = ffmpeg on PATH)');
        break;
      default:
        bad(key, `is not a setting (known: qLevels, clipLevel, include, exclude, thresholds, severities, mel, ffmpegPath)`);
    }
  }
  return nested as SettingsOverrides;
}

/** {"audioAudit.thresholds.dcOffset": 0.02} -> {thresholds: {dcOffset: 0.02}}; nested keys pass through. */
function unflatten(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const parts = key.replace(/^audioAudit\./, '').split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      if (!isObject(node[p])) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    node[last] = isObject(value) && isObject(node[last]) ? { ...(node[last] as object), ...value } : value;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Defaults < --config file < command-line flags; an empty ffmpegPath becomes the ffmpeg on `envPath`, if any. */
export function settingsFromArgs(args: CliArgs, envPath: string | undefined = process.env.PATH): AuditSettings {
  const fromFile: SettingsOverrides = args.config ? loadConfigFile(args.config) : {};
  const base = resolveSettings(fromFile);
  const flags: SettingsOverrides = {};
  if (args.qLevels !== null) flags.qLevels = args.qLevels;
  if (args.mel !== null) flags.mel = { preset: args.mel };
  if (args.include.length) flags.include = [...base.include, ...args.include];
  if (args.exclude.length) flags.exclude = [...base.exclude, ...args.exclude];
  flags.ffmpegPath = resolveFfmpeg(args.ffmpeg ?? base.ffmpegPath, envPath);
  const settings = resolveSettings(flags, base);
  // Mel parameters that cannot run at all are a usage error now, not the same error on every file later.
  try {
    resolveMel(settings.mel, PROBE_SAMPLE_RATE);
  } catch (e) {
    if (e instanceof MelParamError) throw new UsageError(`invalid mel settings: ${e.message}`);
    throw e;
  }
  return settings;
}

/** Any common rate: the checks that depend on the rate (fmax vs sr/2) are left to each file. */
const PROBE_SAMPLE_RATE = 22050;
