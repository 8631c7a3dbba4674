// End to end in code-server: a click on a `clipping` finding in the Problems panel opens the audio preview on that
// file; the view shows header, findings, waveform with the clipped region, spectrogram and statistics; playback moves
// the playhead; light and dark screenshots; first render time and extension host memory for 1 h of 48 kHz 24-bit stereo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';
import { writeLongWav } from '../fixtures/longWav';
import { REPO_ROOT, startVsCode, type VsCodeSession } from './harness';
import { extensionHostRss } from './reportHelpers';
import { renderedPreview, runCommandWhenReady } from './webviews';

const SR = 22050;
const CLIP_START = 33000;
const CLIP_FRAMES = 40;
// README screenshots go to docs/screenshots only when asked (npm run screenshots); a test run never edits tracked files.
const DOCS_SHOTS = process.env.AUDIO_AUDIT_DOCS_SHOTS ?? path.join(process.env.AUDIO_AUDIT_SCREENSHOTS ?? path.join(REPO_ROOT, 'test-results', 'e2e-screenshots'), 'docs');

/** 3 s of speech-like audio at 0.5 peak with 40 samples driven to +full scale at frame 33 000 (1.497 s). */
function clippingFile(): Uint8Array {
  const x = speechLike(3 * SR, SR, 7, 0.5);
  for (let i = CLIP_START; i < CLIP_START + CLIP_FRAMES; i++) x[i] = 1;
  return encodeWav({ sampleRate: SR, bits: 16 }, [Array.from(x, (v) => toCode(v, 16))]);
}


