// A manifest never sits in memory whole: a 64 MB NeMo JSONL parses in a process whose V8 heap is capped at 32 MB,
// where reading the same file into one string runs out of memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const LINES = 400_000;
const HEAP_MB = 32;
const CHILD = path.join(__dirname, '..', '..', 'fixtures', 'manifestCount.ts');

function count(mode: 'stream' | 'whole', file: string) {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', CHILD, mode, 'nemo', file], { encoding: 'utf8' });
}

test(`a ${LINES}-line NeMo manifest streams through a ${HEAP_MB} MB heap`, (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'manifest-memory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'train.jsonl');
  const fd = openSync(file, 'w');
  const text = 'the quick brown fox jumps over the lazy dog '.repeat(2);
  for (let i = 0; i < LINES; i += 1000) {
    let block = '';
    for (let k = i; k < i + 1000; k++) block += `{"audio_filepath": "wavs/utt${k}.wav", "duration": 1.25, "text": "${text}"}\n`;
    writeSync(fd, block);
  }
  closeSync(fd);
  const mb = statSync(file).size / 1e6;
  t.diagnostic(`${mb.toFixed(1)} MB`);
  assert.ok(mb > 1.5 * HEAP_MB, `${mb} MB`);

  const streamed = count('stream', file);
  assert.equal(streamed.status, 0, streamed.stderr);
  assert.equal(Number(streamed.stdout), LINES);
  // The control: the same heap cannot hold the file as one string and its parsed lines.
  const whole = count('whole', file);
  assert.notEqual(whole.status, 0, 'reading the whole file should not fit the heap');
  assert.match(whole.stderr, /heap out of memory|Invalid string length/);
});
