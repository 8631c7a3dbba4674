import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings, DEFAULT_SETTINGS } from '../../src/core/settings';

test('overrides merge key by key and keep the other defaults', () => {
  const s = resolveSettings({ qLevels: 65536, thresholds: { dcOffset: 0.02 } });
  assert.equal(s.qLevels, 65536);
  assert.equal(s.thresholds.dcOffset, 0.02);
  assert.equal(s.thresholds.clipRun, 3);
  assert.equal(s.clipLevel, 0.999);
});

test('arrays replace instead of concatenating', () => {
  const s = resolveSettings({ exclude: ['**/tmp/**'] }, { ...DEFAULT_SETTINGS, exclude: ['a'] });
  assert.deepEqual(s.exclude, ['**/tmp/**']);
});
