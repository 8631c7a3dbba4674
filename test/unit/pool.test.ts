// The worker pool through auditTargets/runAudit (uses the built dist/worker.js; `npm test` builds first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAudit, auditTargets, type AuditProgress } from '../../src/workers/runAudit';
import { liveWorkerCount } from '../../src/workers/pool';
import { discoverAudio } from '../../src/core/discovery';
import { AuditCache } from '../../src/core/cache';
import { finalizeReport } from '../../src/core/audit/finalize';
import { resolveSettings } from '../../src/core/settings';
import { generateDemoDataset, speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';

let tmp: string;
let demo: string;
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-pool-'));
  demo = path.join(tmp, 'demo');
  generateDemoDataset(demo);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const settings = resolveSettings();

test('1 and 4 jobs give the same report, ordered by path; progress reaches every byte', async () => {
  const progress: AuditProgress[] = [];
  const one = await runAudit(demo, { settings, jobs: 1 });
  const four = await runAudit(demo, { settings, jobs: 4, onProgress: (p) => progress.push(p) });
  assert.deepEqual(four, one);
  const paths = one.files.map((f) => f.path);
  assert.deepEqual(paths, [...paths].sort());
  const last = progress[progress.length - 1];
  const targets = await discoverAudio(demo, { include: [], exclude: [] });
  assert.equal(last.filesDone, targets.length);
  assert.equal(last.filesTotal, targets.length);
  assert.equal(last.bytesTotal, targets.reduce((s, t) => s + t.size, 0));
  assert.equal(last.bytesDone, last.bytesTotal);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].bytesDone >= progress[i - 1].bytesDone);
  assert.equal(liveWorkerCount(), 0);
});

test('cancelling mid-run returns a partial report and leaves no worker running', async (t) => {
  const dir = path.join(tmp, 'many');
  const sr = 22050;
  const codes = Array.from(speechLike(sr * 5, sr, 7), (v) => toCode(v, 16));
  const bytes = encodeWav({}, [codes]);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 40; i++) {
    writeFileSync(path.join(dir, `f${String(i).padStart(2, '0')}.wav`), bytes);
  }
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const targets = await discoverAudio(dir, { include: [], exclude: [] });
  const controller = new AbortController();
  const { files, partial } = await auditTargets(targets, {
    settings,
    jobs: 2,
    signal: controller.signal,
    onFile: () => controller.abort(), // cancel as soon as the first file is done
  });
  assert.equal(partial, true);
  assert.ok(files.length >= 1 && files.length < targets.length, `${files.length} of ${targets.length}`);
  assert.equal(liveWorkerCount(), 0);
  const report = finalizeReport(dir, settings, files, partial);
  assert.equal(report.partial, true);
  assert.equal(report.files.length, files.length);
});

test('an already-aborted signal audits nothing and starts no worker', async () => {
  const targets = await discoverAudio(demo, { include: [], exclude: [] });
  const { files, partial } = await auditTargets(targets, { settings, signal: AbortSignal.abort() });
  assert.deepEqual(files, []);
  assert.equal(partial, true);
  assert.equal(liveWorkerCount(), 0);
});

test('cache: a second run over unchanged files reads no audio; a changed threshold re-reads', async (t) => {
  const dir = path.join(tmp, 'cached');
  generateDemoDataset(dir);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Whole-millisecond mtimes, so they can be put back exactly after the contents are replaced below.
  const fixed = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  let targets = await discoverAudio(dir, { include: [], exclude: [] });
  for (const tg of targets) utimesSync(tg.absPath, fixed, fixed);
  targets = await discoverAudio(dir, { include: [], exclude: [] });
  const cacheFile = path.join(tmp, 'cache.json');
  const first = await auditTargets(targets, { settings, jobs: 2, cache: await AuditCache.load(cacheFile) });
  const firstReport = finalizeReport(dir, settings, first.files, first.partial);

  // Replace every file's bytes with zeros of the same length and restore its mtime: only a run that opens the
  // audio could notice (zeros are not a WAV header, so every file would become unreadable).
  for (const tg of targets) {
    writeFileSync(tg.absPath, Buffer.alloc(statSync(tg.absPath).size));
    utimesSync(tg.absPath, fixed, fixed);
  }
  const again = await discoverAudio(dir, { include: [], exclude: [] });
  assert.deepEqual(again, targets); // same keys: path, size, mtime
  const second = await auditTargets(again, { settings, jobs: 2, cache: await AuditCache.load(cacheFile) });
  assert.deepEqual(finalizeReport(dir, settings, second.files, second.partial), firstReport);

  const stricter = resolveSettings({ thresholds: { dcOffset: 0.02 } });
  const third = await auditTargets(again, { settings: stricter, jobs: 2, cache: await AuditCache.load(cacheFile) });
  assert.equal(third.files.length, targets.length);
  for (const f of third.files) assert.notEqual(f.error, null, `${f.path} was re-read and is now unreadable`);
});

test('a crashing worker fails only its file, with the reason, and the others still get a report', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A worker that dies on every request: each file must come back as an error report, none may hang or throw.
  const crashing = path.join(dir, 'crashing-worker.js');
  writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', (m) => { throw new Error('boom on ' + m.relPath); });\n");
  const targets = (await discoverAudio(demo, { include: ['clean/**'], exclude: [] })).slice(0, 3);
  const { files, partial } = await auditTargets(targets, { settings, jobs: 2, workerPath: crashing });
  assert.equal(partial, false);
  assert.equal(files.length, 3);
  for (const f of files) {
    assert.match(f.error ?? '', new RegExp(`the audit worker failed \\(boom on ${f.path.replace(/[.]/g, '\\.')}\\)`));
    assert.deepEqual(f.findings.map((x) => [x.rule, x.severity]), [['unreadable', 'error']]);
  }
  assert.equal(liveWorkerCount(), 0);
});
