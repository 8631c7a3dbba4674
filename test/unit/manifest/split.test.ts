import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitOf, splitOfName } from '../../../src/core/manifest/split';

// Expected splits worked out by hand from the rules in split.ts's header.
const CASES: [string, ReturnType<typeof splitOf>][] = [
  ['train.jsonl', 'train'],
  ['manifests/train_manifest.json', 'train'],
  ['LibriSpeech/dev-clean/84/121123/84-121123.trans.txt', 'dev'],
  ['LibriSpeech/test_other/1688/142285/1688-142285.trans.txt', 'test'],
  ['LibriSpeech/train-clean-100/103/1240/103-1240.trans.txt', 'train'],
  ['data/train/wav.scp', 'train'],
  ['data/dev93/wav.scp', 'dev'], // letter-digit boundary
  ['data/eval2000/segments', 'eval'],
  ['data/test_dev93/wav.scp', 'dev'], // WSJ: the last token names the part
  ['data/test_eval92/wav.scp', 'eval'],
  ['data/train_dev/wav.scp', 'dev'], // Switchboard's held-out part of train
  ['data/train_nodev/wav.scp', 'train'],
  ['exp/test_run/data/train/wav.scp', 'train'], // the innermost folder decides
  ['validation.jsonl', 'dev'],
  ['val.jsonl', 'dev'],
  ['splits/valid/metadata.csv', 'dev'],
  ['EVAL.json', 'eval'],
  ['cv-corpus-15.0/en/train.tsv', 'train'],
  ['cv-corpus-15.0/en/dev.tsv', 'dev'],
  // Common Voice pools overlap the splits by design: no split, even in a folder that names one.
  ['cv-corpus-15.0/en/validated.tsv', null],
  ['cv-corpus-15.0/en/invalidated.tsv', null],
  ['cv-corpus-15.0/en/other.tsv', null],
  ['train/validated.tsv', null],
  // Whole tokens only.
  ['latest.jsonl', null],
  ['contest/devices.jsonl', null],
  ['attestation/metadata.csv', null],
  ['cv/tr/wav.scp', null], // Kaldi's tr/cv are too ambiguous ("cv" is Common Voice)
  ['metadata.csv', null],
  ['LJSpeech-1.1/metadata.csv', null],
  ['', null],
  ['data\\test\\wav.scp', 'test'], // Windows separators
];

test('the split of a manifest from its relative path', () => {
  for (const [relPath, split] of CASES) assert.equal(splitOf(relPath), split, relPath);
});

test('one name: its last split token, else null', () => {
  assert.equal(splitOfName('test_other'), 'test');
  assert.equal(splitOfName('dev-clean-2'), 'dev');
  assert.equal(splitOfName('Training'), 'train');
  assert.equal(splitOfName('trainclean'), null);
  assert.equal(splitOfName('tést'), null);
});
