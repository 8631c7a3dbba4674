import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ljspeechDialect } from '../../../src/core/manifest/dialects/ljspeech';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

// QUOTE_NONE: quotes are characters, even unbalanced; one CRLF line; a blank line; unicode; an empty normalized text.
const METADATA = '\ufeff' + [
  'LJ001-0001|Printing, in the only sense|Printing, in the only sense\n',
  'LJ001-0002|"Quoted" text, with "quotes|"Quoted" text, with "quotes\n',
  '\n',
  'LJ001-0003 no pipes here\n',
  '|orphan text|orphan text\n',
  'LJ001-0004|Ünïcödé — “text”|\r\n',
  'LJ001-0005|two fields only\n',
  'LJ001-0006|a|b|c\n',
].join('');

test('LJSpeech: wavs/<id>.wav, the normalized text, problems at their lines', async (t) => {
  const tree = manifestTree({ 'LJSpeech-1.1/metadata.csv': METADATA, 'LJSpeech-1.1/wavs/': '' });
  t.after(tree.dispose);
  const { entries, problems } = await collect(ljspeechDialect.parse(tree.abs('LJSpeech-1.1/metadata.csv')));
  const wav = (id: string) => tree.abs(`LJSpeech-1.1/wavs/${id}.wav`);
  assert.deepEqual(entries.map((e) => [e.line, e.uttId, e.audioPath, e.text]), [
    [1, 'LJ001-0001', wav('LJ001-0001'), 'Printing, in the only sense'],
    [2, 'LJ001-0002', wav('LJ001-0002'), '"Quoted" text, with "quotes'],
    [5, null, null, 'orphan text'],
    [6, 'LJ001-0004', wav('LJ001-0004'), ''],
    [7, 'LJ001-0005', wav('LJ001-0005'), 'two fields only'],
  ]);
  assert.deepEqual(where(problems), [
    'metadata.csv:4 1 \'|\'-separated fields where LJSpeech has id|text|normalized text',
    'metadata.csv:5 no clip id before the first \'|\'',
    'metadata.csv:8 4 \'|\'-separated fields where LJSpeech has id|text|normalized text',
  ]);
});

test('LJSpeech is a pipe-separated metadata.csv beside wavs/ without a file_name header', () => {
  const c = (head: string, siblings: string[]) => ({ absPath: '/d/metadata.csv', relPath: 'metadata.csv', head, siblings: new Set(siblings) });
  assert.equal(ljspeechDialect.recognize(c('LJ001-0001|a|a\n', ['wavs', 'metadata.csv'])), true);
  assert.equal(ljspeechDialect.recognize(c('LJ001-0001|a|a\n', ['metadata.csv'])), false);
  assert.equal(ljspeechDialect.recognize(c('file_name|text\n', ['wavs'])), false);
  assert.equal(ljspeechDialect.recognize(c('file_name,text\na.wav,b\n', ['wavs'])), false);
});
