import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AuditCache, settingsHash, stableJson } from '../../src/core/cache';
import { resolveSettings } from '../../src/core/settings';
import type { FileReport } from '../../src/core/types';
import type { AuditTarget } from '../../src/core/discovery';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'audit-cache-'));
const target: AuditTarget = { absPath: '/data/a.wav', relPath: 'a.wav', size: 1000, mtimeMs: 1700000000000.5 };
const report = (p: string): FileReport => ({
  path: p, error: null, format: null, channels: [], dcOffset: 0.5, peak: null, peakDbfs: null, rmsDbfs: null,
  stereoDownmixLossDb: null, minMax: null, mel: null, findings: [],
});

test('stable JSON sorts keys at every level, so key order does not change the hash', () => {
  assert.equal(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  const s1 = resolveSettings({ thresholds: { dcOffset: 0.02, clipRun: 4 } });
  const s2 = resolveSettings({ thresholds: { clipRun: 4, dcOffset: 0.02 } });
  assert.equal(settingsHash(s1), settingsHash(s2));
});

test('a changed threshold changes the hash; include/exclude (file choice only) do not', () => {
  const base = resolveSettings();
  assert.notEqual(settingsHash(base), settingsHash(resolveSettings({ thresholds: { dcOffset: 0.02 } })));
  assert.notEqual(settingsHash(base), settingsHash(resolveSettings({ mel: { preset: 'none' } })));
  assert.equal(settingsHash(base), settingsHash(resolveSettings({ include: ['a/**'], exclude: ['b'] })));
});

test('a hit needs the same path, size, mtime and settings; saved atomically and reloaded', async (t) => {
  const d = dir();
  t.after(() => rmSync(d, { recursive: true, force: true }));
  const file = path.join(d, 'sub', 'cache.json');
  const c = await AuditCache.load(file);
  assert.equal(c.size, 0);
  c.set(target, 'h1', report('a.wav'));
  await c.save();
  assert.deepEqual(readdirSync(path.join(d, 'sub')), ['cache.json']); // no temp file left behind

  const again = await AuditCache.load(file);
  assert.equal(again.get(target, 'h1')?.dcOffset, 0.5);
  assert.equal(again.get(target, 'h2'), undefined);
  assert.equal(again.get({ ...target, size: 1001 }, 'h1'), undefined);
  assert.equal(again.get({ ...target, mtimeMs: target.mtimeMs + 1 }, 'h1'), undefined);
  assert.equal(again.get({ ...target, absPath: '/data/b.wav' }, 'h1'), undefined);
  // Same file seen from another root: the report takes the new relative path.
  assert.equal(again.get({ ...target, relPath: 'data/a.wav' }, 'h1')?.path, 'data/a.wav');
});

test('a corrupt cache is ignored with a warning and then rewritten', async (t) => {
  const d = dir();
  t.after(() => rmSync(d, { recursive: true, force: true }));
  const file = path.join(d, 'cache.json');
  writeFileSync(file, '{"format":"audio-audit-cache","version":1,"entries":{"/data/a.wav":{"si');
  const warnings: string[] = [];
  const c = await AuditCache.load(file, (m) => warnings.push(m));
  assert.equal(c.size, 0);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /not valid JSON/);
  c.set(target, 'h', report('a.wav'));
  await c.save();
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).format, 'audio-audit-cache');
});

test('a foreign file is ignored with a warning and never overwritten', async (t) => {
  const d = dir();
  t.after(() => rmSync(d, { recursive: true, force: true }));
  for (const [name, body] of [['settings.json', '{"editor.fontSize": 14}'], ['binary.bin', '\u0000\u0001garbage']]) {
    const file = path.join(d, name);
    writeFileSync(file, body);
    const warnings: string[] = [];
    const c = await AuditCache.load(file, (m) => warnings.push(m));
    assert.equal(warnings.length, 1, name);
    c.set(target, 'h', report('a.wav'));
    await assert.rejects(c.save(), /refusing to overwrite/);
    assert.equal(readFileSync(file, 'utf8'), body);
  }
});

test('an entry of the wrong shape is dropped, the others kept', async (t) => {
  const d = dir();
  t.after(() => rmSync(d, { recursive: true, force: true }));
  const file = path.join(d, 'cache.json');
  const good = { size: 1000, mtimeMs: target.mtimeMs, settingsHash: 'h', report: report('a.wav') };
  writeFileSync(file, JSON.stringify({ format: 'audio-audit-cache', version: 1, entries: { '/data/a.wav': good, '/data/b.wav': { size: 'x' } } }));
  const c = await AuditCache.load(file);
  assert.equal(c.size, 1);
});
