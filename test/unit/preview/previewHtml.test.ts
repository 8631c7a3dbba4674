import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewHtml } from '../../../src/extension/preview/previewHtml';
import { escapeAttribute } from '../../../src/extension/webviewPage';
import { playbackModeFor } from '../../../src/extension/preview/playbackMode';
import type { PreviewInit } from '../../../src/protocol/preview';
import type { AudioFormat } from '../../../src/core/types';

const format: AudioFormat = { container: 'RIFF', encoding: 'pcm', bitsPerSample: 16, validBits: 16, sampleRate: 22050,
  channels: 1, frames: 22050, durationSec: 1 };

const init = (fileName: string): PreviewInit => ({ fileName, format, error: null, findings: [], report: null, mel: null,
  clipLevel: 0.999, qLevels: 256, playback: 'audio', audioSrc: null });

test('attribute escaping covers & < > " \'', () => {
  assert.equal(escapeAttribute(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f');
});

test('a hostile file name stays inside the data-init attribute and the title', () => {
  const name = `"><script>alert(1)</script>'.wav`;
  const html = previewHtml(init(name), { cspSource: 'vscode-resource:', script: 's.js', css: 'p.css', codicons: 'c.css' }, 'NONCE');
  assert.equal(html.match(/<script/g)?.length, 1); // only the nonce'd module script
  const attr = html.match(/data-init="([^"]*)"/)![1];
  const decoded = attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert.equal(JSON.parse(decoded).fileName, name);
});

test('the CSP allows only the nonce script and extension resources', () => {
  const html = previewHtml(init('a.wav'), { cspSource: 'https://x.vscode-cdn.net', script: 's.js', css: 'p.css', codicons: 'c.css' }, 'abc');
  const csp = html.match(/Content-Security-Policy" content="([^"]*)"/)![1].replace(/&#39;/g, "'");
  assert.equal(csp, "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net; "
    + "font-src https://x.vscode-cdn.net; media-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:");
  assert.ok(!html.includes('unsafe-inline'));
  assert.ok(!/ style="/.test(html));
});

test('the browser plays 8/16-bit RIFF PCM; 24-bit, float, µ-law, RF64, AIFF, codecs and odd headers go through WebAudio', () => {
  assert.equal(playbackModeFor(format), 'audio');
  assert.equal(playbackModeFor({ ...format, bitsPerSample: 8, validBits: 8 }), 'audio');
  assert.equal(playbackModeFor({ ...format, bitsPerSample: 24, validBits: 24 }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, encoding: 'float', bitsPerSample: 32, validBits: 32 }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, encoding: 'mulaw', bitsPerSample: 8, validBits: 8 }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, container: 'RF64' }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, container: 'AIFF' }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, container: 'FLAC', encoding: 'flac' }), 'webaudio');
  assert.equal(playbackModeFor({ ...format, container: 'MP3', encoding: 'mp3', bitsPerSample: null, validBits: null }), 'webaudio');
  // A RIFF header the reader worked around (say a wrong blockAlign) may be read differently by the browser.
  assert.equal(playbackModeFor(format, 1), 'webaudio');
  assert.equal(playbackModeFor({ ...format, frames: 0 }), 'none');
  assert.equal(playbackModeFor(null), 'none');
});
