// filterManifest on hand-written manifests of each line dialect: the kept bytes, the re-parsed entries, dropped.csv,
// --fix-durations, and the refusals. Every expected text below is written out by hand from the input lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { FilterError, filterManifest } from '../../../src/core/manifest/filter';
import { nemoDialect } from '../../../src/core/manifest/dialects/nemo';
import { ljspeechDialect } from '../../../src/core/manifest/dialects/ljspeech';
import { commonVoiceDialect } from '../../../src/core/manifest/dialects/commonvoice';
import { librispeechDialect } from '../../../src/core/manifest/dialects/librispeech';
import { audioFolderDialect } from '../../../src/core/manifest/dialects/audiofolder';
import { collect, manifestTree, type ManifestTree } from '../../fixtures/manifestTree';
import { reportOf } from '../../fixtures/filterReport';

const BOM = '\ufeff';
const NEMO = [
  '{"audio_filepath": "wavs/a.wav", "duration": 1.0, "text": "ä one"}',
  '{"audio_filepath": "wavs/b.wav", "duration": 2.0, "text": "two"}',
  '',
  '{"audio_filepath": "wavs/c.wav", "duration": 0.5, "text": "three"}',
  'not json',
  '{"audio_filepath": "/abs/d.wav", "duration": 3, "text": "four", "offset": 1}',
];

function nemoTree(): ManifestTree {
  // A BOM, CRLF line breaks and no break after the last line: all three must survive.
  return manifestTree({ 'corpus/train.jsonl': BOM + NEMO.join('\r\n'), 'corpus/wavs/': '' });
}

function nemoReport(root: string) {
  return reportOf(root, [
    { path: 'corpus/wavs/a.wav', frames: 12345, sampleRate: 16000 },
    { path: 'corpus/wavs/b.wav', hits: [['clipping', 'error']] },
    { path: 'corpus/wavs/c.wav', frames: 16000, sampleRate: 16000, hits: [['dc-offset', 'warning']] },
  ], [
    { manifest: 'corpus/train.jsonl', line: 4, hit: ['manifest-duration-mismatch', 'warning'] },
    { manifest: 'corpus/train.jsonl', line: 5, hit: ['manifest-bad-line', 'error'] },
  ]);
}

const read = (p: string) => readFileSync(p, 'utf8');

test('NeMo: errors drop their lines, every other byte stays (BOM, CRLF, blank line, no final break)', async (t) => {
  const tree = nemoTree();
  t.after(tree.dispose);
  const input = read(tree.abs('corpus/train.jsonl'));
  const r = await filterManifest({ manifestPath: tree.abs('corpus/train.jsonl'), outPath: tree.abs('corpus/train.clean.jsonl'), report: nemoReport(tree.root), root: tree.root });
  assert.equal(read(tree.abs('corpus/train.clean.jsonl')), BOM + [NEMO[0], NEMO[2], NEMO[3], NEMO[5]].join('\r\n'));
  assert.deepEqual([r.kept, r.dropped], [3, 2]);
  assert.equal(r.droppedCsvPath, tree.abs('corpus/dropped.csv'));
  assert.equal(read(r.droppedCsvPath), [
    'manifest,line,audio,rules,messages',
    'corpus/train.jsonl,2,corpus/wavs/b.wav,clipping,clipping on corpus/wavs/b.wav.',
    'corpus/train.jsonl,5,,manifest-bad-line,manifest-bad-line on line 5.',
  ].join('\r\n') + '\r\n');
  const { entries, problems } = await collect(nemoDialect.parse(tree.abs('corpus/train.clean.jsonl')));
  assert.deepEqual(entries.map((e) => e.audioPath), [tree.abs('corpus/wavs/a.wav'), tree.abs('corpus/wavs/c.wav'), '/abs/d.wav']);
  assert.deepEqual(entries.map((e) => e.line), [1, 3, 4]);
  assert.equal(problems.length, 0);
  assert.equal(read(tree.abs('corpus/train.jsonl')), input, 'the input is unchanged');
});

