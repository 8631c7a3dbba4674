// The pool with a lane on the calling thread (the CLI's main thread): what it audits, when workers join, cancellation.
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAudit, auditTargets } from '../../src/workers/runAudit';
import { WorkerPool, liveWorkerCount, type LocalLane } from '../../src/workers/pool';
import { mainThreadLane } from '../../src/workers/localLane';
import { failedReport } from '../../src/workers/failedReport';
import type { AuditTarget } from '../../src/core/discovery';
import { resolveSettings } from '../../src/core/settings';
import { generateDemoDataset } from '../fixtures/dataset';

let tmp: string;
let demo: string;
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-lane-'));
  demo = path.join(tmp, 'demo');
  generateDemoDataset(demo);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const settings = resolveSettings();
/** Targets that are never opened: the lanes below are stand-ins that only say who took each file. */
const fakeTargets = (n: number): AuditTarget[] =>
  Array.from({ length: n }, (_, i) => ({ absPath: `/nonexistent/f${i}.wav`, relPath: `f${String(i).padStart(2, '0')}.wav`, size: 1000, mtimeMs: 0 }));
const laneReport = (label: string): LocalLane => async (job) => {
  await new Promise((r) => setTimeout(r, 15));
  return failedReport(job.relPath, label);
};
const who = (error: string | null): string => (error ?? '').replace(/^.*could not be audited: /, '').replace(/\.$/, '');

