// walkAudio streams: on a generated tree of 200 000 empty .wav files in nested folders, the first file arrives before
// the walk has listed the last folder (a file added to that folder after the first result is still found), and the
// walk yields every file once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverAudio, walkAudio } from '../../src/core/discovery';

/** 20 × 10 folders of 1000 files: 200 000 files. */
const TOP = 20;
const SUB = 10;
const PER_DIR = 1000;
let root: string;

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'audit-walk-'));
  for (let a = 0; a < TOP; a++) {
    for (let b = 0; b < SUB; b++) {
      const dir = path.join(root, `set${String(a).padStart(2, '0')}`, `spk${String(b).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < PER_DIR; i++) writeFileSync(path.join(dir, `u${String(i).padStart(4, '0')}.wav`), '');
    }
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

const opts = { include: [], exclude: [] };

test('the first file comes before the last folder is listed; every file comes once', async () => {
  const lastDir = path.join(root, `set${TOP - 1}`, `spk${String(SUB - 1).padStart(2, '0')}`);
  const late = 'zz-added-after-the-first-result.wav';
  const seen = new Set<string>();
  let first: string | null = null;
  for await (const t of walkAudio(root, opts)) {
    if (first === null) {
      first = t.relPath;
      // Had the walk listed every folder before yielding, this file would be missed.
      writeFileSync(path.join(lastDir, late), '');
    }
    assert.ok(!seen.has(t.relPath), `${t.relPath} twice`);
    seen.add(t.relPath);
  }
  // Depth-first in name order: the first folder's first file.
  assert.equal(first, 'set00/spk00/u0000.wav');
  assert.equal(seen.size, TOP * SUB * PER_DIR + 1);
  assert.ok(seen.has(`set${TOP - 1}/spk${String(SUB - 1).padStart(2, '0')}/${late}`));
  rmSync(path.join(lastDir, late));
});

test('discoverAudio returns the same files in path order', async () => {
  const all = await discoverAudio(root, opts);
  assert.equal(all.length, TOP * SUB * PER_DIR);
  assert.equal(all[0].relPath, 'set00/spk00/u0000.wav');
  assert.equal(all[all.length - 1].relPath, `set${TOP - 1}/spk${String(SUB - 1).padStart(2, '0')}/u${String(PER_DIR - 1).padStart(4, "0")}.wav`);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].relPath < all[i].relPath);
});