test('NeMo: --drop-severity warning also drops warnings; drop-severity none with --drop-rules drops only those rules', async (t) => {
  const tree = nemoTree();
  t.after(tree.dispose);
  const report = nemoReport(tree.root);
  const base = { manifestPath: tree.abs('corpus/train.jsonl'), report, root: tree.root };
  const w = await filterManifest({ ...base, outPath: tree.abs('w/train.jsonl'), dropSeverity: 'warning' });
  assert.equal(w.kept, 2);
  assert.equal(read(w.droppedCsvPath).split('\r\n')[2], 'corpus/train.jsonl,4,corpus/wavs/c.wav,manifest-duration-mismatch;dc-offset,manifest-duration-mismatch on line 4. dc-offset on corpus/wavs/c.wav.');
  const wEntries = (await collect(nemoDialect.parse(tree.abs('w/train.jsonl')))).entries;
  assert.deepEqual(wEntries.map((e) => e.audioPath), [tree.abs('corpus/wavs/a.wav'), '/abs/d.wav']);

  const rules = await filterManifest({ ...base, outPath: tree.abs('r/train.jsonl'), dropSeverity: 'none', dropRules: ['dc-offset'] });
  assert.deepEqual([rules.kept, rules.dropped], [3, 1]);
  // In another folder the relative paths are rewritten to reach the same files; the bad line 5 is kept as written.
  assert.equal(read(tree.abs('r/train.jsonl')), BOM + [
    '{"audio_filepath": "../corpus/wavs/a.wav", "duration": 1.0, "text": "ä one"}',
    '{"audio_filepath": "../corpus/wavs/b.wav", "duration": 2.0, "text": "two"}',
    '',
    'not json',
    NEMO[5],
  ].join('\r\n'));
});

test('NeMo --fix-durations: decoded frames / rate replace the declared value, only where they differ; offsets stay', async (t) => {
  const tree = nemoTree();
  t.after(tree.dispose);
  const r = await filterManifest({
    manifestPath: tree.abs('corpus/train.jsonl'), outPath: tree.abs('out/nested/train.jsonl'), report: nemoReport(tree.root), root: tree.root,
    dropSeverity: 'none', fixDurations: true,
  });
  assert.equal(r.kept, 4);
  // a.wav: 12345 / 16000 = 0.7715625 s; c.wav: 16000 / 16000 = 1 s; b.wav: no frames given -> 16000 / 16000 = 1 s.
  assert.equal(read(tree.abs('out/nested/train.jsonl')), BOM + [
    '{"audio_filepath": "../../corpus/wavs/a.wav", "duration": 0.7715625, "text": "ä one"}',
    '{"audio_filepath": "../../corpus/wavs/b.wav", "duration": 1, "text": "two"}',
    '',
    '{"audio_filepath": "../../corpus/wavs/c.wav", "duration": 1, "text": "three"}',
    'not json',
    NEMO[5],
  ].join('\r\n'));
  const { entries } = await collect(nemoDialect.parse(tree.abs('out/nested/train.jsonl')));
  assert.deepEqual(entries.map((e) => [e.audioPath, e.durationSec]), [
    [tree.abs('corpus/wavs/a.wav'), 12345 / 16000], [tree.abs('corpus/wavs/b.wav'), 1], [tree.abs('corpus/wavs/c.wav'), 1], ['/abs/d.wav', 3],
  ]);
});

test('refuses to write over the input or an existing file; --force replaces the file, never the input', async (t) => {
  const tree = nemoTree();
  t.after(tree.dispose);
  const input = read(tree.abs('corpus/train.jsonl'));
  const base = { manifestPath: tree.abs('corpus/train.jsonl'), report: nemoReport(tree.root), root: tree.root };
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('corpus/train.jsonl') }), (e: Error) => e instanceof FilterError && /is the input/.test(e.message));
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('corpus/../corpus/train.jsonl'), force: true }), FilterError);
  assert.equal(read(tree.abs('corpus/train.jsonl')), input);

  writeFileSync(tree.abs('corpus/old.jsonl'), 'old\n');
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('corpus/old.jsonl') }), (e: Error) => e instanceof FilterError && /exists/.test(e.message));
  assert.equal(read(tree.abs('corpus/old.jsonl')), 'old\n');
  assert.equal(existsSync(tree.abs('corpus/dropped.csv')), false, 'nothing is written after a refusal');
  await filterManifest({ ...base, outPath: tree.abs('corpus/old.jsonl'), force: true });
  assert.equal(read(tree.abs('corpus/old.jsonl')), BOM + [NEMO[0], NEMO[2], NEMO[3], NEMO[5]].join('\r\n'));
  // dropped.csv exists now: a second output beside it is refused without --force.
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('corpus/new.jsonl') }), (e: Error) => /dropped\.csv: it exists/.test(e.message));
  await assert.rejects(filterManifest({ ...base, outPath: tree.abs('x.jsonl'), dropRules: ['clipings'] }), /no rule named "clipings"/);
  // No temporary file is left behind by any of it.
  assert.deepEqual(readdirSync(tree.abs('corpus')).filter((n) => n.endsWith('.tmp')), []);
});