/** A stand-in worker script, in a temp folder removed after the test. */
function workerScript(t: TestContext, name: string, source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `audit-lane-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, `${name}-worker.js`);
  writeFileSync(file, source);
  return file;
}

/** Ready as soon as it loads; answers every file at once as audited by "worker". */
const QUICK_WORKER = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => parentPort.postMessage({ type: 'result', id: m.id, report: {
  path: m.relPath, error: 'could not be audited: worker', format: null, channels: [], findings: [] } }));
parentPort.postMessage({ type: 'ready' });
`;

test('--jobs 1 with the local lane: every file on the calling thread, no worker, the same report as two workers', async () => {
  const live: number[] = [];
  const local = await runAudit(demo, { settings, jobs: 1, localLane: mainThreadLane().lane, onFile: () => live.push(liveWorkerCount()) });
  const workers = await runAudit(demo, { settings, jobs: 2 });
  assert.deepEqual(local, workers);
  assert.ok(live.length > 0);
  assert.deepEqual(new Set(live), new Set([0]));
});

test('the local lane and a worker together give the report of workers alone', async () => {
  const both = await runAudit(demo, { settings, jobs: 2, localLane: mainThreadLane().lane });
  const workers = await runAudit(demo, { settings, jobs: 2 });
  assert.deepEqual(both, workers);
  assert.equal(liveWorkerCount(), 0);
});

test('a worker gets files only after it posts ready; the local lane audits meanwhile', async (t) => {
  // Ready after 150 ms; a request that arrives before that is answered "early" (the pool must not send one).
  const slow = workerScript(t, 'slow', `const { parentPort } = require('node:worker_threads');
let ready = false;
parentPort.on('message', (m) => parentPort.postMessage({ type: 'result', id: m.id, report: {
  path: m.relPath, error: 'could not be audited: ' + (ready ? 'worker' : 'early'), format: null, channels: [], findings: [] } }));
setTimeout(() => { ready = true; parentPort.postMessage({ type: 'ready' }); }, 150);
`);
  const { files, partial } = await auditTargets(fakeTargets(60), { settings, jobs: 2, workerPath: slow, localLane: laneReport('local') });
  assert.equal(partial, false);
  assert.equal(files.length, 60);
  const byLane = new Map<string, number>();
  for (const f of files) byLane.set(who(f.error), (byLane.get(who(f.error)) ?? 0) + 1);
  assert.equal(byLane.get('early'), undefined);
  // 60 files × 15 ms on the lane alone is 900 ms: the worker, ready at 150 ms, must have taken some; the lane too.
  assert.ok((byLane.get('worker') ?? 0) > 0, JSON.stringify([...byLane]));
  assert.ok((byLane.get('local') ?? 0) > 0, JSON.stringify([...byLane]));
  assert.equal(liveWorkerCount(), 0);
});

test('a local lane that never yields (synchronous reads) still lets a ready worker take files', async (t) => {
  const quick = workerScript(t, 'quick', QUICK_WORKER);
  // 1 ms of busy work per file and no macrotask: 600 files keep the calling thread busy for 600 ms.
  const busyLane: LocalLane = async (job) => {
    const until = performance.now() + 1;
    while (performance.now() < until);
    return failedReport(job.relPath, 'local');
  };
  const { files } = await auditTargets(fakeTargets(600), { settings, jobs: 2, workerPath: quick, localLane: busyLane });
  assert.equal(files.length, 600);
  assert.ok(files.some((f) => who(f.error) === 'worker'), 'the worker never got a file');
  assert.equal(liveWorkerCount(), 0);
});

test('a pool started before the walk keeps no more workers than the files leave them', async (t) => {
  const quick = workerScript(t, 'quick', QUICK_WORKER);
  const slowLane: LocalLane = async (job) => {
    await new Promise((r) => setTimeout(r, 400));
    return failedReport(job.relPath, 'local');
  };
  // Three workers started, two files: one for the lane, one for a worker; the other two workers go.
  const two = new WorkerPool(quick, 3, { localLane: slowLane });
  two.prestart();
  const { files } = await auditTargets(fakeTargets(2), { settings, pool: two, localLane: slowLane });
  assert.equal(two.size, 1);
  assert.deepEqual(files.map((f) => who(f.error)).sort(), ['local', 'worker']);
  // One file: the lane's alone.
  const one = new WorkerPool(quick, 3, { localLane: slowLane });
  one.prestart();
  const single = await auditTargets(fakeTargets(1), { settings, pool: one, localLane: slowLane });
  assert.equal(one.size, 0);
  assert.deepEqual(single.files.map((f) => who(f.error)), ['local']);
  assert.equal(liveWorkerCount(), 0);
});

test('with a local lane a worker holds up to 8 small files ahead (4 MiB in all), 2 large ones', async (t) => {
  // Counts the requests that reach it in its first 300 ms, then answers them all with that count.
  const counting = workerScript(t, 'counting', `const { parentPort } = require('node:worker_threads');
const held = [];
let open = true;
const answer = (m) => parentPort.postMessage({ type: 'result', id: m.id, report: {
  path: m.relPath, error: 'could not be audited: worker held ' + held.length, format: null, channels: [], findings: [] } });
parentPort.on('message', (m) => { if (open) held.push(m); else answer(m); });
parentPort.postMessage({ type: 'ready' });
setTimeout(() => { open = false; held.forEach(answer); }, 300);
`);
  const slowLane: LocalLane = async (job) => {
    await new Promise((r) => setTimeout(r, 100));
    return failedReport(job.relPath, 'local');
  };
  const sized = (n: number, bytes: number): AuditTarget[] => fakeTargets(n).map((x) => ({ ...x, size: bytes }));
  const held = async (targets: AuditTarget[]): Promise<string[]> => {
    const { files } = await auditTargets(targets, { settings, jobs: 2, workerPath: counting, localLane: slowLane });
    return [...new Set(files.map((f) => who(f.error)).filter((w) => w.startsWith('worker held ')))];
  };
  // 441 000 bytes (10 s of 22.05 kHz 16-bit mono): 8 of them are 3.5 MB, under 4 MiB (4 194 304 bytes).
  assert.deepEqual(await held(sized(30, 441_000)), ['worker held 8']);
  // 1 MB each: 4 fit in 4 MiB, a fifth would not.
  assert.deepEqual(await held(sized(30, 1_000_000)), ['worker held 4']);
  // 100 MB each: the plain depth of 2.
  assert.deepEqual(await held(sized(30, 100_000_000)), ['worker held 2']);
  assert.equal(liveWorkerCount(), 0);
});

test('a worker that dies before it is ready leaves every file to the local lane', async (t) => {
  const dead = workerScript(t, 'dead', "throw new Error('cannot load');\n");
  const { files, partial } = await auditTargets(fakeTargets(12), { settings, jobs: 3, workerPath: dead, localLane: laneReport('local') });
  assert.equal(partial, false);
  assert.deepEqual(files.map((f) => who(f.error)), Array(12).fill('local'));
  assert.equal(liveWorkerCount(), 0);
});

test('cancelling stops the local lane at its file: a partial report, its signal aborted, no worker left', async () => {
  const seen: AbortSignal[] = [];
  // The file waits for the abort, as auditFile stops at its next block.
  const lane: LocalLane = async (job, signal) => {
    seen.push(signal);
    await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    return failedReport(job.relPath, 'local');
  };
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const { files, partial } = await auditTargets(fakeTargets(5), { settings, jobs: 1, signal: controller.signal, localLane: lane });
  assert.equal(partial, true);
  assert.deepEqual(files, []);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].aborted, true);
  assert.equal(liveWorkerCount(), 0);
});
