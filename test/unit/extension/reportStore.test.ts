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
