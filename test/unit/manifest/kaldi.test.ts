import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { kaldiDialect, recipeRoot } from '../../../src/core/manifest/dialects/kaldi';
import { sourceOf, type ManifestEntry } from '../../../src/core/manifest/types';
import { collect, manifestTree, where } from '../../fixtures/manifestTree';

const lines = (...l: string[]) => l.join('\n') + '\n';
const at = (s: { file: string; line: number } | undefined) => (s ? `${path.basename(s.file)}:${s.line}` : undefined);
const fields = (e: ManifestEntry) => ({
  at: at(e), uttId: e.uttId, audioPath: e.audioPath, offsetSec: e.offsetSec, durationSec: e.durationSec, text: e.text,
  audioFrom: at(e.from?.audioPath), durationFrom: at(e.from?.durationSec), textFrom: at(e.from?.text),
});

// wav.scp with a BOM and CRLF endings.
test('Kaldi without segments: wav.scp lines are the entries, utt2dur and text lines are named per field', async (t) => {
  const tree = manifestTree({
    's5/data/train/wav.scp': '\ufeff' + ['rec1 wav/rec1.wav', 'rec2 /corpus/rec2.wav', 'rec3 sox x.flac -t wav - |', '', 'rec4'].join('\r\n') + '\r\n',
    's5/data/train/utt2dur': lines('rec1 1.5', 'rec1a 9', 'rec2 abc', 'rec3 2.0', 'rec9 1.0'),
    's5/data/train/text': lines('rec1 HELLO WORLD', 'rec2', 'rec4 ÜBER ALLES 你好'),
  });
  t.after(tree.dispose);
  const { entries, problems } = await collect(kaldiDialect.parse(tree.abs('s5/data/train/wav.scp')));
  assert.deepEqual(entries.map(fields), [
    { at: 'wav.scp:1', uttId: 'rec1', audioPath: tree.abs('s5/wav/rec1.wav'), offsetSec: null, durationSec: 1.5, text: 'HELLO WORLD', audioFrom: undefined, durationFrom: 'utt2dur:1', textFrom: 'text:1' },
    { at: 'wav.scp:2', uttId: 'rec2', audioPath: '/corpus/rec2.wav', offsetSec: null, durationSec: null, text: '', audioFrom: undefined, durationFrom: undefined, textFrom: 'text:2' },
    { at: 'wav.scp:3', uttId: 'rec3', audioPath: null, offsetSec: null, durationSec: 2, text: null, audioFrom: undefined, durationFrom: 'utt2dur:4', textFrom: undefined },
    { at: 'wav.scp:5', uttId: 'rec4', audioPath: null, offsetSec: null, durationSec: null, text: 'ÜBER ALLES 你好', audioFrom: undefined, durationFrom: undefined, textFrom: 'text:3' },
  ]);
  assert.deepEqual(new Set(where(problems)), new Set([
    'utt2dur:2 rec1a is in no line of wav.scp',
    'utt2dur:3 duration "abc" is not a number of seconds',
    'wav.scp:3 a piped command (sox x.flac -t wav - |): not checkable, it is never run',
    'wav.scp:5 no audio path after the recording id',
    'utt2dur:5 rec9 is in no line of wav.scp',
  ]));
  assert.equal(problems.length, 5);
  // sourceOf falls back to the entry's own line for fields no other file declared.
  assert.equal(at(sourceOf(entries[0], 'audioPath')), 'wav.scp:1');
  assert.equal(at(sourceOf(entries[0], 'durationSec')), 'utt2dur:1');
});

test('Kaldi with segments: entries at segments lines, the recording\'s wav.scp line, utt2dur against end - start', async (t) => {
  const tree = manifestTree({
    'corpus/dev/wav.scp': lines('recA /corpus/recA.wav', 'recB cat /corpus/recB.wav |', 'recD stdin.wav:1234'),
    'corpus/dev/segments': lines(
      'recA-0001 recA 0.00 1.25',
      'recA-0002 recA 1.25 -1',
      'recA-0003 recA 2.0 1.0',
      'recA-0004 recA 3.0 4.5 1',
      'recB-0001 recB 0 2',
      'recC-0001 recC 0 1',
      'recD-0001 recD zero 1',
      'recD-0002 recD',
    ),
    'corpus/dev/utt2dur': lines('recA-0001 1.30', 'recA-0002 0.75', 'recA-0004 1.505', 'recB-0001 2.0'),
  });
  t.after(tree.dispose);
  const { entries, problems } = await collect(kaldiDialect.parse(tree.abs('corpus/dev/wav.scp')));
  assert.deepEqual(entries.map(fields), [
    { at: 'segments:1', uttId: 'recA-0001', audioPath: '/corpus/recA.wav', offsetSec: 0, durationSec: 1.25, text: null, audioFrom: 'wav.scp:1', durationFrom: undefined, textFrom: undefined },
    // end -1: to the end of the recording, so the duration is utt2dur's.
    { at: 'segments:2', uttId: 'recA-0002', audioPath: '/corpus/recA.wav', offsetSec: 1.25, durationSec: 0.75, text: null, audioFrom: 'wav.scp:1', durationFrom: 'utt2dur:2', textFrom: undefined },
    // 1.505 - 1.5 = 5 ms: within the 10 ms awk rounding allows.
    { at: 'segments:4', uttId: 'recA-0004', audioPath: '/corpus/recA.wav', offsetSec: 3, durationSec: 1.5, text: null, audioFrom: 'wav.scp:1', durationFrom: undefined, textFrom: undefined },
    { at: 'segments:5', uttId: 'recB-0001', audioPath: null, offsetSec: 0, durationSec: 2, text: null, audioFrom: 'wav.scp:2', durationFrom: undefined, textFrom: undefined },
    { at: 'segments:6', uttId: 'recC-0001', audioPath: null, offsetSec: 0, durationSec: 1, text: null, audioFrom: undefined, durationFrom: undefined, textFrom: undefined },
  ]);
  assert.deepEqual(new Set(where(problems)), new Set([
    'wav.scp:2 a piped command (cat /corpus/recB.wav |): not checkable, it is never run',
    'wav.scp:3 an offset into an archive (stdin.wav:1234): not checkable',
    'utt2dur:1 utt2dur says 1.3 s where segments line 1 spans 1.25 s',
    'segments:3 end 1 is not after start 2',
    'segments:6 recording recC is in no line of wav.scp',
    'segments:7 start "zero" is not a number of seconds',
    'segments:8 2 fields where segments has seg-id rec-id start end [channel]',
  ]));
  assert.equal(problems.length, 7);
});

