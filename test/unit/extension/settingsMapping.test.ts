import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_KEYS, optionsFromConfiguration, type RawConfiguration } from '../../../src/extension/settingsMapping';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const properties: Record<string, { default: unknown; type: unknown; markdownDescription?: string; properties?: Record<string, unknown> }> =
  manifest.contributes.configuration.properties;

/** What vscode.workspace.getConfiguration('audioAudit').get(key) returns: dotted setting names nest into objects. */
function asVsCodeReads(values: Record<string, unknown>): RawConfiguration {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const parts = name.replace(/^audioAudit\./, '').split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

const defaults = () => Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default]));

test('the manifest defaults map to the documented core defaults', () => {
  const o = optionsFromConfiguration(asVsCodeReads(defaults()));
  assert.deepEqual(o.warnings, []);
  // Values from the settings table in docs (types.ts comments): 256 levels, clip at 0.999, dc 0.01 = −40 dBFS.
  assert.equal(o.settings.qLevels, 256);
  assert.equal(o.settings.clipLevel, 0.999);
  assert.deepEqual(o.settings.thresholds, {
    dcOffset: 0.01, minMaxBinShift: 2, nearSilentDbfs: -40, clipRun: 3, stereoDownmixLossDb: 6, loudnessOutlierDb: 20,
    paddedBitDepthBits: 1, melClippedHighFraction: 0.001, melBelowFloorFraction: 0.5, bandLimitedRatio: 0.7,
    manifestDurationSec: 0.1, maxUtteranceSec: 30, charRateRatio: 2.5, nearDuplicateBer: 0.25,
  });
  assert.deepEqual(o.settings.severities, {});
  assert.deepEqual(o.settings.mel, { preset: 'tacotron', params: {} });
  assert.deepEqual([o.settings.include, o.settings.exclude], [[], []]);
  assert.equal(o.jobs, undefined);
  assert.equal(o.watch, true);
});

test('every setting is schema-described and its first key is an AuditSettings key (or jobs/watch/preview)', () => {
  for (const [name, schema] of Object.entries(properties)) {
    assert.ok(name.startsWith('audioAudit.'), name);
    // audioAudit.preview.* configures the preview editor, not the audit.
    assert.ok((CONFIGURATION_KEYS as readonly string[]).includes(name.split('.')[1]) || name.split('.')[1] === 'preview', name);
    assert.ok(schema.type !== undefined && 'default' in schema && (schema.markdownDescription ?? '').length > 20, name);
  }
  // Every rule id of types.ts RuleId can be given a severity.
  const rules = ['unreadable', 'empty', 'constant-signal', 'non-finite', 'truncated', 'minmax-zero-shift', 'dc-offset', 'near-silent',
    'clipping', 'stereo-downmix-loss', 'sample-rate-mismatch', 'channel-mismatch', 'bit-depth-mismatch', 'loudness-outlier',
    'padded-bit-depth', 'mel-clipped-high', 'mel-below-floor', 'decode-error', 'band-limited', 'nonstandard-header', 'manifest-bad-line', 'manifest-missing-audio', 'manifest-duration-mismatch', 'manifest-segment-out-of-range', 'manifest-empty-text', 'manifest-duplicate-entry', 'char-rate-outlier', 'long-utterance', 'manifest-unlisted-audio', 'duplicate-audio', 'near-duplicate-audio', 'split-leakage'];
  assert.deepEqual(Object.keys(properties['audioAudit.severities'].properties!).sort(), rules.sort());
});

test('a user value overrides one threshold and keeps the others', () => {
  const o = optionsFromConfiguration(asVsCodeReads({ ...defaults(), 'audioAudit.thresholds.dcOffset': 0.02, 'audioAudit.qLevels': 65536 }));
  assert.equal(o.settings.thresholds.dcOffset, 0.02);
  assert.equal(o.settings.thresholds.clipRun, 3);
  assert.equal(o.settings.qLevels, 65536);
});

test('severities pass through, "off" included; an unknown value is reported by setting name and ignored', () => {
  const o = optionsFromConfiguration({ severities: { 'dc-offset': 'error', 'near-silent': 'off', clipping: 'fatal' } });
  assert.deepEqual(o.settings.severities, { 'dc-offset': 'error', 'near-silent': 'off' });
  assert.equal(o.warnings.length, 1);
  assert.match(o.warnings[0], /audioAudit\.severities\.clipping/);
});

test('mel: unset parameters are dropped; a window in seconds clears the sample count so it takes effect', () => {
  const o = optionsFromConfiguration(asVsCodeReads({
    'audioAudit.mel.preset': 'custom', 'audioAudit.mel.params.winLengthSec': 0.05, 'audioAudit.mel.params.nMels': 80,
    'audioAudit.mel.params.fmax': null, 'audioAudit.mel.params.power': 1, 'audioAudit.mel.params.padMode': 'constant',
  }));
  assert.deepEqual(o.settings.mel, { preset: 'custom', params: { winLengthSec: 0.05, winLength: null, nMels: 80, power: 1, padMode: 'constant' } });
});

test('wrong types fall back to the default with a warning naming the setting', () => {
  const o = optionsFromConfiguration({ qLevels: '256', clipLevel: 1.5, include: 'train/**', jobs: -1, watch: 'yes' });
  assert.equal(o.settings.qLevels, 256);
  assert.equal(o.settings.clipLevel, 0.999);
  assert.deepEqual(o.settings.include, []);
  assert.equal(o.jobs, undefined);
  assert.equal(o.watch, true);
  assert.deepEqual(o.warnings.map((w) => w.split(':')[0]),
    ['audioAudit.include', 'audioAudit.qLevels', 'audioAudit.clipLevel', 'audioAudit.jobs', 'audioAudit.watch']);
});

test('ffmpegPath: the configured path is resolved (empty = ffmpeg on PATH); a non-string is reported and ignored', () => {
  const onPath = (configured: string) => configured || '/usr/bin/ffmpeg';
  assert.equal(properties['audioAudit.ffmpegPath'].default, '');
  assert.equal((properties['audioAudit.ffmpegPath'] as { scope?: string }).scope, 'machine-overridable');
  assert.ok((manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[]).includes('audioAudit.ffmpegPath'));
  assert.equal(optionsFromConfiguration(asVsCodeReads(defaults()), onPath).settings.ffmpegPath, '/usr/bin/ffmpeg');
  assert.equal(optionsFromConfiguration(asVsCodeReads(defaults()), () => '').settings.ffmpegPath, '');
  assert.equal(optionsFromConfiguration({ ffmpegPath: ' /opt/ffmpeg ' }, onPath).settings.ffmpegPath, '/opt/ffmpeg');
  const bad = optionsFromConfiguration({ ffmpegPath: 42 }, onPath);
  assert.equal(bad.settings.ffmpegPath, '/usr/bin/ffmpeg');
  assert.deepEqual(bad.warnings.map((w) => w.split(':')[0]), ['audioAudit.ffmpegPath']);
});

test('jobs: 0 means automatic, a positive integer is passed on; watch false disables', () => {
  assert.equal(optionsFromConfiguration({ jobs: 0 }).jobs, undefined);
  assert.equal(optionsFromConfiguration({ jobs: 3 }).jobs, 3);
  assert.equal(optionsFromConfiguration({ watch: false }).watch, false);
});
