import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationSpan, formatSeconds, isWholeEntryLine, jsonValueSpan } from '../../../src/core/manifest/lineEdits';
import { decodedDurationsByLine } from '../../../src/core/manifest/decodedDurations';
import type { AudioFormat, ManifestReport } from '../../../src/core/types';
import { fileReport, report } from '../extension/fixtures';
import { manifestTree } from '../../fixtures/manifestTree';

const nemo = { dialect: 'nemo', path: 'speech/train.jsonl' } as const;
const slice = (line: string, s: { start: number; end: number } | null) => (s ? line.slice(s.start, s.end) : null);

test('the duration value of a NeMo line: the top-level key only, not one inside a string or a nested object', () => {
  const plain = '{"audio_filepath": "clips/a.wav", "duration": 2.5, "text": "hi"}';
  assert.deepEqual(jsonValueSpan(plain, 'duration'), { start: 46, end: 49 });
  const tricky = '{"text": "\\"duration\\": 9", "meta": {"duration": 7}, "audio_filepath": "a.wav", "duration" :  1e1}';
  assert.equal(slice(tricky, durationSpan(nemo, tricky)), '1e1');
  assert.equal(slice('{"duration":3}', jsonValueSpan('{"duration":3}', 'duration')), '3');
  assert.equal(jsonValueSpan('{"audio_filepath": "a.wav"}', 'duration'), null);
  assert.equal(jsonValueSpan('not json', 'duration'), null);
});

test('Kaldi utt2dur: the second field; other Kaldi files and CSV dialects declare none on the line', () => {
  const kaldi = (p: string) => ({ dialect: 'kaldi', path: p }) as const;
  assert.equal(slice('utt1  3.25', durationSpan(kaldi('data/train/utt2dur'), 'utt1  3.25')), '3.25');
  assert.equal(durationSpan(kaldi('data/train/wav.scp'), 'utt1 a.wav'), null);
  assert.equal(durationSpan({ dialect: 'ljspeech', path: 'metadata.csv' }, 'LJ001|a|a'), null);
  const hf = { dialect: 'audiofolder', path: 'hf/metadata.jsonl' } as const;
  assert.equal(slice('{"file_name": "a.wav", "duration": 4}', durationSpan(hf, '{"file_name": "a.wav", "duration": 4}')), '4');
});

test('a line is a whole entry unless it is a header, half of a quoted record or a Kaldi table line', () => {
  assert.equal(isWholeEntryLine(nemo, 0, '{"audio_filepath": "a.wav"}'), true);
  assert.equal(isWholeEntryLine(nemo, 3, '   '), false);
  assert.equal(isWholeEntryLine({ dialect: 'commonvoice', path: 'validated.tsv' }, 0, 'client_id\tpath'), false);
  assert.equal(isWholeEntryLine({ dialect: 'commonvoice', path: 'validated.tsv' }, 4, 'x\ta.mp3'), true);
  const csv = { dialect: 'audiofolder', path: 'hf/metadata.csv' } as const;
  assert.equal(isWholeEntryLine(csv, 3, 'c.wav,"line one'), false);
  assert.equal(isWholeEntryLine(csv, 3, 'b.wav,"she said ""hi""",2'), true);
  assert.equal(isWholeEntryLine({ dialect: 'ljspeech', path: 'metadata.csv' }, 0, 'LJ001|He said "so|x'), true);
  assert.equal(isWholeEntryLine({ dialect: 'kaldi', path: 'data/train/utt2dur' }, 0, 'utt1 3'), false);
});

test('seconds written to the microsecond without trailing zeros', () => {
  assert.equal(formatSeconds(44100 / 22050), '2');
  assert.equal(formatSeconds(12345 / 8000), '1.543125');
  assert.equal(formatSeconds(1 / 3), '0.333333');
});

