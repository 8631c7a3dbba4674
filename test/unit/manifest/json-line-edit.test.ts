// setJsonKey: one value replaced in place, the rest of the line as written; JSON.stringify when in place is unsafe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setJsonKey } from '../../../src/core/manifest/write/jsonLineEdit';

test('the value is replaced in place; spacing, key order and escapes elsewhere stay', () => {
  assert.equal(setJsonKey('{"audio_filepath":  "a.wav" ,"duration" : 1.0e0, "text": "\\u00e4"}', 'duration', 0.5),
    '{"audio_filepath":  "a.wav" ,"duration" : 0.5, "text": "\\u00e4"}');
  assert.equal(setJsonKey('{"audio_filepath": "a\\"b.wav", "text": "x"}', 'audio_filepath', '../a"b.wav'), '{"audio_filepath": "../a\\"b.wav", "text": "x"}');
});

test('a key named inside a string value is not taken for the key', () => {
  assert.equal(setJsonKey('{"text": "say \\"duration\\": 5", "duration": 2}', 'duration', 3), '{"text": "say \\"duration\\": 5", "duration": 3}');
});

test('an absent key is added before the closing brace', () => {
  assert.equal(setJsonKey('{"a": 1}', 'duration', 0.25), '{"a": 1, "duration": 0.25}');
  assert.equal(setJsonKey('{}', 'duration', 2), '{ "duration": 2}');
});

test('a key spelled with escapes, or written twice, falls back to JSON.stringify of the whole object', () => {
  assert.equal(setJsonKey('{"dur\\u0061tion": 2, "x": 1}', 'duration', 3), '{"duration":3,"x":1}');
  assert.equal(setJsonKey('{"duration": 1, "duration": 2}', 'duration', 3), '{"duration":3}');
});
