import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineBatches } from '../../../src/core/manifest/lines';
import { manifestTree } from '../../fixtures/manifestTree';

async function lines(file: string, chunkBytes?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of lineBatches(file, chunkBytes)) out.push(...batch);
  return out;
}

test('CRLF and LF endings, a BOM, blank lines and a last line without a break, at every chunk size', async (t) => {
  // 'é' is 2 bytes and '✓' 3 bytes in UTF-8: small chunks cut them in half.
  const tree = manifestTree({ 'm.txt': '\ufeffa é\r\n\r\n✓ b\nlast' });
  t.after(tree.dispose);
  for (let chunk = 1; chunk <= 24; chunk++) {
    assert.deepEqual(await lines(tree.abs('m.txt'), chunk), ['a é', '', '✓ b', 'last'], `chunk ${chunk} bytes`);
  }
});

test('a final line break ends the last line without adding an empty one; a lone CR stays in the line', async (t) => {
  const tree = manifestTree({ 'a.txt': 'x\ny\n', 'b.txt': 'x\n\n', 'c.txt': 'p\rq\n', 'empty.txt': '', 'bom.txt': '\ufeff' });
  t.after(tree.dispose);
  assert.deepEqual(await lines(tree.abs('a.txt')), ['x', 'y']);
  assert.deepEqual(await lines(tree.abs('b.txt')), ['x', '']);
  assert.deepEqual(await lines(tree.abs('c.txt')), ['p\rq']);
  assert.deepEqual(await lines(tree.abs('empty.txt')), []);
  assert.deepEqual(await lines(tree.abs('bom.txt')), []);
});

test('a line longer than many chunks comes out whole', async (t) => {
  const long = 'ü'.repeat(5000); // 10 000 bytes
  const tree = manifestTree({ 'long.txt': `short\n${long}\nend\n` });
  t.after(tree.dispose);
  assert.deepEqual(await lines(tree.abs('long.txt'), 64), ['short', long, 'end']);
});
