// filterManifest on Kaldi data dirs: every table filtered by the same utterances, recordings and speakers; kept
// lines byte for byte; utt2dur from the decoded audio with --fix-durations. Expected tables written out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FilterError, filterManifest } from '../../../src/core/manifest/filter';
import { kaldiDialect } from '../../../src/core/manifest/dialects/kaldi';
import { collect, manifestTree } from '../../fixtures/manifestTree';
import { reportOf } from '../../fixtures/filterReport';

const lines = (...l: string[]) => l.join('\n') + '\n';
const read = (p: string) => readFileSync(p, 'utf8');

function segmentedDir() {
  return manifestTree({
    's5/data/train/wav.scp': lines('rec1 wav/rec1.wav', 'rec2 wav/rec2.wav', 'rec3 wav/rec3.wav'),
    's5/data/train/segments': lines('rec1-a rec1 0.0 1.0', 'rec1-b rec1 1.0 2.5', 'rec2-a rec2 0.0 1.0', 'rec3-a rec3 0.5 -1'),
    's5/data/train/text': lines('rec1-a ONE', 'rec1-b', 'rec2-a THREE', 'rec3-a FOUR'),
    's5/data/train/utt2spk': lines('rec1-a spkA', 'rec1-b spkA', 'rec2-a spkB', 'rec3-a spkC'),
    's5/data/train/spk2utt': lines('spkA rec1-a rec1-b', 'spkB rec2-a', 'spkC rec3-a'),
    's5/data/train/spk2gender': lines('spkA f', 'spkB m', 'spkC f'),
    's5/data/train/utt2dur': lines('rec1-a 1.0', 'rec1-b 1.5', 'rec2-a 1.0', 'rec3-a 1.75'),
    's5/data/train/frame_shift': '0.01\n',
    's5/data/train/split2/': '',
  });
}

test('Kaldi with segments: a clipped recording and an empty transcript leave every table consistently', async (t) => {
  const tree = segmentedDir();
  t.after(tree.dispose);
  const report = reportOf(tree.root, [
    { path: 's5/wav/rec1.wav', frames: 48000 },
    { path: 's5/wav/rec2.wav', hits: [['clipping', 'error']] },
    { path: 's5/wav/rec3.wav', frames: 40000 },
  ], [{ manifest: 's5/data/train/text', line: 2, hit: ['manifest-empty-text', 'warning'] }], 'kaldi');
  const r = await filterManifest({
    manifestPath: tree.abs('s5/data/train'), outPath: tree.abs('s5/data/train_clean'), report, root: tree.root,
    dropRules: ['manifest-empty-text'], fixDurations: true,
  });
  assert.deepEqual([r.kept, r.dropped], [2, 2]);
  const out = (name: string) => read(tree.abs(`s5/data/train_clean/${name}`));
  assert.deepEqual(readdirSync(tree.abs('s5/data/train_clean')).sort(), ['frame_shift', 'segments', 'spk2gender', 'spk2utt', 'text', 'utt2dur', 'utt2spk', 'wav.scp']);
  assert.equal(out('wav.scp'), lines('rec1 wav/rec1.wav', 'rec3 wav/rec3.wav'));
  assert.equal(out('segments'), lines('rec1-a rec1 0.0 1.0', 'rec3-a rec3 0.5 -1'));
  assert.equal(out('text'), lines('rec1-a ONE', 'rec3-a FOUR'));
  assert.equal(out('utt2spk'), lines('rec1-a spkA', 'rec3-a spkC'));
  assert.equal(out('spk2utt'), lines('spkA rec1-a', 'spkC rec3-a'));
  assert.equal(out('spk2gender'), lines('spkA f', 'spkC f'));
  // rec1-a spans 1.0 - 0.0 = 1 s (as declared: copied); rec3-a runs to the end: 40000 / 16000 - 0.5 = 2 s.
  assert.equal(out('utt2dur'), lines('rec1-a 1.0', 'rec3-a 2'));
  assert.equal(out('frame_shift'), '0.01\n');
  assert.equal(read(r.droppedCsvPath), [
    'manifest,line,audio,rules,messages',
    's5/data/train/segments,2,s5/wav/rec1.wav,manifest-empty-text,manifest-empty-text on line 2.',
    's5/data/train/segments,3,s5/wav/rec2.wav,clipping,clipping on s5/wav/rec2.wav.',
  ].join('\r\n') + '\r\n');
  assert.equal(r.droppedCsvPath, tree.abs('s5/data/dropped.csv'));
  assert.match(r.warnings[0], /split2: a sub-folder/);
  const { entries, problems } = await collect(kaldiDialect.parse(tree.abs('s5/data/train_clean/wav.scp')));
  assert.deepEqual(entries.map((e) => [e.uttId, e.audioPath, e.offsetSec, e.durationSec, e.text]), [
    ['rec1-a', tree.abs('s5/wav/rec1.wav'), 0, 1, 'ONE'],
    ['rec3-a', tree.abs('s5/wav/rec3.wav'), 0.5, 2, 'FOUR'],
  ]);
  assert.deepEqual(problems, []);
});

