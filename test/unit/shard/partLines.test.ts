// byteLineBatches splits a part file into lines as bytes: the lines must be the file's text split on '\n' with one
// '\r' before it dropped (written out here by hand), whatever the chunk size, for long, non-ASCII and CRLF lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { byteLineBatches } from '../../../src/core/shard/partLines';

async function linesOf(file: string, chunkBytes: number): Promise<string[]> {
  const out: string[] = [];
  for await (const b of byteLineBatches(file, chunkBytes)) {
    for (let i = 0; i < b.starts.length; i++) out.push(b.bytes.toString('utf8', b.starts[i], b.ends[i]));
  }
  return out;
}

test('lines as bytes: CRLF and LF endings, a lone CR kept, empty lines, no final newline, any chunk size', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'part-lines-'));
  try {
    const long = 'é'.repeat(3000);
    const cases: [string, string[]][] = [
      ['a\nb\r\n\nc\rd\n', ['a', 'b', '', 'c\rd']],
      ['{"x":1}\n{"y":"声音 🎙"}', ['{"x":1}', '{"y":"声音 🎙"}']],
      [`${long}\r\nz\r`, [long, 'z']],
      ['', []],
      ['\n', ['']],
    ];
    for (const [i, [text, expected]] of cases.entries()) {
      const file = path.join(dir, `p${i}.jsonl`);
      writeFileSync(file, text);
      for (const chunk of [1, 2, 3, 7, 64, 256 * 1024]) assert.deepEqual(await linesOf(file, chunk), expected, `case ${i}, chunk ${chunk}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