test('Kaldi tables out of LC_ALL=C order: a problem at the first unsorted line, and the join still holds', async (t) => {
  const tree = manifestTree({
    'data/a/wav.scp': lines('u2 /x/u2.wav', 'u1 /x/u1.wav', 'u3 /x/u3.wav'),
    'data/a/text': lines('u3 THREE', 'u1 ONE', 'u2 TWO', 'u0 NONE'),
    'data/b/wav.scp': lines('u1 /x/u1.wav', 'u2 /x/u2.wav'),
    'data/b/text': lines('u2 TWO', 'u1 ONE', 'u2 AGAIN'),
  });
  t.after(tree.dispose);
  const a = await collect(kaldiDialect.parse(tree.abs('data/a/wav.scp')));
  assert.deepEqual(a.entries.map((e) => [e.line, e.uttId, e.text, at(e.from?.text)]), [[1, 'u2', 'TWO', 'text:3'], [2, 'u1', 'ONE', 'text:2'], [3, 'u3', 'THREE', 'text:1']]);
  assert.deepEqual(new Set(where(a.problems)), new Set([
    'wav.scp:2 wav.scp is not sorted: u1 comes after u2 (Kaldi needs LC_ALL=C sort order; utils/fix_data_dir.sh sorts it)',
    'text:2 text is not sorted: u1 comes after u3 (Kaldi needs LC_ALL=C sort order; utils/fix_data_dir.sh sorts it)',
    'text:4 u0 is in no line of wav.scp',
  ]));
  assert.equal(a.problems.length, 3);
  // Sorted primary, unsorted text with a repeated key: the first line for a key wins.
  const b = await collect(kaldiDialect.parse(tree.abs('data/b/wav.scp')));
  assert.deepEqual(b.entries.map((e) => [e.uttId, e.text, at(e.from?.text)]), [['u1', 'ONE', 'text:2'], ['u2', 'TWO', 'text:1']]);
  assert.deepEqual(where(b.problems).sort(), [
    'text:2 text is not sorted: u1 comes after u2 (Kaldi needs LC_ALL=C sort order; utils/fix_data_dir.sh sorts it)',
    'text:3 a second line for u2 (the first is line 1)',
  ]);
});

test('Kaldi sorted merge: a repeated key in the primary finds the same value, in the secondary is a problem', async (t) => {
  const tree = manifestTree({
    'data/c/wav.scp': lines('u1 /x/a.wav', 'u1 /x/b.wav', 'u2 /x/c.wav'),
    'data/c/utt2dur': lines('u1 1', 'u2 2', 'u2 3'),
  });
  t.after(tree.dispose);
  const { entries, problems } = await collect(kaldiDialect.parse(tree.abs('data/c/wav.scp')));
  assert.deepEqual(entries.map((e) => [e.uttId, e.audioPath, e.durationSec, at(e.from?.durationSec)]), [
    ['u1', '/x/a.wav', 1, 'utt2dur:1'], ['u1', '/x/b.wav', 1, 'utt2dur:1'], ['u2', '/x/c.wav', 2, 'utt2dur:2'],
  ]);
  assert.deepEqual(where(problems), ['utt2dur:3 a second line for u2 (the first is line 2)']);
});

test('recipe root: the parent of the innermost data folder, else the data dir\'s parent', () => {
  assert.equal(recipeRoot('/w/egs/wsj/s5/data/train_si284'), '/w/egs/wsj/s5');
  assert.equal(recipeRoot('/w/s5/data'), '/w/s5');
  assert.equal(recipeRoot('/data/corpora/s5/data/local/dev'), '/data/corpora/s5');
  assert.equal(recipeRoot('/w/corpus/dev'), '/w/corpus');
});

test('Kaldi recognizes wav.scp whose first line is `id value`', () => {
  const c = (head: string) => ({ absPath: '/d/wav.scp', relPath: 'wav.scp', head, siblings: new Set<string>() });
  assert.equal(kaldiDialect.recognize(c('rec1 /x/rec1.wav\n')), true);
  assert.equal(kaldiDialect.recognize(c('rec1\n')), false);
  assert.equal(kaldiDialect.claimsName('wav.scp'), true);
  assert.equal(kaldiDialect.claimsName('feats.scp'), false);
});