test('Kaldi without segments: --fix-durations writes a utt2dur; relative wav.scp paths follow a new recipe root', async (t) => {
  const tree = manifestTree({
    'k2/data/dev/wav.scp': lines('u1 w/u1.wav', 'u2 w/u2.wav', 'u3 /abs/u3.wav', 'u4 sox w/u4.wav -t wav - |'),
    'k2/data/dev/text': lines('u1 A', 'u2 B', 'u3 C', 'u4 D'),
  });
  t.after(tree.dispose);
  const u3 = path.relative(tree.root, '/abs/u3.wav').split(path.sep).join('/'); // how the report names audio outside the root
  const files = [
    { path: 'k2/w/u1.wav', frames: 8000 }, { path: 'k2/w/u2.wav', frames: 12000, hits: [['truncated', 'warning']] as const }, { path: u3, frames: 4000 },
  ];
  const report = reportOf(tree.root, files, [{ manifest: 'k2/data/dev/wav.scp', line: 4, hit: ['manifest-bad-line', 'error'] }], 'kaldi');
  const r = await filterManifest({
    manifestPath: tree.abs('k2/data/dev/wav.scp'), outPath: tree.abs('elsewhere/data/dev'), report, root: tree.root, fixDurations: true,
  });
  assert.deepEqual([r.kept, r.dropped], [3, 1]);
  // From elsewhere/ (the new recipe root) k2/w/u1.wav is ../k2/w/u1.wav; the absolute path stays.
  assert.equal(read(tree.abs('elsewhere/data/dev/wav.scp')), lines('u1 ../k2/w/u1.wav', 'u2 ../k2/w/u2.wav', 'u3 /abs/u3.wav'));
  assert.equal(read(tree.abs('elsewhere/data/dev/text')), lines('u1 A', 'u2 B', 'u3 C'));
  // 8000 / 16000 = 0.5 s, 12000 / 16000 = 0.75 s, 4000 / 16000 = 0.25 s.
  assert.equal(read(tree.abs('elsewhere/data/dev/utt2dur')), lines('u1 0.5', 'u2 0.75', 'u3 0.25'));
  assert.deepEqual(r.warnings, []);
  const { entries } = await collect(kaldiDialect.parse(tree.abs('elsewhere/data/dev/wav.scp')));
  assert.deepEqual(entries.map((e) => [e.uttId, e.audioPath, e.durationSec]), [
    ['u1', tree.abs('k2/w/u1.wav'), 0.5], ['u2', tree.abs('k2/w/u2.wav'), 0.75], ['u3', '/abs/u3.wav', 0.25],
  ]);

  // u3 not in the report, and u4's piped command (no line finding in this report, so kept) has no audio to decode:
  // an incomplete utt2dur would fail validate_data_dir.sh, so none is written.
  const partial = reportOf(tree.root, files.slice(0, 2), [], 'kaldi');
  const p = await filterManifest({ manifestPath: tree.abs('k2/data/dev'), outPath: tree.abs('other/data/dev'), report: partial, root: tree.root, fixDurations: true, droppedCsvPath: null });
  assert.equal(existsSync(tree.abs('other/data/dev/utt2dur')), false);
  assert.deepEqual(p.warnings, [
    '1 kept entry names audio the report does not cover (missing, or outside the audit): nothing is known against it',
    '2 kept utterance(s) have no decoded duration: an existing utt2dur keeps their declared values; none is created',
  ]);
});

test('Kaldi: the input dir is refused; an existing dir only with --force, and its stale tables go', async (t) => {
  const tree = segmentedDir();
  t.after(tree.dispose);
  const report = reportOf(tree.root, [{ path: 's5/wav/rec2.wav', hits: [['clipping', 'error']] }], [], 'kaldi');
  const base = { manifestPath: tree.abs('s5/data/train/wav.scp'), report, root: tree.root };
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('s5/data/train'), force: true }), (e: Error) => e instanceof FilterError && /is the input/.test(e.message));
  mkdirSync(tree.abs('s5/data/old'));
  writeFileSync(tree.abs('s5/data/old/utt2num_frames'), 'x 1\n');
  writeFileSync(tree.abs('s5/data/old/notes.txt'), 'mine\n');
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('s5/data/old') }), /exists \(pass --force/);
  // Not a data dir (no wav.scp) and not empty: even --force does not write tables into it.
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('s5/data/old'), force: true }), /holds files and no wav\.scp/);
  writeFileSync(tree.abs('s5/data/old/wav.scp'), 'stale 1\n');
  await filterManifest({ ...base, outPath: tree.abs('s5/data/old'), force: true });
  assert.equal(read(tree.abs('s5/data/old/wav.scp')), lines('rec1 wav/rec1.wav', 'rec3 wav/rec3.wav'));
  assert.equal(existsSync(tree.abs('s5/data/old/utt2num_frames')), false, 'a table the input has not would not match the others');
  assert.equal(read(tree.abs('s5/data/old/notes.txt')), 'mine\n');
  assert.equal(read(tree.abs('s5/data/train/wav.scp')), lines('rec1 wav/rec1.wav', 'rec2 wav/rec2.wav', 'rec3 wav/rec3.wav'));
});
