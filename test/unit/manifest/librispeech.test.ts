import { test } from 'node:test';
import assert from 'node:assert/strict';
import { librispeechDialect } from '../../../src/core/manifest/dialects/librispeech';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

test('LibriSpeech: <utt-id>.flac beside the transcript, a BOM, CRLF, blank and id-only lines, unicode', async (t) => {
  const rel = 'LibriSpeech/train-clean-100/103/1240/103-1240.trans.txt';
  const tree = manifestTree({
    [rel]: '\ufeff' + [
      '103-1240-0000 CHAPTER ONE MISSUS RACHEL LYNDE IS SURPRISED',
      '',
      '103-1240-0001',
      ' 103-1240-0002 A LINE THAT STARTS WITH A SPACE',
      '103-1240-0003 ÇA VA  ',
    ].join('\r\n'),
  });
  t.after(tree.dispose);
  const { entries, problems } = await collect(librispeechDialect.parse(tree.abs(rel)));
  const flac = (id: string) => tree.abs(`LibriSpeech/train-clean-100/103/1240/${id}.flac`);
  assert.deepEqual(entries.map((e) => [e.line, e.uttId, e.audioPath, e.text]), [
    [1, '103-1240-0000', flac('103-1240-0000'), 'CHAPTER ONE MISSUS RACHEL LYNDE IS SURPRISED'],
    [3, '103-1240-0001', flac('103-1240-0001'), ''],
    [5, '103-1240-0003', flac('103-1240-0003'), 'ÇA VA'],
  ]);
  assert.deepEqual(where(problems), ['103-1240.trans.txt:4 the line starts with a space where the utterance id belongs']);
});

test('LibriSpeech claims S-C.trans.txt only', () => {
  assert.equal(librispeechDialect.claimsName('103-1240.trans.txt'), true);
  assert.equal(librispeechDialect.claimsName('notes.txt'), false);
  assert.equal(librispeechDialect.claimsName('a-b-c.trans.txt'), false);
});
