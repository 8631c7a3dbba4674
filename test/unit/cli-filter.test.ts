// audio-audit filter end to end (dist/cli.js): a generated folder with a clipped file and a manifest line whose
// audio is missing; the filtered manifest lacks exactly those lines, durations come from the WAV frame counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeWav, sineCodes } from '../fixtures/wav';
import { runCli, checksums } from '../fixtures/cli';
import type { AuditReport } from '../../src/core/types';

let tmp: string;
let data: string;
let sums: Map<string, string>;
const read = (p: string) => readFileSync(p, 'utf8');

const TRAIN = [
  '{"audio_filepath": "clean0.wav", "duration": 1.0, "text": "one"}',
  '{"audio_filepath": "clipped.wav", "duration": 0.25, "text": "two"}',
  '{"audio_filepath": "missing.wav", "duration": 1.0, "text": "three"}',
  '{"audio_filepath": "clean1.wav", "duration": 0.5, "text": "four"}',
];

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-filter-'));
  data = path.join(tmp, 'data');
  mkdirSync(data);
  writeWav(path.join(data, 'clean0.wav'), { sampleRate: 16000, bits: 16 }, [sineCodes(12345, 440, 16000, 0.3)]);
  writeWav(path.join(data, 'clean1.wav'), { sampleRate: 16000, bits: 16 }, [sineCodes(8000, 330, 16000, 0.3)]);
  // Runs of 100 samples at +full scale and -full scale: clipping (runs >= 3 at >= 0.999 of full scale).
  writeWav(path.join(data, 'clipped.wav'), { sampleRate: 16000, bits: 16 }, [Array.from({ length: 4000 }, (_, i) => (Math.floor(i / 100) % 2 ? -32768 : 32767))]);
  writeFileSync(path.join(data, 'train.jsonl'), TRAIN.join('\n') + '\n');
  writeWav(path.join(data, 'clean2.wav'), { sampleRate: 16000, bits: 16 }, [sineCodes(4000, 550, 16000, 0.3)]);
  // No audio in both manifests: that would be split-leakage (an error) and drop it from both.
  writeFileSync(path.join(data, 'dev.jsonl'), '{"audio_filepath": "nothere.wav", "duration": 0.25, "text": "x"}\n{"audio_filepath": "clean2.wav", "duration": 0.25, "text": "y"}\n');
  sums = checksums(data);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('filter audits the listed audio: the clipped and the missing line are gone, durations are frames / rate', () => {
  const out = path.join(tmp, 'out', 'train.jsonl');
  const r = runCli(['filter', path.join(data, 'train.jsonl'), '--out', out, '--drop-rules', 'clipping', '--fix-durations', '--jobs', '1', '--no-progress']);
  assert.equal(r.status, 0, r.stderr);
  // clean0: 12345 frames / 16000 Hz = 0.7715625 s; clean1: 8000 / 16000 = 0.5 s, as declared (line copied as written).
  assert.equal(read(out), [
    '{"audio_filepath": "../data/clean0.wav", "duration": 0.7715625, "text": "one"}',
    '{"audio_filepath": "../data/clean1.wav", "duration": 0.5, "text": "four"}',
  ].join('\n') + '\n');
  const rows = read(path.join(tmp, 'out', 'dropped.csv')).split('\r\n');
  assert.equal(rows[0], 'manifest,line,audio,rules,messages');
  assert.match(rows[1], /^train\.jsonl,2,clipped\.wav,clipping,/);
  assert.equal(rows[2], 'train.jsonl,3,missing.wav,manifest-missing-audio,"The audio file ""missing.wav"" does not exist."');
  assert.equal(rows.length, 4); // header, two rows, '' after the last CRLF
  assert.deepEqual(checksums(data), sums, 'the dataset is unchanged');
  // Re-checkable at once: an audit finds the new manifest, with its two entries and nothing on its lines.
  const again = runCli([tmp, '--json', '--fail-on', 'never', '--jobs', '1', '--no-progress']);
  assert.equal(again.status, 0, again.stderr);
  const checked = (JSON.parse(again.stdout) as AuditReport).manifests!.find((m) => m.path === 'out/train.jsonl')!;
  assert.deepEqual([checked.dialect, checked.entries, checked.findings], ['nemo', 2, []]);
});

