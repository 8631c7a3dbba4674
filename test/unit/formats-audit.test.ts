// The audit across formats, with values worked out independently: the same PCM content stored as WAV, FLAC (16 and
// 24 bit, made by Debian's flac) and AIFF (sox) gives identical statistics; an MP3 and an Opus file made from a 1 kHz
// sine at -6.02 dBFS peak within 0.2 dB of it, with the loudest mel band the one whose triangle holds 1 kHz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFile } from '../../src/core/audit/auditFile';
import { resolveSettings } from '../../src/core/settings';
import { openAudio } from '../../src/core/decode/probe';
import { resolveMel } from '../../src/core/mel/params';
import { MelAnalyzer } from '../../src/core/mel/analyzer';
import { melEdgesHz } from '../../src/core/mel/filterbank';
import type { FileReport } from '../../src/core/types';
import { speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';
import { run } from '../fixtures/codecs';

const dir = mkdtempSync(join(tmpdir(), 'formats-audit-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const settings = resolveSettings({ mel: { preset: 'tacotron' }, ffmpegPath: '' });
const SR = 22050;

/** Every statistic of the report, without what names the container (format, path). */
function statistics(r: FileReport) {
  const { path: _p, format, findings, fingerprint: _f, ...rest } = r;
  return { ...rest, frames: format?.frames, sampleRate: format?.sampleRate, findings: findings.map((x) => x.rule) };
}

test('the same PCM content as WAV, FLAC (16 and 24 bit) and AIFF gives identical statistics', async () => {
  // Speech-like audio with a +0.03 DC, so the DC, min-max and mel numbers are all non-trivial.
  const x = speechLike(3 * SR, SR, 41, 0.5).map((v) => v + 0.03);
  for (const bits of [16, 24]) {
    const wav = join(dir, `pcm${bits}.wav`);
    writeFileSync(wav, encodeWav({ sampleRate: SR, bits }, [Array.from(x, (v) => toCode(v, bits))]));
    run('flac', ['-s', '-f', '-o', join(dir, `pcm${bits}.flac`), wav]);
    run('sox', [wav, join(dir, `pcm${bits}.aiff`)]);
    const [w, f, a] = await Promise.all(['wav', 'flac', 'aiff'].map((ext) => auditFile(join(dir, `pcm${bits}.${ext}`), `pcm${bits}.${ext}`, settings)));
    assert.equal(w.error, null);
    assert.equal(f.format!.container, 'FLAC');
    assert.equal(a.format!.container, 'AIFF');
    assert.equal(f.format!.validBits, bits);
    assert.deepEqual(statistics(f), statistics(w), `FLAC ${bits}-bit`);
    assert.deepEqual(statistics(a), statistics(w), `AIFF ${bits}-bit`);
    // Independently of the engine: the DC offset is the mean of the codes / 2^(bits-1).
    const codes = Array.from(x, (v) => toCode(v, bits));
    const mean = codes.reduce((s, c) => s + c, 0) / codes.length / 2 ** (bits - 1);
    assert.ok(Math.abs(w.dcOffset! - mean) < 1e-12, `${w.dcOffset} vs ${mean}`);
  }
});

/** The mel band (tacotron preset at the file's rate) holding the most energy over the whole file. */
async function loudestBand(path: string): Promise<{ band: number; lowHz: number; highHz: number }> {
  const src = await openAudio(path);
  const params = resolveMel(settings.mel, src.format.sampleRate)!;
  const sums = new Float64Array(params.nMels);
  const analyzer = await MelAnalyzer.create(params, { onFrame: (_t, db) => { for (let b = 0; b < db.length; b++) sums[b] += 10 ** (db[b] / 20); } });
  const mono = new Float64Array(1 << 16);
  await src.read((block) => {
    for (let i = 0; i < block.frames; i++) {
      let s = 0;
      for (const ch of block.channels) s += ch[i];
      mono[i] = s / block.channels.length;
    }
    analyzer.push(mono.subarray(0, block.frames), block.frames);
  }, { blockFrames: 1 << 16 });
  analyzer.finish();
  await src.close();
  const band = sums.indexOf(Math.max(...sums));
  const edges = melEdgesHz(params.nMels, params.fmin, params.fmax);
  return { band, lowHz: edges[band], highHz: edges[band + 2] };
}

test('MP3 (lame 320 kbit/s) and Opus (opusenc 128 kbit/s) of a 1 kHz sine at -6.02 dBFS: peak within 0.2 dB, 1 kHz at the mel maximum', async () => {
  const amp = 0.5; // 20·log10(0.5) = -6.0206 dBFS
  const wav = join(dir, 'sine-1k.wav');
  writeFileSync(wav, encodeWav({ sampleRate: 44100 }, [Array.from({ length: 3 * 44100 }, (_, n) => toCode(amp * Math.sin((2 * Math.PI * 1000 * n) / 44100), 16))]));
  run('lame', ['--quiet', '-b', '320', wav, join(dir, 'sine-1k.mp3')]);
  run('opusenc', ['--quiet', '--bitrate', '128', wav, join(dir, 'sine-1k.opus')]);
  for (const name of ['sine-1k.mp3', 'sine-1k.opus']) {
    const r = await auditFile(join(dir, name), name, settings);
    assert.equal(r.error, null, name);
    assert.ok(Math.abs(r.peakDbfs! - 20 * Math.log10(amp)) <= 0.2, `${name}: peak ${r.peakDbfs} dBFS`);
    const { lowHz, highHz } = await loudestBand(join(dir, name));
    assert.ok(lowHz < 1000 && 1000 < highHz, `${name}: the loudest band spans ${lowHz.toFixed(0)}–${highHz.toFixed(0)} Hz`);
  }
});
