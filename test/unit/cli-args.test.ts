import { test } from 'node:test';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { HELP, parseArgs, UsageError } from '../../src/cli/args';
import { validateConfig } from '../../src/cli/config';
import { settingsFromArgs } from '../../src/cli/config';
import { csvCell, toCsv, CSV_COLUMNS } from '../../src/cli/csv';
import { failsAt } from '../../src/cli/severity';
import { formatProgress } from '../../src/cli/progress';
import type { FileReport, Finding } from '../../src/core/types';

test('the optional `audit` command, flags, values in both spellings, repeated globs', () => {
  const a = parseArgs(['audit', 'data', 'more', '--json', '--jobs=3', '--q-levels', '65536', '--fail-on', 'warning',
    '--mel', 'none', '--include', 'a/**', '--include=b/**', '--no-progress', '--cache', 'c.json']);
  assert.deepEqual(a.paths, ['data', 'more']);
  assert.equal(a.json, true);
  assert.equal(a.jobs, 3);
  assert.equal(a.qLevels, 65536);
  assert.equal(a.failOn, 'warning');
  assert.equal(a.mel, 'none');
  assert.deepEqual(a.include, ['a/**', 'b/**']);
  assert.equal(a.progress, false);
  assert.equal(a.cache, 'c.json');
  assert.deepEqual(parseArgs(['--', '--odd-name']).paths, ['--odd-name']);
  assert.deepEqual(parseArgs(['./audit']).paths, ['./audit']);
});

test('usage errors say what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [[], /no path given/],
    [['audit'], /no path given/],
    [['d', '--frobnicate'], /unknown option --frobnicate/],
    [['d', '--jobs', '0'], /--jobs must be an integer >= 1, got "0"/],
    [['d', '--jobs', '2.5'], /--jobs must be an integer/],
    [['d', '--q-levels', '1'], /--q-levels must be an integer >= 2/],
    [['d', '--fail-on', 'fatal'], /--fail-on must be one of error, warning, info, never; got "fatal"/],
    [['d', '--mel', 'htk'], /--mel must be one of tacotron, librosa, custom, none/],
    [['d', '--out'], /--out needs a value/],
    [['d', '--json=yes'], /--json takes no value/],
    [['d', '--json', '--csv', '-'], /both write to stdout/],
  ];
  for (const [argv, re] of cases) assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && re.test(e.message), argv.join(' '));
  assert.equal(parseArgs(['--help']).help, true);
});

test('config keys are validated; flat audioAudit.* keys nest; flags win over the file', () => {
  assert.deepEqual(validateConfig({ 'audioAudit.thresholds.dcOffset': 0.02, qLevels: 1024 }, 'c'), {
    thresholds: { dcOffset: 0.02 },
    qLevels: 1024,
  });
  assert.throws(() => validateConfig({ qlevels: 3 }, 'c.json'), /c.json: "qlevels" is not a setting/);
  assert.throws(() => validateConfig({ thresholds: { dcOfset: 1 } }, 'c'), /"thresholds.dcOfset" is not a threshold/);
  assert.throws(() => validateConfig({ severities: { clipping: 'fatal' } }, 'c'), /severities.clipping/);
  assert.throws(() => validateConfig({ clipLevel: 2 }, 'c'), /clipLevel/);
  assert.throws(() => validateConfig([1], 'c'), /expected a JSON object/);

  const s = settingsFromArgs({ ...parseArgs(['d', '--q-levels', '512', '--mel', 'librosa', '--exclude', 'x/**']), config: null });
  assert.equal(s.qLevels, 512);
  assert.equal(s.mel.preset, 'librosa');
  assert.deepEqual(s.exclude, ['x/**']);
  assert.equal(s.thresholds.dcOffset, 0.01); // untouched default

  const dir = mkdtempSync(path.join(tmpdir(), 'audit-config-'));
  const cfg = path.join(dir, 'bad-mel.json');
  writeFileSync(cfg, JSON.stringify({ mel: { preset: 'custom', params: { nFft: 1000 } } }));
  assert.throws(() => settingsFromArgs(parseArgs(['d', '--config', cfg])), (e: unknown) =>
    e instanceof UsageError && /invalid mel settings: .*nFft must be a power of two/.test(e.message));
  rmSync(dir, { recursive: true, force: true });
});

test('--ffmpeg PATH and the config key ffmpegPath: the flag wins, an empty value means ffmpeg on PATH', () => {
  assert.equal(parseArgs(['d', '--ffmpeg', '/opt/ff/bin/ffmpeg']).ffmpeg, '/opt/ff/bin/ffmpeg');
  assert.equal(parseArgs(['d', '--ffmpeg=/opt/ff/bin/ffmpeg']).ffmpeg, '/opt/ff/bin/ffmpeg');
  assert.equal(parseArgs(['d']).ffmpeg, null);
  assert.throws(() => parseArgs(['d', '--ffmpeg']), /--ffmpeg needs a value/);
  assert.deepEqual(validateConfig({ ffmpegPath: '/usr/local/bin/ffmpeg' }, 'c'), { ffmpegPath: '/usr/local/bin/ffmpeg' });
  assert.throws(() => validateConfig({ ffmpegPath: true }, 'c.json'), /c.json: "ffmpegPath" must be a path string/);

  const dir = mkdtempSync(path.join(tmpdir(), 'audit-ffmpeg-flag-'));
  const onPath = path.join(dir, 'ffmpeg');
  writeFileSync(onPath, '#!/bin/sh\n', { mode: 0o755 });
  const cfg = path.join(dir, 'c.json');
  writeFileSync(cfg, JSON.stringify({ ffmpegPath: '/from/config/ffmpeg' }));
  assert.equal(settingsFromArgs(parseArgs(['d']), dir).ffmpegPath, onPath);
  assert.equal(settingsFromArgs(parseArgs(['d']), '').ffmpegPath, '');
  assert.equal(settingsFromArgs(parseArgs(['d', '--config', cfg]), dir).ffmpegPath, '/from/config/ffmpeg');
  assert.equal(settingsFromArgs(parseArgs(['d', '--config', cfg, '--ffmpeg', '/flag/ffmpeg']), dir).ffmpegPath, '/flag/ffmpeg');
  assert.match(HELP, /--ffmpeg PATH/);
  rmSync(dir, { recursive: true, force: true });
});