/** Quick Open (F1 with no '>' prefix searches files) on a workspace file name. */
async function openFile(vscode: VsCodeSession, name: string): Promise<void> {
  const { page } = vscode;
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** A screenshot of the editor area only; returns its size in bytes. */
async function editorShot(vscode: VsCodeSession, file: string): Promise<number> {
  const box = await vscode.page.locator('.part.editor').boundingBox();
  await vscode.page.screenshot({ path: file, clip: box ?? undefined });
  return statSync(file).size;
}

test('preview: a clipping finding opens the preview; waveform, spectrogram, stats, playback, themes', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-preview-'));
  const clipName = 'clipping-pcm16-22k-mono.wav';
  writeFileSync(path.join(workspace, clipName), clippingFile());
  writeFileSync(path.join(workspace, 'broken.wav'), 'this is not a RIFF file\n');
  mkdirSync(DOCS_SHOTS, { recursive: true });

  const vscode = await startVsCode({ workspace, name: 'preview', theme: 'light', viewport: { width: 1400, height: 1000 } });
  try {
    vscode.page.on('console', (m) => { if (m.type() === 'error') console.log(`console: ${m.text()}`); });
    vscode.page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
    await runCommandWhenReady(vscode, 'Audio Audit: Audit Workspace');
    await vscode.waitForAuditDone();
    await vscode.openProblemsPanel();
    const rows = await vscode.problems();
    const clip = rows.find((r) => r.code === 'clipping' && r.file.endsWith(clipName));
    assert.ok(clip, `a clipping finding for ${clipName} in ${JSON.stringify(rows)}`);
    await vscode.page.locator('.markers-panel .monaco-list-row[aria-level="2"]', { hasText: clip.message }).first().click();

    // The default editor for *.wav is the preview: its webview page is for this file.
    const frame = await renderedPreview(vscode, clipName);
    await frame.locator('body[data-overview="done"]').waitFor({ timeout: 20_000 });
    await vscode.runCommand('View: Hide Panel');
    const header = await frame.locator('.preview-header').innerText();
    assert.match(header, new RegExp(clipName.replace(/\./g, '\\.')));
    assert.match(header, /RIFF · PCM 16-bit · 22050 Hz · mono/);
    assert.match(header, /clipping/);
    // Statistics from the report: 40 clipped samples, longest run 40 starting at frame 33 000.
    const stats = await frame.locator('.stats-section').innerText();
    assert.match(stats, /Longest clip run\s+samples\s+40/);
    assert.match(stats, /Longest clip run start\s+frame\s+33,000/);
    assert.equal(await frame.locator('canvas.wave').count(), 1);
    assert.equal(await frame.locator('canvas.mel').count(), 1);

    // Clicking the finding zooms to the clipped run: the view is centred on it.
    await frame.locator('.finding[data-rule="clipping"]').click();
    await vscode.page.waitForTimeout(600);
    const range = await frame.locator('.time-axis').innerText();
    console.log(`preview: zoomed to ${range}`);
    const [from, to] = range.split('–').map((s) => s.trim().split(':').reduce((a, v) => a * 60 + Number(v), 0));
    assert.ok(from <= CLIP_START / SR && to >= (CLIP_START + CLIP_FRAMES) / SR && to - from < 0.5, range);
    await vscode.screenshot('preview-clipping-zoomed');
    await frame.locator('#play').click();
    const p0 = Number(await frame.locator('body').getAttribute('data-playhead') ?? NaN);
    await vscode.waitUntil(async () => {
      const p = Number(await frame.locator('body').getAttribute('data-playhead') ?? NaN);
      return Number.isFinite(p) && p > (Number.isFinite(p0) ? p0 : 0) + SR * 0.1;
    }, 'the playhead to move 0.1 s', 10_000);
    await frame.locator('#play').click(); // pause
    await vscode.screenshot('preview-playing');

    await frame.locator('vscode-button[aria-label="Whole file"]').click();
    await vscode.page.waitForTimeout(400);
    // The clipped run is drawn: at the whole-file view, the pixel just under +1 FS is painted in the clip's column
    // (x = 33 000 / 66 150 of the width; ±1 FS sits at 5 % of the height) and empty in a quiet column (frame 10 000).
    const painted = await frame.evaluate<number[]>(`(() => {
      const c = document.querySelector('canvas.wave');
      const ctx = c.getContext('2d');
      const y = Math.round(c.height * 0.05) + 3;
      const alphaAt = (frame) => ctx.getImageData(Math.floor(frame / ${3 * SR} * c.width), y, 1, 1).data[3];
      return [alphaAt(${CLIP_START + CLIP_FRAMES / 2}), alphaAt(10000)];
    })()`);
    assert.ok(painted[0] > 0, `clip column painted under +1 FS (alpha ${painted[0]})`);
    assert.equal(painted[1], 0, 'a quiet column is empty under +1 FS');
    await runCommandWhenReady(vscode, 'Notifications: Clear All Notifications');
    const light = await editorShot(vscode, path.join(DOCS_SHOTS, 'preview-light.png'));
    await vscode.runCommand('Preferences: Toggle between Light/Dark Themes');
    await vscode.page.waitForTimeout(1500);
    const dark = await editorShot(vscode, path.join(DOCS_SHOTS, 'preview-dark.png'));
    console.log(`preview: screenshots ${Math.round(light / 1024)} KB (light), ${Math.round(dark / 1024)} KB (dark)`);
    assert.ok(light < 300 * 1024 && dark < 300 * 1024);

    // An unreadable file opens to a message naming the file and the reason.
    await openFile(vscode, 'broken.wav');
    await vscode.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'broken.wav' }).first().click();
    const broken = await renderedPreview(vscode, 'broken.wav', 20_000, 'error');
    const message = await broken.locator('.error-message').innerText();
    console.log(`preview: unreadable file shows "${message}"`);
    assert.match(message, /broken\.wav cannot be read: /);
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('preview: 1 hour of 48 kHz 24-bit stereo, first render time and extension host memory (reported)', async () => {
  const long = path.join(tmpdir(), 'preview-bench-3600s-48k-24bit-stereo.wav');
  writeLongWav(long, { seconds: 3600, sampleRate: 48000, bits: 24, channels: 2, clipAt: { start: 48000 * 60, frames: 480 } });
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-long-'));
  const name = 'long-pcm24-48k-stereo-1h.wav';
  symlinkSync(long, path.join(workspace, name));
  writeFileSync(path.join(workspace, 'notes.txt'), '\n');
  const vscode = await startVsCode({ workspace, name: 'preview-long', theme: 'dark' });
  try {
    // Let the extension host start (open a text file), then take the memory baseline.
    await openFile(vscode, 'notes.txt');
    await vscode.page.keyboard.press('Enter');
    await vscode.page.waitForTimeout(3000);
    const rss0 = extensionHostRss(vscode);
    assert.ok(rss0 > 0, 'found this session\'s extension host process');
    await openFile(vscode, name);
    const t0 = Date.now();
    await vscode.page.keyboard.press('Enter');
    let peak = rss0;
    const sampler = setInterval(() => { peak = Math.max(peak, extensionHostRss(vscode)); }, 200);
    try {
      const frame = await renderedPreview(vscode, name, 60_000);
      const firstRender = Date.now() - t0;
      await frame.locator('body[data-overview="done"]').waitFor({ timeout: 300_000 });
      const overview = Date.now() - t0;
      await vscode.screenshot('preview-long-overview');
      // Zoom onto the clipped burst at 1:00 by wheel, then play through WebAudio (24-bit: host-decoded PCM chunks).
      await frame.locator('#play').click();
      await vscode.waitUntil(async () => Number(await frame.locator('body').getAttribute('data-playhead') ?? 0) > 48000 * 0.2,
        'the WebAudio playhead to move 0.2 s', 15_000);
      await frame.locator('#play').click();
      clearInterval(sampler);
      peak = Math.max(peak, extensionHostRss(vscode));
      console.log(`preview (1 h, 48 kHz, 24-bit stereo, 1.04 GB): first render ${firstRender} ms, complete overview ${overview} ms, `
        + `extension host RSS ${Math.round(rss0 / 2 ** 20)} MB -> peak ${Math.round(peak / 2 ** 20)} MB (+${Math.round((peak - rss0) / 2 ** 20)} MB)`);
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
