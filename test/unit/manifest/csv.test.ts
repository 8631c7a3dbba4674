import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRecordReader, type CsvRecord } from '../../../src/core/manifest/csv';

function records(lines: string[]): CsvRecord[] {
  const reader = new CsvRecordReader();
  const out: CsvRecord[] = [];
  lines.forEach((text, i) => {
    const r = reader.push(text, i + 1);
    if (r) out.push(r);
  });
  assert.equal(reader.inQuotedField, false);
  return out;
}

test('RFC 4180: quoted commas, doubled quotes, empty fields', () => {
  assert.deepEqual(records(['a,"b,c","say ""hi""",,""']), [{ line: 1, fields: ['a', 'b,c', 'say "hi"', '', ''] }]);
});

test('a quoted field with line breaks spans physical lines and is reported at the line it starts on', () => {
  assert.deepEqual(records(['x.wav,"one', '', 'three, ""quoted""', '",2', 'y.wav,b,3']), [
    { line: 1, fields: ['x.wav', 'one\n\nthree, "quoted"\n', '2'] },
    { line: 5, fields: ['y.wav', 'b', '3'] },
  ]);
});

test('lenient like Python csv: a quote inside an unquoted field is a character, text after a closing quote joins the field', () => {
  assert.deepEqual(records(['5" disk,"ab"cd,e']), [{ line: 1, fields: ['5" disk', 'abcd', 'e'] }]);
});

test('an unclosed quote leaves the reader inside the field, at the start line', () => {
  const reader = new CsvRecordReader();
  assert.equal(reader.push('a,"open', 7), null);
  assert.equal(reader.push('still open', 8), null);
  assert.equal(reader.inQuotedField, true);
  assert.equal(reader.pendingLine, 7);
});

test('another delimiter', () => {
  const reader = new CsvRecordReader('\t');
  assert.deepEqual(reader.push('a\t"b\tc"\td', 1), { line: 1, fields: ['a', 'b\tc', 'd'] });
});
