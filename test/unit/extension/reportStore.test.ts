import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportStore } from '../../../src/extension/reportStore';
import { fileReport, report } from './fixtures';

test('latest is the last stored report; re-storing a root makes it the latest', () => {
  const store = new ReportStore();
  assert.equal(store.latest, undefined);
  const a = report('/a', [fileReport('1.wav')]);
  const b = report('/b', []);
  store.set(a);
  store.set(b);
  assert.equal(store.latest, b);
  const a2 = report('/a', []);
  store.set(a2);
  assert.equal(store.latest, a2);
  assert.deepEqual(store.reports.map((r) => r.root), ['/b', '/a']);
});

test('reportFor picks the innermost root containing the file, and not a root that is only a name prefix', () => {
  const store = new ReportStore();
  store.set(report('/data', []));
  store.set(report('/data/sub', []));
  assert.equal(store.reportFor('/data/sub/x.wav')!.root, '/data/sub');
  assert.equal(store.reportFor('/data/y.wav')!.root, '/data');
  assert.equal(store.reportFor('/database/z.wav'), undefined);
});

test('subscribers hear every change until they dispose', () => {
  const store = new ReportStore();
  let calls = 0;
  const sub = store.subscribe(() => calls++);
  store.set(report('/a', []));
  store.delete('/a');
  store.delete('/a');          // nothing to delete: no event
  store.clear();               // already empty: no event
  sub.dispose();
  store.set(report('/b', []));
  assert.equal(calls, 2);
});

test('listeners learn whether a change is a live (partial) report; opened report files are not audited reports', () => {
  const store = new ReportStore();
  const seen: boolean[] = [];
  store.subscribe((_, change) => seen.push(change.live));
  store.set(report('/a', [fileReport('1.wav')]), { live: true });
  store.set(report('/a', [fileReport('1.wav'), fileReport('2.wav')]));
  store.set(report('/corpus', []), { origin: 'file' });
  assert.deepEqual(seen, [true, false, false]);
  assert.deepEqual(store.reports.map((r) => r.root), ['/a', '/corpus']);
  assert.deepEqual(store.audited.map((r) => r.root), ['/a']);
  assert.equal(store.latest!.root, '/corpus');
  // An audit of the same root later makes it an audited report again.
  store.set(report('/corpus', []));
  assert.deepEqual(store.audited.map((r) => r.root), ['/a', '/corpus']);
  store.clear();
  assert.equal(store.originOf('/a'), undefined);
});