test('a cancelled filter writes nothing', async (t) => {
  const tree = nemoTree();
  t.after(tree.dispose);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(filterManifest({ manifestPath: tree.abs('corpus/train.jsonl'), outPath: tree.abs('corpus/x.jsonl'), report: nemoReport(tree.root), root: tree.root }, controller.signal));
  assert.deepEqual(readdirSync(tree.abs('corpus')).sort(), ['train.jsonl', 'wavs']);
});

test('LJSpeech: lines of dropped clips go, the rest byte for byte; another folder is warned about', async (t) => {
  const lines = ['LJ001-0001|Printing, "in"|Printing, in', 'LJ001-0002|Two|Two', 'LJ001-0003|Three|Three', 'LJ001-0004|Four|Four'];
  const tree = manifestTree({ 'LJ/metadata.csv': lines.join('\n') + '\n', 'LJ/wavs/': '' });
  t.after(tree.dispose);
  const report = reportOf(tree.root, [
    { path: 'LJ/wavs/LJ001-0001.wav' }, { path: 'LJ/wavs/LJ001-0002.wav', hits: [['non-finite', 'error']] },
    { path: 'LJ/wavs/LJ001-0003.wav' }, { path: 'LJ/wavs/LJ001-0004.wav', hits: [['near-silent', 'warning']] },
  ]);
  const r = await filterManifest({ manifestPath: tree.abs('LJ/metadata.csv'), outPath: tree.abs('LJ/metadata.clean.csv'), report, root: tree.root, dropRules: ['near-silent'] });
  assert.deepEqual([r.kept, r.dropped, r.warnings], [2, 2, []]);
  assert.equal(read(tree.abs('LJ/metadata.clean.csv')), `${lines[0]}\n${lines[2]}\n`);
  const { entries } = await collect(ljspeechDialect.parse(tree.abs('LJ/metadata.clean.csv')));
  assert.deepEqual(entries.map((e) => e.uttId), ['LJ001-0001', 'LJ001-0003']);
  const away = await filterManifest({ manifestPath: tree.abs('LJ/metadata.csv'), outPath: tree.abs('elsewhere/metadata.csv'), report, root: tree.root, droppedCsvPath: null });
  assert.equal(away.droppedCsvPath, '');
  assert.match(away.warnings[0], /wavs\/<id>\.wav beside metadata\.csv/);
});

test('Common Voice: the header stays, dropped rows go (file and line findings)', async (t) => {
  const rows = ['client_id\tpath\tsentence\tup_votes', 'c1\ta.mp3\tOne "quoted".\t2', 'c2\tb.mp3\tTwo.\t1', 'c3\tc.mp3\tThree.\t0', 'c4\td.mp3\tFour.\t5'];
  const tree = manifestTree({ 'cv/train.tsv': rows.join('\r\n') + '\r\n', 'cv/clips/': '' });
  t.after(tree.dispose);
  const report = reportOf(tree.root, [{ path: 'cv/clips/b.mp3', hits: [['unreadable', 'error']] }], [
    { manifest: 'cv/train.tsv', line: 4, hit: ['split-leakage', 'error'] },
  ], 'commonvoice');
  const r = await filterManifest({ manifestPath: tree.abs('cv/train.tsv'), outPath: tree.abs('cv/train.clean.tsv'), report, root: tree.root });
  assert.deepEqual([r.kept, r.dropped], [2, 2]);
  assert.equal(read(tree.abs('cv/train.clean.tsv')), [rows[0], rows[1], rows[4]].join('\r\n') + '\r\n');
  const { entries } = await collect(commonVoiceDialect.parse(tree.abs('cv/train.clean.tsv')));
  assert.deepEqual(entries.map((e) => [e.uttId, e.text]), [['a', 'One "quoted".'], ['d', 'Four.']]);
  assert.equal(read(r.droppedCsvPath).split('\r\n')[2], 'cv/train.tsv,4,cv/clips/c.mp3,split-leakage,split-leakage on line 4.');
});

