import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverAudio, discoverMany, commonDirectory, discoveryOptions } from '../../src/core/discovery';
import { compileGlob, makePathFilter } from '../../src/core/glob';

function tree(files: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'audit-discovery-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), 'x');
  }
  return root;
}

const rel = async (root: string, include: string[] = [], exclude: string[] = []): Promise<string[]> =>
  (await discoverAudio(root, { include, exclude })).map((t) => t.relPath);

test('finds every bundled format\'s extension in any case, recursively, sorted, and nothing else', async (t) => {
  const root = tree(['b/Take1.WAV', 'a.wav', 'b/c/d.Wave', 'notes.txt', 'x.wav.bak', 'b/song.mp3', 'e.FLAC', 'f.ogg', 'g.oga',
    'h.opus', 'i.aif', 'j.AIFF', 'k.aifc', 'l.m4a', 'm.flac.txt']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // Code-unit order: upper-case names sort before lower-case ones.
  assert.deepEqual(await rel(root), ['a.wav', 'b/Take1.WAV', 'b/c/d.Wave', 'b/song.mp3', 'e.FLAC', 'f.ogg', 'g.oga', 'h.opus',
    'i.aif', 'j.AIFF', 'k.aifc']);
});

test('skips .git and node_modules', async (t) => {
  const root = tree(['.git/objects/a.wav', 'node_modules/pkg/b.wav', 'keep/c.wav', 'sub/node_modules/d.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(await rel(root), ['keep/c.wav']);
});

test('a symlink loop is entered once and a file reached twice is listed once', async (t) => {
  const root = tree(['data/a.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  symlinkSync(root, path.join(root, 'data', 'loop')); // data/loop -> root: a cycle
  symlinkSync(path.join(root, 'data', 'a.wav'), path.join(root, 'z-alias.wav'));
  assert.deepEqual(await rel(root), ['data/a.wav']);
});

test('a symlinked directory outside the root is followed, with paths through the link', async (t) => {
  const outside = tree(['x.wav']);
  const root = tree(['a.wav']);
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  symlinkSync(outside, path.join(root, 'linked'));
  symlinkSync(path.join(root, 'missing'), path.join(root, 'broken.wav'));
  const warnings: string[] = [];
  const found = await discoverAudio(root, { include: [], exclude: [], onWarning: (m) => warnings.push(m) });
  assert.deepEqual(found.map((f) => f.relPath), ['a.wav', 'linked/x.wav']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /broken symlink/);
});

test('the path without a symlink wins over a link that sorts first, to a folder or a file', async (t) => {
  const root = tree(['z/x.wav', 'z/y.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  symlinkSync(path.join(root, 'z'), path.join(root, 'a-link')); // "a-link" < "z": walked first
  symlinkSync(path.join(root, 'z', 'y.wav'), path.join(root, 'b-alias.wav'));
  assert.deepEqual(await rel(root), ['z/x.wav', 'z/y.wav']);
});

test('a link is kept when the plain walk does not yield its target (excluded, skipped folder, other name); two links to one file give one', async (t) => {
  const outside = tree(['o.wav']);
  const root = tree(['raw/x.wav', 'node_modules/n.wav', 'notes/take.dat']);
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  symlinkSync(path.join(root, 'raw', 'x.wav'), path.join(root, 'take.wav'));
  symlinkSync(path.join(root, 'node_modules', 'n.wav'), path.join(root, 'n-link.wav'));
  symlinkSync(path.join(root, 'notes', 'take.dat'), path.join(root, 'dat-link.wav'));
  symlinkSync(path.join(outside, 'o.wav'), path.join(root, 'o1.wav'));
  symlinkSync(path.join(outside, 'o.wav'), path.join(root, 'o2.wav'));
  assert.deepEqual(await rel(root, [], ['raw/**']), ['dat-link.wav', 'n-link.wav', 'o1.wav', 'take.wav']);
});

test('include and exclude globs filter on the relative path', async (t) => {
  const root = tree(['train/a.wav', 'train/tmp/b.wav', 'test/c.wav', 'test/d_bad.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(await rel(root, ['train/**']), ['train/a.wav', 'train/tmp/b.wav']);
  assert.deepEqual(await rel(root, [], ['**/tmp/**', '*_bad.wav']), ['test/c.wav', 'train/a.wav']);
  assert.deepEqual(await rel(root, ['{train,test}/?.wav']), ['test/c.wav', 'train/a.wav']);
});

test('a file root is audited as given, relative to its own name', async (t) => {
  const root = tree(['only.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const found = await discoverAudio(path.join(root, 'only.wav'), { include: [], exclude: [] });
  assert.equal(found.length, 1);
  assert.equal(found[0].relPath, 'only.wav');
  assert.equal(found[0].size, 1);
});

test('several paths share their deepest common folder as root', async (t) => {
  const root = tree(['set/a/1.wav', 'set/b/2.wav', 'set/b/3.wav']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await discoverMany([path.join(root, 'set/a'), path.join(root, 'set/b'), path.join(root, 'set/b/2.wav')], {
    include: [],
    exclude: [],
  });
  assert.equal(r.root, path.join(root, 'set'));
  assert.deepEqual(r.targets.map((t) => t.relPath), ['a/1.wav', 'b/2.wav', 'b/3.wav']);
  assert.equal(commonDirectory(['/x/y/z', '/x/yy']), '/x');
  assert.equal(commonDirectory(['/a', '/b']), '/');
});

test('glob forms: ** spans directories, * and ? stay inside one, braces alternate', () => {
  assert.equal(compileGlob('**/*.wav')('a.wav'), true);
  assert.equal(compileGlob('**/*.wav')('x/y/a.wav'), true);
  assert.equal(compileGlob('a/*.wav')('a/b/c.wav'), false);
  assert.equal(compileGlob('a/**')('a/b/c.wav'), true);
  assert.equal(compileGlob('a/**/c.wav')('a/c.wav'), true);
  assert.equal(compileGlob('take?.wav')('dir/take1.wav'), true);
  assert.equal(compileGlob('take?.wav')('take10.wav'), false);
  assert.equal(compileGlob('{x,y/{z,w}}/*.wav')('y/w/1.wav'), true);
  assert.equal(compileGlob('{x,y/{z,w}}/*.wav')('y/q/1.wav'), false);
  assert.equal(compileGlob('a.b(1)+.wav')('a.b(1)+.wav'), true);
  assert.equal(compileGlob('a.b(1)+.wav')('aXb(1)+.wav'), false);
  assert.equal(makePathFilter([], [])('anything.wav'), true);
});

test('with an ffmpeg, discovery adds the extensions only ffmpeg decodes (discoveryOptions)', async (t) => {
  const root = tree(['a.wav', 'b.m4a', 'c.wma', 'd.mp4', 'e.txt']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const base = { include: [], exclude: [] };
  const found = async (ffmpegPath: string) => (await discoverAudio(root, discoveryOptions({ ...base, ffmpegPath }))).map((x) => x.relPath);
  assert.deepEqual(await found(''), ['a.wav']);
  // Video containers (.mp4) stay out: a dataset audit should not pull in films.
  assert.deepEqual(await found('/usr/bin/ffmpeg'), ['a.wav', 'b.m4a', 'c.wma']);
});