test('decoded durations by line: NeMo lines and Kaldi utt2dur lines map to frames / rate of their audio', async (t) => {
  const tree = manifestTree({
    'speech/train.jsonl': [
      '{"audio_filepath": "clips/a.wav", "duration": 2.5}',
      '{"audio_filepath": "clips/b.wav", "offset": 0.5, "duration": 1}',
      '{"audio_filepath": "clips/missing.wav", "duration": 1}',
      '{"audio_filepath": "clips/b.wav", "duration": 9}',
    ].join('\n') + '\n',
    'speech/clips/a.wav': '', 'speech/clips/b.wav': '',
    'data/train/wav.scp': 'u1 wav/u1.wav\nu2 wav/u2.wav\n',
    'data/train/utt2dur': 'u1 1.0\nu2 7\n',
    'wav/u1.wav': '', 'wav/u2.wav': '',
  });
  t.after(tree.dispose);
  const withFormat = (p: string, frames: number, sampleRate: number) => ({ ...fileReport(p), format: { frames, sampleRate } as AudioFormat });
  const r = report(tree.root, [
    withFormat('speech/clips/a.wav', 44100, 22050), withFormat('speech/clips/b.wav', 12345, 8000),
    withFormat('wav/u1.wav', 16000, 16000), withFormat('wav/u2.wav', 24000, 16000),
  ]);
  const m = (path: string, dialect: ManifestReport['dialect']): ManifestReport => ({ path, dialect, split: 'train', entries: 0, totalDeclaredSec: 0, findings: [] });
  // Line 2 is a segment (left out), line 3's audio was not audited; line 4 is b.wav as a whole: 12345 / 8000 s.
  assert.deepEqual([...await decodedDurationsByLine(r, m('speech/train.jsonl', 'nemo'))], [[1, 2], [4, 1.543125]]);
  // Kaldi resolves wav.scp paths from the recipe root (the parent of data/); utt2dur lines carry the durations.
  assert.deepEqual([...await decodedDurationsByLine(r, m('data/train/utt2dur', 'kaldi'))], [[1, 1], [2, 1.5]]);
});

test('audiofolder metadata.csv: the duration column the header names, quoted or not; none without the column', () => {
  const csv = { dialect: 'audiofolder', path: 'hf/metadata.csv' } as const;
  const header = 'file_name,transcription,duration';
  assert.equal(slice('a.wav,hello,2.5', durationSpan(csv, 'a.wav,hello,2.5', header)), '2.5');
  // A quoted transcript holding a comma and doubled quotes, then a quoted duration: the span covers its quotes.
  const quoted = 'b.wav,"she said ""hi, there""","3.0"';
  assert.equal(slice(quoted, durationSpan(csv, quoted, header)), '"3.0"');
  // The column's place comes from the header: here it is the first.
  assert.equal(slice('1.25,c.wav', durationSpan(csv, '1.25,c.wav', 'duration,file_name')), '1.25');
  assert.equal(slice('d.wav,x,', durationSpan(csv, 'd.wav,x,', header)), '');
  assert.equal(durationSpan(csv, 'a.wav,hello', 'file_name,transcription'), null);
  assert.equal(durationSpan(csv, 'a.wav,"never closes,2', header), null);
  assert.equal(durationSpan(csv, 'a.wav,hello,2.5'), null);
});

test('decoded durations by line: audiofolder metadata.csv rows map to frames / rate of their audio', async (t) => {
  const tree = manifestTree({
    'hf/metadata.csv': 'file_name,transcription,duration\na.wav,"one, two",2.5\nb.wav,three,\n',
    'hf/a.wav': '', 'hf/b.wav': '',
  });
  t.after(tree.dispose);
  const withFormat = (p: string, frames: number, sampleRate: number) => ({ ...fileReport(p), format: { frames, sampleRate } as AudioFormat });
  const r = report(tree.root, [withFormat('hf/a.wav', 32000, 16000), withFormat('hf/b.wav', 8000, 16000)]);
  const m: ManifestReport = { path: 'hf/metadata.csv', dialect: 'audiofolder', split: 'train', entries: 0, totalDeclaredSec: 0, findings: [] };
  // Line 2 declares 2.5 s for 32000 / 16000 = 2 s; line 3 declares none (an empty cell), so it has no quick fix.
  assert.deepEqual([...await decodedDurationsByLine(r, m)], [[2, 2]]);
  const line = 'a.wav,"one, two",2.5';
  assert.equal(slice(line, durationSpan(m, line, 'file_name,transcription,duration')), '2.5');
});
