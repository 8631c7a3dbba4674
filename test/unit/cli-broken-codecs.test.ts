// Broken files of every codec in one folder, made from good ones by the reference encoders: each gets its own
// per-file error, `truncated` or `decode-error` finding, the good file beside them is audited, and nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/types';
import { speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';
import { run } from '../fixtures/codecs';
import { checksums, runCli } from '../fixtures/cli';

test('broken FLAC, MP3 and Ogg files each get their finding and the audit goes on', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'broken-codecs-'));
  try {
    const src = path.join(dir, 'source.wav');
    writeFileSync(src, encodeWav({ sampleRate: 22050 }, [Array.from(speechLike(5 * 22050, 22050, 3, 0.5), (v) => toCode(v, 16))]));
    run('flac', ['-s', '-f', '-o', path.join(dir, 'good.flac'), src]);
    run('lame', ['--quiet', '-b', '64', src, path.join(dir, 'good.mp3')]);
    run('oggenc', ['--quiet', '-o', path.join(dir, 'good.ogg'), src]);
    rmSync(src);
    const flac = readFileSync(path.join(dir, 'good.flac'));
    const mp3 = readFileSync(path.join(dir, 'good.mp3'));
    const ogg = readFileSync(path.join(dir, 'good.ogg'));
    writeFileSync(path.join(dir, 'text-named.flac'), 'this is a transcript, not audio\n');
    writeFileSync(path.join(dir, 'empty.mp3'), new Uint8Array(0));
    writeFileSync(path.join(dir, 'cut-in-half.flac'), flac.subarray(0, flac.length >> 1));
    const damaged = Buffer.from(flac);
    damaged.fill(0x5a, damaged.length >> 1, (damaged.length >> 1) + 64);
    writeFileSync(path.join(dir, 'overwritten-64-bytes.flac'), damaged);
    writeFileSync(path.join(dir, 'cut-to-a-third.mp3'), mp3.subarray(0, Math.floor(mp3.length / 3)));
    writeFileSync(path.join(dir, 'cut-in-half.ogg'), ogg.subarray(0, ogg.length >> 1));
    const sums = checksums(dir);

    const r = runCli([dir, '--json', '--no-progress', '--fail-on', 'never', '--ffmpeg', 'none']);
    assert.equal(r.status, 0, r.stderr);
    const files = new Map((JSON.parse(r.stdout) as AuditReport).files.map((f) => [f.path, f]));
    const rules = (p: string) => files.get(p)!.findings.map((x) => x.rule);
    assert.match(files.get('text-named.flac')!.error!, /not a recognized audio file: it starts with "this"/);
    assert.match(files.get('empty.mp3')!.error!, /the file is empty \(0 bytes\)/);
    assert.ok(rules('cut-in-half.flac').includes('truncated'), rules('cut-in-half.flac').join());
    assert.ok(rules('overwritten-64-bytes.flac').includes('decode-error'), rules('overwritten-64-bytes.flac').join());
    assert.ok(rules('cut-to-a-third.mp3').includes('truncated'), rules('cut-to-a-third.mp3').join());
    assert.ok(rules('cut-in-half.ogg').includes('truncated'), rules('cut-in-half.ogg').join());
    // The good files are audited in full: 5 s at 22.05 kHz (the MP3 and Vorbis decoders give the same frame count).
    for (const good of ['good.flac', 'good.mp3', 'good.ogg']) {
      assert.equal(files.get(good)!.error, null, good);
      assert.equal(files.get(good)!.format!.frames, 5 * 22050, good);
    }
    // The damaged FLAC's statistics cover what decoded: fewer frames than promised, none invented.
    assert.ok(files.get('overwritten-64-bytes.flac')!.format!.frames < 5 * 22050);
    assert.deepEqual(checksums(dir), sums);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