test('LibriSpeech: transcript lines of dropped utterances go', async (t) => {
  const lines = ['19-198-0000 NORTHANGER ABBEY', '19-198-0001 THIS LITTLE WORK', '19-198-0002 WAS FINISHED'];
  const tree = manifestTree({ 'ls/19/198/19-198.trans.txt': lines.join('\n') + '\n' });
  t.after(tree.dispose);
  const report = reportOf(tree.root, [{ path: 'ls/19/198/19-198-0001.flac', hits: [['truncated', 'warning']] }]);
  const r = await filterManifest({ manifestPath: tree.abs('ls/19/198/19-198.trans.txt'), outPath: tree.abs('ls/19/198/19-198.clean.trans.txt'), report, root: tree.root, dropSeverity: 'warning' });
  assert.equal(read(tree.abs('ls/19/198/19-198.clean.trans.txt')), `${lines[0]}\n${lines[2]}\n`);
  const { entries } = await collect(librispeechDialect.parse(tree.abs('ls/19/198/19-198.clean.trans.txt')));
  assert.deepEqual(entries.map((e) => e.uttId), ['19-198-0000', '19-198-0002']);
  assert.equal(r.kept, 2);
});

test('audiofolder metadata.csv: a multi-line record goes whole; --fix-durations rewrites only records whose duration differs', async (t) => {
  const csv = ['file_name,transcription,duration', 'a.wav,"hello, world",1.5', 'b.wav,"multi', 'line ""quoted""",2', 'c.wav,plain,0.25'];
  const tree = manifestTree({ 'af/metadata.csv': csv.join('\n') + '\n' });
  t.after(tree.dispose);
  const files = [{ path: 'af/a.wav', frames: 24000 }, { path: 'af/b.wav', frames: 40000 }, { path: 'af/c.wav', frames: 8000 }];
  const dropB = reportOf(tree.root, files.map((f) => (f.path === 'af/b.wav' ? { ...f, hits: [['empty', 'error']] as const } : f)), [], 'audiofolder');
  const r = await filterManifest({ manifestPath: tree.abs('af/metadata.csv'), outPath: tree.abs('af/clean/metadata.csv'), report: dropB, root: tree.root, fixDurations: true });
  // a: 24000 / 16000 = 1.5 (as declared: the record is copied); c: 8000 / 16000 = 0.5; file_name now ../x.wav.
  assert.equal(read(tree.abs('af/clean/metadata.csv')), ['file_name,transcription,duration', '../a.wav,"hello, world",1.5', '../c.wav,plain,0.5'].join('\n') + '\n');
  assert.deepEqual([r.kept, r.dropped], [2, 1]);
  const parsed = await collect(audioFolderDialect.parse(tree.abs('af/clean/metadata.csv')));
  assert.deepEqual(parsed.entries.map((e) => [e.audioPath, e.text, e.durationSec]), [[tree.abs('af/a.wav'), 'hello, world', 1.5], [tree.abs('af/c.wav'), 'plain', 0.5]]);

  const dropC = reportOf(tree.root, files.map((f) => (f.path === 'af/c.wav' ? { ...f, hits: [['empty', 'error']] as const } : f)), [], 'audiofolder');
  await filterManifest({ manifestPath: tree.abs('af/metadata.csv'), outPath: tree.abs('af/metadata.clean.csv'), report: dropC, root: tree.root, fixDurations: true, droppedCsvPath: tree.abs('af/d.csv') });
  // b: 40000 / 16000 = 2.5; its quoted line break and doubled quotes are written again as RFC 4180 wants.
  assert.equal(read(tree.abs('af/metadata.clean.csv')), ['file_name,transcription,duration', 'a.wav,"hello, world",1.5', 'b.wav,"multi', 'line ""quoted""",2.5'].join('\n') + '\n');
  const again = await collect(audioFolderDialect.parse(tree.abs('af/metadata.clean.csv')));
  assert.deepEqual(again.entries.map((e) => [e.line, e.text, e.durationSec]), [[2, 'hello, world', 1.5], [3, 'multi\nline "quoted"', 2.5]]);
});

test('audiofolder metadata.jsonl: dropped lines go, file_name follows the output folder', async (t) => {
  const lines = ['{"file_name": "x/1.wav", "text": "one"}', '{"file_name": "x/2.wav", "text": "two"}'];
  const tree = manifestTree({ 'hf/metadata.jsonl': lines.join('\n') + '\n' });
  t.after(tree.dispose);
  const report = reportOf(tree.root, [{ path: 'hf/x/1.wav', hits: [['constant-signal', 'error']] }], [], 'audiofolder');
  await filterManifest({ manifestPath: tree.abs('hf/metadata.jsonl'), outPath: tree.abs('hf2/metadata.jsonl'), report, root: tree.root });
  assert.equal(read(tree.abs('hf2/metadata.jsonl')), '{"file_name": "../hf/x/2.wav", "text": "two"}\n');
  const { entries } = await collect(audioFolderDialect.parse(tree.abs('hf2/metadata.jsonl')));
  assert.deepEqual(entries.map((e) => e.audioPath), [tree.abs('hf/x/2.wav')]);
});
