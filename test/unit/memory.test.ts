// Bounded memory: a 1 GiB WAV is audited in a child process whose peak RSS stays under 300 MB (the bound).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, writeSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { wavHeader } from '../fixtures/wav';
import { runCli } from '../fixtures/cli';

const GIB = 1 << 30;
const CHUNK = 4 << 20;

test('auditing a 1 GiB WAV keeps peak RSS under 300 MB', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-memory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'pcm16-44k-stereo-1gib.wav');
  // Streamed to disk in 4 MiB blocks: a 441 Hz sine at half scale on both channels (100 samples a period at 44.1 kHz).
  const block = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK / 4; i++) {
    const v = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * (i % 100)) / 100));
    block.writeInt16LE(v, 4 * i);
    block.writeInt16LE(v, 4 * i + 2);
  }
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, wavHeader({ sampleRate: 44100 }, 2, GIB));
    for (let written = 0; written < GIB; written += CHUNK) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  assert.ok(statSync(file).size > GIB);

  const rssFile = path.join(dir, 'max-rss.txt');
  process.env.AUDIT_MAX_RSS_FILE = rssFile;
  const r = runCli([file, '--json', '--no-progress', '--mel', 'none', '--fail-on', 'never'], {
    nodeArgs: ['--require', path.join(__dirname, '..', 'fixtures', 'record-max-rss.cjs')],
  });
  delete process.env.AUDIT_MAX_RSS_FILE;
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  // 2^30 bytes / 4 bytes a frame = 268435456 frames: the whole file was read.
  assert.equal(report.files[0].format.frames, GIB / 4);
  const maxRssKb = Number(readFileSync(rssFile, 'utf8'));
  t.diagnostic(`peak RSS ${(maxRssKb / 1024).toFixed(0)} MiB`);
  assert.ok(maxRssKb > 0);
  assert.ok(maxRssKb < 300 * 1000, `peak RSS ${(maxRssKb / 1024).toFixed(0)} MiB`);
});
