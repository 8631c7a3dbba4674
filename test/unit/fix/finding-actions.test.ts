// The one action list behind the editor's lightbulb, the preview's lightbulb menu and Audio Audit: Quick Fix…:
// expected lists written out by hand from the issue text (issue 12, "In the editor").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileActions, findingActions } from '../../../src/core/fix/findingActions';

const titles = (rules: string[]) => fileActions(rules).map(({ finding, action }) => [finding, action.title, action.disabledReason !== undefined]);

test('a dc-offset and a minmax-zero-shift finding: each its fix then Show in preview; Exclude from audits once, last', () => {
  assert.deepEqual(titles(['dc-offset', 'minmax-zero-shift']), [
    [0, 'Write a corrected copy…', false],
    [0, 'Show in preview', false],
    [1, 'Show dataset-wide quantization', false],
    [1, 'Show in preview', false],
    [null, 'Exclude from audits', false],
  ]);
});

test('clipping lists the corrected copy disabled, with the reason it cannot be undone', () => {
  assert.deepEqual(titles(['clipping']), [
    [0, 'Write a corrected copy…', true],
    [0, 'Show in preview', false],
    [null, 'Exclude from audits', false],
  ]);
  assert.match(findingActions('clipping')[0].disabledReason!, /^Clipping cannot be undone/);
});

test('non-finite is correctable; a rule without a fix still offers Show in preview; no findings, no actions', () => {
  assert.deepEqual(titles(['non-finite', 'near-silent']), [
    [0, 'Write a corrected copy…', false],
    [0, 'Show in preview', false],
    [1, 'Show in preview', false],
    [null, 'Exclude from audits', false],
  ]);
  assert.deepEqual(fileActions([]), []);
});
