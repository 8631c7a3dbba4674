import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectManifests, parseManifest } from '../../../src/core/manifest/detect';
import { collect, manifestTree } from '../../fixtures/manifestTree';

const FILES: Record<string, string> = {
  'nemo/train_manifest.json': '{"audio_filepath": "a.wav", "duration": 1.0, "text": "a"}\n',
  'nemo/model_config.json': '{"sample_rate": 16000, "labels": ["a"]}\n',
  'nemo/test.jsonl': '\ufeff{"audio_filepath": "b.wav"}\r\n',
  'LJSpeech-1.1/metadata.csv': 'LJ001-0001|Printing|Printing\n',
  'LJSpeech-1.1/wavs/LJ001-0001.wav': 'RIFF',
  'hf/validation/metadata.csv': 'file_name,transcription\na.wav,"a, b"\n',
  'hf/train/metadata.jsonl': '{"file_name": "a.wav"}\n',
  'pipes-without-wavs/metadata.csv': 'LJ001-0001|Printing|Printing\n',
  'cv-corpus-15.0/en/train.tsv': 'client_id\tpath\tsentence\nx\tcommon_voice_en_1.mp3\tHi\n',
  'cv-corpus-15.0/en/validated.tsv': 'client_id\tpath\tsentence\nx\tcommon_voice_en_1.mp3\tHi\n',
  'cv-corpus-15.0/en/clip_durations.tsv': 'clip\tduration[ms]\ncommon_voice_en_1.mp3\t1200\n',
  's5/data/dev/wav.scp': 'u1 /x/u1.wav\n',
  's5/data/dev/feats.scp': 'u1 /x/feats.ark:12\n',
  'LibriSpeech/test-other/1688/142285/1688-142285.trans.txt': '1688-142285-0000 THERE\n',
  'notes/readme.txt': 'train test dev\n',
};

test('finds each dialect by name, shape and siblings, with the split from its path', async (t) => {
  const tree = manifestTree(FILES);
  t.after(tree.dispose);
  const found = await detectManifests(tree.root, Object.keys(FILES));
  assert.deepEqual(found.map((m) => [m.relPath, m.dialect, m.split]), [
    ['nemo/train_manifest.json', 'nemo', 'train'],
    ['nemo/test.jsonl', 'nemo', 'test'],
    ['LJSpeech-1.1/metadata.csv', 'ljspeech', null],
    ['hf/validation/metadata.csv', 'audiofolder', 'dev'],
    ['hf/train/metadata.jsonl', 'audiofolder', 'train'],
    ['cv-corpus-15.0/en/train.tsv', 'commonvoice', 'train'],
    ['cv-corpus-15.0/en/validated.tsv', 'commonvoice', null],
    ['s5/data/dev/wav.scp', 'kaldi', 'dev'],
    ['LibriSpeech/test-other/1688/142285/1688-142285.trans.txt', 'librispeech', 'test'],
  ]);
  assert.equal(found[0].path, tree.abs('nemo/train_manifest.json'));
});

test('a missing file is passed over; parseManifest streams the detected dialect', async (t) => {
  const tree = manifestTree(FILES);
  t.after(tree.dispose);
  const found = await detectManifests(tree.root, ['gone/train.jsonl', 'hf/validation/metadata.csv']);
  assert.deepEqual(found.map((m) => m.dialect), ['audiofolder']);
  const { entries } = await collect(parseManifest(found[0]));
  assert.deepEqual(entries.map((e) => [e.line, e.audioPath, e.text]), [[2, tree.abs('hf/validation/a.wav'), 'a, b']]);
});

test('the head is cut at a line end: a first line longer than the head is not recognized as half a line', async (t) => {
  const long = `{"audio_filepath": "a.wav", "text": "${'x'.repeat(70 * 1024)}"}\n`;
  const tree = manifestTree({ 'long/train.jsonl': long, 'ok/train.jsonl': `{"audio_filepath": "a.wav"}\n${long}` });
  t.after(tree.dispose);
  const found = await detectManifests(tree.root, ['long/train.jsonl', 'ok/train.jsonl']);
  assert.deepEqual(found.map((m) => m.relPath), ['ok/train.jsonl']);
});
