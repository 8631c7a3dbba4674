// What fix never does (touch an input, write into the dataset, leave half a file) and what it always does (NaN → 0,
// keep lossless formats, FLAC for lossy inputs, a log line per file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FixRefused, fixFiles } from '../../../src/core/fix/fixFiles';
import { checksums, runCli } from '../../fixtures/cli';
import { run, soundfileRead, SYSTEM_PYTHON } from '../../fixtures/codecs';
import { workspace, writeWav } from './fixCorpus';

function sine(n: number, amp: number, bits: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(amp * 2 ** (bits - 1) * Math.sin(i * 0.07)) + 0);
}

/** Every file under dir, '/'-separated, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

function soundfileInfo(file: string): string {
  return run(SYSTEM_PYTHON, ['-c', 'import sys, soundfile; i = soundfile.info(sys.argv[1]); print(i.format, i.subtype, i.channels)', file]).toString().trim();
}

test('inputs are byte-identical after fix (sha256), the tree is mirrored, formats kept, lossy → 24-bit FLAC', async () => {
  const { dir, input } = workspace('safety');
  writeWav(input, 'a/pcm24.wav', { bits: 24, sampleRate: 16000 }, [sine(3000, 0.4, 24), sine(3000, 0.2, 24)]);
  writeWav(input, 'a/b/pcm8.wav', { bits: 8, sampleRate: 8000 }, [sine(3001, 0.5, 8)]);
  writeWav(input, 'float.wav', { encoding: 'float', bits: 32, sampleRate: 16000 }, [Float64Array.from(sine(3000, 0.5, 1))]);
  run('sox', ['-n', '-r', '22050', '-b', '16', path.join(input, 'c.aiff'), 'synth', '0.3', 'sine', '300', 'vol', '0.4']);
  run('sox', ['-n', '-r', '16000', '-b', '16', path.join(input, 'd.flac'), 'synth', '0.3', 'sine', '300', 'vol', '0.4']);
  run('sox', ['-n', '-r', '16000', '-b', '16', path.join(dir, 'src.wav'), 'synth', '0.5', 'sine', '440', 'vol', '0.4']);
  run('lame', ['--silent', path.join(dir, 'src.wav'), path.join(input, 'e.mp3')]);
  const before = checksums(input);
  const out = path.join(dir, 'out');
  const files = [...before.keys()].map((k) => k.split(path.sep).join('/'));
  const r = await fixFiles({ root: input, files, outDir: out, dc: 'mean', gain: { mode: 'dataset', peakDbfs: -1 } });
  assert.deepEqual(checksums(input), before);
  assert.deepEqual(r.files.map((f) => f.error ?? null), files.map(() => null));
  assert.deepEqual(tree(out), ['a/b/pcm8.wav', 'a/pcm24.wav', 'c.aiff', 'd.flac', 'e.flac', 'fix-log.csv', 'float.wav']);
  assert.equal(soundfileInfo(path.join(out, 'a/pcm24.wav')), 'WAV PCM_24 2');
  assert.equal(soundfileInfo(path.join(out, 'a/b/pcm8.wav')), 'WAV PCM_U8 1');
  assert.equal(soundfileInfo(path.join(out, 'float.wav')), 'WAV FLOAT 1');
  assert.equal(soundfileInfo(path.join(out, 'c.aiff')), 'AIFF PCM_16 1');
  assert.equal(soundfileInfo(path.join(out, 'd.flac')), 'FLAC PCM_16 1');
  assert.equal(soundfileInfo(path.join(out, 'e.flac')), 'FLAC PCM_24 1');
  run('flac', ['-t', '-s', path.join(out, 'd.flac'), path.join(out, 'e.flac')]);
  const mp3 = r.files.find((f) => f.file === 'e.mp3')!;
  assert.equal(mp3.out, 'e.flac');
  assert.ok(mp3.changes.some((c) => c.includes('never re-encoded lossy')));
  const log = readFileSync(r.logPath, 'utf8').trim().split('\r\n');
  assert.equal(log[0], 'file,out,dc_method,dc_removed,gain_db,non_finite_zeroed,clipped,dithered,mono,notes,error');
  assert.equal(log.length, 1 + files.length);
  assert.ok(log.some((l) => l.startsWith('float.wav,float.wav,mean,') && l.includes(',no,')), 'float output: not dithered');
});

test('--out inside the input, equal to it, or an existing output without --force is refused before anything is written', async () => {
  const { dir, input } = workspace('refuse');
  writeWav(input, 'a.wav', { bits: 16 }, [sine(100, 0.5, 16)]);
  const before = checksums(input);
  await assert.rejects(fixFiles({ root: input, files: ['a.wav'], outDir: path.join(input, 'fixed') }), (e: Error) =>
    e instanceof FixRefused && /inside the audited folder/.test(e.message));
  await assert.rejects(fixFiles({ root: input, files: ['a.wav'], outDir: input }), (e: Error) =>
    e instanceof FixRefused && /the audited folder itself/.test(e.message));
  assert.deepEqual(checksums(input), before, 'nothing written into the dataset');
  const out = path.join(dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'a.wav'), 'keep me');
  await assert.rejects(fixFiles({ root: input, files: ['a.wav'], outDir: out }), (e: Error) =>
    e instanceof FixRefused && /a\.wav exists \(give --force/.test(e.message));
  assert.equal(readFileSync(path.join(out, 'a.wav'), 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(out), ['a.wav'], 'no log either');
  const forced = await fixFiles({ root: input, files: ['a.wav'], outDir: out, force: true });
  assert.equal(forced.files[0].error, undefined);
  assert.equal(soundfileRead(path.join(out, 'a.wav')).frames, 100);
});

test('an output that would overwrite an input is refused (the output folder contains the dataset)', async () => {
  const { dir } = workspace('overwrite');
  // Dataset dir/data holding data/x.wav: with --out dir, the copy of data/x.wav would be dir/data/x.wav, an input.
  const root = path.join(dir, 'data');
  writeWav(root, 'x.wav', { bits: 16 }, [sine(100, 0.5, 16)]);
  writeWav(root, 'data/x.wav', { bits: 16 }, [sine(100, 0.3, 16)]);
  await assert.rejects(fixFiles({ root, files: ['data/x.wav', 'x.wav'], outDir: dir, force: true }), (e: Error) =>
    e instanceof FixRefused && /would overwrite the input/.test(e.message));
});

test('NaN and ±Inf in a float WAV become 0, every other sample unchanged', async () => {
  const { dir, input } = workspace('nan');
  const x = Float64Array.from(sine(1000, 0.5, 1));
  x[10] = NaN; x[20] = Infinity; x[30] = -Infinity;
  writeWav(input, 'f.wav', { encoding: 'float', bits: 32, sampleRate: 8000 }, [x]);
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: ['f.wav'], outDir: out });
  assert.ok(r.files[0].changes.includes('3 non-finite samples set to 0'));
  const y = soundfileRead(path.join(out, 'f.wav')).samples[0];
  for (let i = 0; i < x.length; i++) assert.equal(y[i], [10, 20, 30].includes(i) ? 0 : Math.fround(x[i]), `sample ${i}`);
});

test('--mono averages the channels and warns when they cancel (stereo-downmix-loss)', async () => {
  const { dir, input } = workspace('mono');
  const l = sine(4000, 0.5, 16);
  writeWav(input, 'cancel.wav', { bits: 16 }, [l, l.map((v) => -v + 0)]);
  writeWav(input, 'same.wav', { bits: 16 }, [l, l]);
  const out = path.join(dir, 'out');
  const r = await fixFiles({ root: input, files: ['cancel.wav', 'same.wav'], outDir: out, mono: true });
  const [cancel, same] = r.files;
  assert.ok(cancel.changes.some((c) => c.startsWith('warning: the channels cancel')), cancel.changes.join('|'));
  assert.ok(!same.changes.some((c) => c.startsWith('warning:')));
  assert.equal(soundfileRead(path.join(out, 'same.wav')).channels, 1);
  // (l + l)/2 = l and (l − l)/2 = 0; a downmix counts as a change, so the codes are TPDF-dithered: within 1.5 LSB
  // (dither ±1 LSB plus rounding ±0.5 LSB).
  const y = soundfileRead(path.join(out, 'same.wav')).samples[0];
  assert.ok(y.every((v, i) => Math.abs(v * 32768 - l[i]) <= 1.5));
  assert.ok(soundfileRead(path.join(out, 'cancel.wav')).samples[0].every((v) => Math.abs(v * 32768) <= 1.5));
});

test('cancel: an abort while a file is being written leaves no partial file; the files done stay', async () => {
  const { dir, input } = workspace('cancel');
  writeWav(input, '1.wav', { bits: 16 }, [sine(5000, 0.5, 16)]);
  writeWav(input, '2.wav', { bits: 16 }, [sine(5000, 0.5, 16)]);
  const out = path.join(dir, 'out');
  const controller = new AbortController();
  // Steps: 2 probes, then 2 writes. Abort after the first write: the second file's temp file is created, then aborted.
  const progress = (done: number): void => { if (done === 3) controller.abort(); };
  await assert.rejects(fixFiles({ root: input, files: ['1.wav', '2.wav'], outDir: out, dc: 'highpass' }, progress, controller.signal),
    (e: Error) => e.name === 'AbortError');
  assert.deepEqual(readdirSync(out).sort(), ['1.wav', 'fix-log.csv']);
  assert.ok(!existsSync(path.join(out, '2.wav')));
});

test('CLI: fix refuses --out inside PATH with exit 2; writes copies and the log otherwise', () => {
  const { dir, input } = workspace('cli');
  writeWav(input, 'a.wav', { bits: 16 }, [sine(100, 0.5, 16)]);
  const refused = runCli(['fix', input, '--out', path.join(input, 'x')]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /fix refused, nothing was written/);
  assert.ok(!existsSync(path.join(input, 'x')));
  const ok = runCli(['fix', input, '--out', path.join(dir, 'o'), '--dc', 'mean', '--gain', 'dataset', '--peak-dbfs', '-3']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Wrote 1 corrected copy/);
  assert.ok(existsSync(path.join(dir, 'o', 'fix-log.csv')));
  const peak = Math.max(...soundfileRead(path.join(dir, 'o', 'a.wav')).samples[0].map(Math.abs));
  assert.ok(Math.abs(20 * Math.log10(peak) + 3) < 0.01);
});

test('a file that is not audio gets its error in the log and exit 1; the other files are written', () => {
  const { dir, input } = workspace('badfile');
  writeWav(input, 'good.wav', { bits: 16 }, [sine(100, 0.5, 16)]);
  writeFileSync(path.join(input, 'bad.wav'), 'hello, not audio');
  const r = runCli(['fix', input, '--out', path.join(dir, 'o'), '--dc', 'mean']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /bad\.wav: not readable audio: not a recognized audio file: it starts with "hell"/);
  assert.deepEqual(tree(path.join(dir, 'o')), ['fix-log.csv', 'good.wav']);
  const log = readFileSync(path.join(dir, 'o', 'fix-log.csv'), 'utf8');
  assert.match(log, /\r\nbad\.wav,,.*not readable audio/);
});

test('cancel in the middle of a file: the partial file existed, held data, and is gone; no output under its name', async () => {
  const { dir, input } = workspace('cancel-mid');
  // 600 000 frames of 16-bit mono: about 1.2 MB, several 256 KiB read blocks.
  writeWav(input, 'long.wav', { bits: 16 }, [sine(600000, 0.5, 16)]);
  const out = path.join(dir, 'out');
  const controller = new AbortController();
  const signal = controller.signal;
  let partialBytes = 0;
  let checksWhileWriting = 0;
  // Every block checks the signal: once the temporary file exists, abort at the third check (some blocks written).
  const check = AbortSignal.prototype.throwIfAborted;
  Object.defineProperty(signal, 'throwIfAborted', {
    value(this: AbortSignal) {
      const partial = existsSync(out) ? readdirSync(out).find((n) => n.endsWith('.partial')) : undefined;
      if (partial && ++checksWhileWriting === 3) {
        partialBytes = statSync(path.join(out, partial)).size;
        controller.abort();
      }
      check.call(this);
    },
  });
  await assert.rejects(fixFiles({ root: input, files: ['long.wav'], outDir: out, gain: { mode: 'dataset', peakDbfs: -1 } }, undefined, signal),
    (e: Error) => e.name === 'AbortError');
  assert.ok(partialBytes > 44, `the temporary file held ${partialBytes} bytes when the cancel came`);
  assert.deepEqual(readdirSync(out), ['fix-log.csv']);
});

test('relative paths that climb out of the root are refused (their copies would land outside --out)', async () => {
  const { dir, input } = workspace('escape');
  writeWav(dir, 'outside.wav', { bits: 16 }, [sine(100, 0.5, 16)]);
  for (const rel of ['../outside.wav', '/etc/passwd', 'a//b.wav']) {
    await assert.rejects(fixFiles({ root: input, files: [rel], outDir: path.join(dir, 'out') }), (e: Error) =>
      e instanceof FixRefused && /is not a '\/'-separated path inside the audited folder/.test(e.message), rel);
  }
  assert.ok(!existsSync(path.join(dir, 'out')));
});
