// Default severity of every rule, and the user's overrides ("off" drops the rule).
import type { AuditSettings, Finding, FindingLocation, RuleId, Severity } from '../types';

export const DEFAULT_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'unreadable': 'error',
  'empty': 'error',
  'constant-signal': 'error',
  'non-finite': 'error',
  'truncated': 'warning',
  'minmax-zero-shift': 'warning',
  'dc-offset': 'warning',
  'near-silent': 'warning',
  'clipping': 'warning',
  'stereo-downmix-loss': 'warning',
  'sample-rate-mismatch': 'warning',
  'channel-mismatch': 'warning',
  'bit-depth-mismatch': 'warning',
  'loudness-outlier': 'info',
  'padded-bit-depth': 'info',
  'mel-clipped-high': 'warning',
  'mel-below-floor': 'info',
  'decode-error': 'warning',
  'band-limited': 'warning',
  'nonstandard-header': 'info',
  'manifest-bad-line': 'error',
  'manifest-missing-audio': 'error',
  'manifest-duration-mismatch': 'warning',
  'manifest-segment-out-of-range': 'error',
  'manifest-empty-text': 'warning',
  'manifest-duplicate-entry': 'warning',
  'char-rate-outlier': 'info',
  'long-utterance': 'info',
  'manifest-unlisted-audio': 'info',
  'duplicate-audio': 'warning',
  'near-duplicate-audio': 'warning',
  'split-leakage': 'error',
};

export const RULE_IDS = Object.keys(DEFAULT_SEVERITY) as RuleId[];

/** Rules decided across the dataset (recomputed whenever the set of files changes). */
export const DATASET_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'sample-rate-mismatch', 'channel-mismatch', 'bit-depth-mismatch', 'loudness-outlier',
  'manifest-unlisted-audio', 'duplicate-audio', 'near-duplicate-audio', 'split-leakage',
]);

/** Severity order for sorting and --fail-on: error > warning > info. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** Collects findings with the configured severity; rules set to "off" are dropped. */
export class FindingList {
  readonly items: Finding[] = [];
  constructor(private readonly settings: AuditSettings) {}

  add(rule: RuleId, message: string, location?: FindingLocation): void {
    const severity = this.settings.severities[rule] ?? DEFAULT_SEVERITY[rule];
    if (severity === 'off') return;
    this.items.push(location ? { rule, severity, message, location } : { rule, severity, message });
  }
}
