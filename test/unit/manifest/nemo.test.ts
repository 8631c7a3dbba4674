import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nemoDialect } from '../../../src/core/manifest/dialects/nemo';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

// A BOM, CRLF endings, a blank line, unicode text, empty text, absolute and relative paths, the old key, a string
// duration, and one of each bad line; the last line has no line break.
const MANIFEST = [
  '\ufeff{"audio_filepath": "wavs/a.wav", "duration": 1.5, "text": "héllo wörld ✓ 你好"}',
  '',
  '{"audio_filepath": "/corpus/b.wav", "offset": 0.25, "duration": 2, "text": ""}',
  '{"audio_filepath": "c.wav", "duration": 1.0, "text": "broken"',
  '{"duration": 3.0, "text": "no path"}',
  '["c.wav", 1.0]',
  '{"audio_filepath": "e.wav", "duration": -1, "offset": "x"}',
  '{"audio_filename": "../old/d.wav", "duration": "4.5"}',
].join('\r\n');

test('NeMo: entries with paths from the manifest folder, problems at their lines, parsing goes on after them', async (t) => {
  const tree = manifestTree({ 'set/train.jsonl': MANIFEST });
  t.after(tree.dispose);
  const file = tree.abs('set/train.jsonl');
  const { entries, problems } = await collect(nemoDialect.parse(file));
  assert.deepEqual(entries.map((e) => [e.line, e.audioPath, e.offsetSec, e.durationSec, e.text]), [
    [1, tree.abs('set/wavs/a.wav'), null, 1.5, 'héllo wörld ✓ 你好'],
    [3, '/corpus/b.wav', 0.25, 2, ''],
    [5, null, null, 3, 'no path'],
    [7, tree.abs('set/e.wav'), null, null, null],
    [8, tree.abs('old/d.wav'), null, 4.5, null],
  ]);
  assert.ok(entries.every((e) => e.file === file && e.uttId === null));
  assert.equal(problems.length, 5);
  assert.match(where(problems)[0], /^train\.jsonl:4 not valid JSON/);
  assert.deepEqual(where(problems).slice(1), [
    'train.jsonl:5 no audio_filepath key',
    'train.jsonl:6 not a JSON object',
    'train.jsonl:7 duration -1 is negative',
    'train.jsonl:7 offset "x" is not a number of seconds',
  ]);
});

test('NeMo recognizes JSON lines with audio_filepath, even after a bad first line, and nothing else', () => {
  const c = (relPath: string, head: string) => ({ absPath: `/d/${relPath}`, relPath, head, siblings: new Set<string>() });
  assert.equal(nemoDialect.recognize(c('m.json', '{"audio_filepath": "a.wav"}\n')), true);
  assert.equal(nemoDialect.recognize(c('m.jsonl', '{oops\n{"audio_filename": "a.wav"}\n')), true);
  assert.equal(nemoDialect.recognize(c('package.json', '{\n  "name": "x"\n}\n')), false);
  assert.equal(nemoDialect.recognize(c('m.jsonl', '{"file_name": "a.wav"}\n')), false);
  assert.equal(nemoDialect.claimsName('train_manifest.json'), true);
  assert.equal(nemoDialect.claimsName('train.csv'), false);
});
