import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audioFolderDialect } from '../../../src/core/manifest/dialects/audiofolder';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

test('AudioFolder CSV: RFC 4180 quoting, a record across lines at its first line, problems at their lines', async (t) => {
  const csv = '\ufeff' + [
    'file_name,transcription,duration',
    'a.wav,"hello, world",1.5',
    '"clips/b.wav","she said ""hi""",2',
    'c.wav,"line one', // a record over two physical lines: line 4
    'line two — ✓",3',
    '',
    ',no file,1',
    'd.wav,x,1,extra',
    'e.wav,,abc',
    'f.wav,"never closed',
    'g.wav,hidden inside the open quote,1',
  ].join('\r\n') + '\r\n';
  const tree = manifestTree({ 'hf/train/metadata.csv': csv });
  t.after(tree.dispose);
  const { entries, problems } = await collect(audioFolderDialect.parse(tree.abs('hf/train/metadata.csv')));
  const audio = (name: string) => tree.abs(`hf/train/${name}`);
  assert.deepEqual(entries.map((e) => [e.line, e.audioPath, e.durationSec, e.text]), [
    [2, audio('a.wav'), 1.5, 'hello, world'],
    [3, audio('clips/b.wav'), 2, 'she said "hi"'],
    [4, audio('c.wav'), 3, 'line one\nline two — ✓'],
    [7, null, 1, 'no file'],
    [9, audio('e.wav'), null, ''],
  ]);
  assert.deepEqual(where(problems), [
    'metadata.csv:7 no file_name value',
    'metadata.csv:8 4 fields where the header has 3',
    'metadata.csv:9 duration "abc" is not a number of seconds',
    'metadata.csv:10 a quoted field opened on this line never closes',
  ]);
});

test('AudioFolder JSON lines: file_name relative to the metadata file', async (t) => {
  const jsonl = [
    '{"file_name": "a.flac", "text": "première"}',
    '{"file_name": "../up/b.flac", "transcription": "", "duration": 0.5}',
    '{"text": "no file"}',
    'not json',
  ].join('\n');
  const tree = manifestTree({ 'hf/metadata.jsonl': jsonl });
  t.after(tree.dispose);
  const { entries, problems } = await collect(audioFolderDialect.parse(tree.abs('hf/metadata.jsonl')));
  assert.deepEqual(entries.map((e) => [e.line, e.audioPath, e.durationSec, e.text]), [
    [1, tree.abs('hf/a.flac'), null, 'première'],
    [2, tree.abs('up/b.flac'), 0.5, ''],
    [3, null, null, 'no file'],
  ]);
  assert.equal(problems.length, 2);
  assert.equal(where(problems)[0], 'metadata.jsonl:3 no file_name value');
  assert.match(where(problems)[1], /^metadata\.jsonl:4 not valid JSON/);
});

test('AudioFolder is a metadata.csv with a file_name header column, or a metadata.jsonl with file_name', () => {
  const c = (relPath: string, head: string) => ({ absPath: `/d/${relPath}`, relPath, head, siblings: new Set(['wavs']) });
  assert.equal(audioFolderDialect.recognize(c('metadata.csv', 'file_name,text\n')), true);
  assert.equal(audioFolderDialect.recognize(c('metadata.csv', '"file_name","text"\n')), true);
  assert.equal(audioFolderDialect.recognize(c('metadata.csv', 'LJ001-0001|a|a\n')), false);
  assert.equal(audioFolderDialect.recognize(c('metadata.jsonl', '{"file_name": "a.wav"}\n')), true);
  assert.equal(audioFolderDialect.recognize(c('metadata.jsonl', '{"audio_filepath": "a.wav"}\n')), false);
});