test('filter --report uses a saved report; refusals exit 2 and write nothing', () => {
  const report = path.join(tmp, 'report.json');
  assert.equal(runCli([data, '--out', report, '--fail-on', 'never', '--no-progress', '--jobs', '1']).status, 0);
  const out = path.join(tmp, 'saved', 'train.jsonl');
  const r = runCli(['filter', path.join(data, 'train.jsonl'), '--out', out, '--report', report, '--drop-rules', 'clipping']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(read(out), [
    '{"audio_filepath": "../data/clean0.wav", "duration": 1.0, "text": "one"}',
    '{"audio_filepath": "../data/clean1.wav", "duration": 0.5, "text": "four"}',
  ].join('\n') + '\n');

  const overInput = runCli(['filter', path.join(data, 'train.jsonl'), '--out', path.join(data, 'train.jsonl'), '--report', report, '--force']);
  assert.equal(overInput.status, 2);
  assert.match(overInput.stderr, /is the input/);
  const existing = runCli(['filter', path.join(data, 'train.jsonl'), '--out', out, '--report', report]);
  assert.equal(existing.status, 2);
  assert.match(existing.stderr, /exists \(pass --force/);
  assert.equal(runCli(['filter', path.join(data, 'train.jsonl'), '--out', out, '--report', report, '--force']).status, 0);
  // A folder as --out (trailing '/', or existing) receives the manifest under its own name, as cp does.
  assert.equal(runCli(['filter', path.join(data, 'train.jsonl'), '--out', path.join(tmp, 'into') + '/', '--report', report]).status, 0);
  assert.equal(read(path.join(tmp, 'into', 'train.jsonl')), read(out));
  assert.equal(runCli(['filter', path.join(data, 'train.jsonl'), '--out', path.join(tmp, 'x.jsonl'), '--drop-rules', 'clipng', '--report', report]).status, 2);
  assert.equal(runCli(['filter', path.join(data, 'train.jsonl')]).status, 2, '--out is required');
  assert.deepEqual(checksums(data), sums);
});

test('several manifests go into the --out folder under their names, with one dropped.csv', () => {
  const dir = path.join(tmp, 'both');
  const r = runCli(['filter', path.join(data, 'train.jsonl'), path.join(data, 'dev.jsonl'), '--out', dir, '--drop-rules', 'clipping', '--jobs', '1', '--no-progress']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(read(path.join(dir, 'dev.jsonl')), '{"audio_filepath": "../data/clean2.wav", "duration": 0.25, "text": "y"}\n');
  assert.equal(read(path.join(dir, 'train.jsonl')).split('\n').length - 1, 2);
  const rows = read(path.join(dir, 'dropped.csv')).trimEnd().split('\r\n').map((l) => l.split(',').slice(0, 4).join(','));
  // Manifests in the order given, lines ascending.
  assert.deepEqual(rows, ['manifest,line,audio,rules', 'train.jsonl,2,clipped.wav,clipping', 'train.jsonl,3,missing.wav,manifest-missing-audio', 'dev.jsonl,1,nothere.wav,manifest-missing-audio']);
});

test('--from-folder writes a NeMo manifest of the files that pass, durations from the frame counts (4000 / 16000 = 0.25 s)', () => {
  const out = path.join(tmp, 'folder', 'all.jsonl');
  const r = runCli(['filter', '--from-folder', data, '--out', out, '--drop-rules', 'clipping', '--jobs', '1', '--no-progress']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(read(out), [
    '{"audio_filepath":"../data/clean0.wav","duration":0.7715625,"text":""}',
    '{"audio_filepath":"../data/clean1.wav","duration":0.5,"text":""}',
    '{"audio_filepath":"../data/clean2.wav","duration":0.25,"text":""}',
  ].join('\n') + '\n');
});
