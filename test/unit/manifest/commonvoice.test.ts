import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonVoiceDialect } from '../../../src/core/manifest/dialects/commonvoice';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

const HEADER = 'client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccents\tlocale\tsegment';
const row = (clip: string, sentence: string) => `c0ffee\t${clip}\t${sentence}\t2\t0\t\t\t\ten\t`;

test('Common Voice: clips/<path> beside the TSV, the header is line 1, problems at their lines', async (t) => {
  const tsv = '\ufeff' + [
    HEADER,
    row('common_voice_en_1.mp3', 'He said "hi" — “twice”.'),
    '',
    row('common_voice_en_2.mp3', ''),
    row('', 'No clip here'),
    'c0ffee',
    row('common_voice_de_3.mp3', 'Grüße aus Köln'),
  ].join('\r\n') + '\r\n';
  const tree = manifestTree({ 'cv-corpus/en/train.tsv': tsv });
  t.after(tree.dispose);
  const { entries, problems } = await collect(commonVoiceDialect.parse(tree.abs('cv-corpus/en/train.tsv')));
  const clip = (name: string) => tree.abs(`cv-corpus/en/clips/${name}`);
  assert.deepEqual(entries.map((e) => [e.line, e.uttId, e.audioPath, e.text]), [
    [2, 'common_voice_en_1', clip('common_voice_en_1.mp3'), 'He said "hi" — “twice”.'],
    [4, 'common_voice_en_2', clip('common_voice_en_2.mp3'), ''],
    [5, null, null, 'No clip here'],
    [6, null, null, null],
    [7, 'common_voice_de_3', clip('common_voice_de_3.mp3'), 'Grüße aus Köln'],
  ]);
  assert.deepEqual(where(problems), ['train.tsv:5 empty path', 'train.tsv:6 1 fields: the row ends before the path column']);
});

test('Common Voice is a TSV whose header holds path and sentence', () => {
  const c = (head: string) => ({ absPath: '/d/x.tsv', relPath: 'x.tsv', head, siblings: new Set<string>() });
  assert.equal(commonVoiceDialect.recognize(c(`${HEADER}\n`)), true);
  assert.equal(commonVoiceDialect.recognize(c('path\tduration[ms]\n')), false); // clip_durations.tsv
  assert.equal(commonVoiceDialect.recognize(c('path,sentence\n')), false);
});