const file = (path: string, findings: Finding[] = []): FileReport => ({
  path, error: null, format: null, channels: [], dcOffset: null, peak: null, peakDbfs: null, rmsDbfs: null,
  stereoDownmixLossDb: null, minMax: null, mel: null, findings,
});
const finding = (severity: Finding['severity']): Finding => ({ rule: 'dc-offset', severity, message: 'm' });

test('--fail-on: a finding at or above the level fails; never never fails', () => {
  const files = [file('a.wav'), file('b.wav', [finding('warning')])];
  assert.equal(failsAt(files, 'error'), false);
  assert.equal(failsAt(files, 'warning'), true);
  assert.equal(failsAt(files, 'info'), true);
  assert.equal(failsAt([file('c.wav', [finding('error')])], 'never'), false);
});

test('CSV cells: RFC 4180 quoting, formula-looking text defused, numbers as is', () => {
  assert.equal(csvCell('plain.wav'), 'plain.wav');
  assert.equal(csvCell('a,b.wav'), '"a,b.wav"');
  assert.equal(csvCell('say "hi".wav'), '"say ""hi"".wav"');
  assert.equal(csvCell('=cmd|x.wav'), "'=cmd|x.wav");
  assert.equal(csvCell(-3.5), '-3.5');
  assert.equal(csvCell(null), '');
  const csv = toCsv([file('x.wav', [finding('info')])]).split('\r\n');
  // The file columns plus `line` and `message`, which only manifest-line rows fill.
  assert.equal(csv[0].split(',').length, CSV_COLUMNS.length + 2);
  assert.equal(csv[1].split(',').length, CSV_COLUMNS.length + 2);
  assert.equal(csv[2], ''); // trailing CRLF
});

test('--csv: a manifest-line finding is a row with the manifest as path, its line, rule, message and severity count', () => {
  const csv = toCsv([], [{ path: 'speech/train.jsonl', dialect: 'nemo', split: 'train', entries: 3, totalDeclaredSec: 6,
    findings: [{ rule: 'manifest-missing-audio', severity: 'error', message: 'The audio file "a, b.wav" does not exist.', line: 3 }] }]);
  const [header, row] = csv.split('\r\n');
  const names = header.split(',');
  // The message holds a comma and quotes: RFC 4180 quoting, so split on the header's count of plain cells first.
  assert.ok(row.startsWith('speech/train.jsonl,'));
  assert.ok(row.endsWith(',3,"The audio file ""a, b.wav"" does not exist."'));
  const cells = row.slice(0, row.lastIndexOf(',3,')).split(',');
  assert.equal(cells[names.indexOf('errors')], '1');
  assert.equal(cells[names.indexOf('warnings')], '0');
  assert.equal(cells[names.indexOf('rules')], 'manifest-missing-audio');
});

test('the progress line: a 24-character bar filled by bytes, files and MiB', () => {
  // 1 MiB of 4 MiB = 1/4 of 24 cells = 6 filled.
  assert.equal(
    formatProgress({ filesDone: 1, filesTotal: 4, bytesDone: 1048576, bytesTotal: 4194304 }),
    '[######..................] 1/4 files  1.0/4.0 MiB',
  );
  assert.equal(formatProgress({ filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }), `[${'#'.repeat(24)}] 0/0 files  0.0/0.0 MiB`);
});

test('filter: its options, rules split on commas, and what does not go with it', () => {
  const a = parseArgs(['filter', 'a.jsonl', 'b.tsv', '--out', 'dir', '--drop-severity', 'warning', '--drop-rules', 'clipping, split-leakage', '--drop-rules=near-silent', '--fix-durations', '--force', '--report', 'r.json']);
  assert.equal(a.command, 'filter');
  assert.deepEqual(a.paths, ['a.jsonl', 'b.tsv']);
  assert.deepEqual([a.out, a.dropSeverity, a.dropRules, a.fixDurations, a.force, a.report], ['dir', 'warning', ['clipping', 'split-leakage', 'near-silent'], true, true, 'r.json']);
  assert.equal(parseArgs(['filter', 'm.jsonl', '--out', 'o.jsonl']).dropSeverity, 'error');
  assert.equal(parseArgs(['filter', '--from-folder', 'd', '--out', 'o.jsonl']).fromFolder, 'd');
  const refused: [string[], RegExp][] = [
    [['filter', 'm.jsonl'], /give --out FILE/],
    [['filter', '--out', 'o'], /no manifest given/],
    [['filter', 'm.jsonl', '--out', 'o', '--drop-severity', 'fatal'], /--drop-severity must be one of error, warning, info, none/],
    [['filter', 'm.jsonl', '--out', 'o', '--csv', 'x.csv'], /--csv does not apply to filter/],
    [['filter', 'm.jsonl', '--from-folder', 'd', '--out', 'o'], /give no MANIFEST/],
    [['data', '--drop-rules', 'clipping'], /--drop-rules applies to audio-audit filter/],
  ];
  for (const [argv, message] of refused) assert.throws(() => parseArgs(argv), (e: Error) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  assert.match(HELP, /audio-audit filter <manifest\.\.\.> --out FILE\|DIR/);
});
