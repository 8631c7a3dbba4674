// End to end in code-server on a folder of FLAC, MP3, Opus, Ogg Vorbis and AIFF files made by Debian's reference
// encoders: Audit Workspace -> the Problems panel holds exactly the headless report's findings -> a click on a FLAC
// finding opens the preview, which draws and plays it -> an MP3 and an Opus file open in the preview too -> the
// report panel lists every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport, Finding } from '../../src/core/types';
import { runAudit } from '../../src/workers/runAudit';
import { speechLike } from '../fixtures/dataset';
import { encodeWav, toCode } from '../fixtures/wav';
import { run } from '../fixtures/codecs';
import { REPO_ROOT, startVsCode, type VsCodeSession, EXTENSION_DEFAULTS } from './harness';
import { renderedPreview, reportFrame, runCommandWhenReady, waitForRows } from './webviews';

const WORKER = path.join(REPO_ROOT, 'dist', 'worker.js');
const SR = 22050;

function pcmWav(x: Float64Array, sampleRate = SR): Uint8Array {
  return encodeWav({ sampleRate, bits: 16 }, [Array.from(x, (v) => toCode(v, 16))]);
}

/** The corpus: each file made from a WAV by the reference encoder; the WAVs themselves are removed. */
function makeCorpus(dir: string): void {
  const src = (name: string, x: Float64Array, sampleRate = SR) => {
    const p = path.join(dir, `${name}.src.wav`);
    writeFileSync(p, pcmWav(x, sampleRate));
    return p;
  };
  const clean = src('clean', speechLike(3 * SR, SR, 21, 0.5));
  // +0.05 DC (the dc-offset threshold is 0.01): the FLAC keeps it exactly.
  const dc = src('dc', speechLike(3 * SR, SR, 22, 0.4).map((v) => v + 0.05));
  run('flac', ['-s', '-f', '-o', path.join(dir, 'speech-clean.flac'), clean]);
  run('flac', ['-s', '-f', '-o', path.join(dir, 'speech-dc-offset.flac'), dc]);
  run('lame', ['--quiet', '-b', '128', clean, path.join(dir, 'speech-128k.mp3')]);
  run('oggenc', ['--quiet', '-q', '4', '-o', path.join(dir, 'speech-q4.ogg'), clean]);
  const clean48 = src('clean48', speechLike(3 * 48000, 48000, 23, 0.5), 48000);
  run('opusenc', ['--quiet', '--bitrate', '96', clean48, path.join(dir, 'speech-96k.opus')]);
  run('sox', [clean, path.join(dir, 'speech.aiff')]);
  // A FLAC cut in half: the decoder stops early; the audit says truncated.
  const whole = readFileSync(path.join(dir, 'speech-clean.flac'));
  writeFileSync(path.join(dir, 'speech-cut-in-half.flac'), whole.subarray(0, Math.floor(whole.length / 2)));
  for (const f of [clean, dc, clean48]) rmSync(f);
}

const relOf = (workspace: string, file: string) => path.relative(workspace, file).split(path.sep).join('/');

async function playheadMoves(vscode: VsCodeSession, frame: Awaited<ReturnType<typeof renderedPreview>>, frames: number): Promise<void> {
  await frame.locator('#play').click();
  await vscode.waitUntil(async () => Number(await frame.locator('body').getAttribute('data-playhead') ?? 0) > frames,
    `the playhead to pass frame ${frames}`, 15_000);
  await frame.locator('#play').click();
}

test('formats: FLAC, MP3, Opus, Vorbis and AIFF through the Problems panel, the preview with playback, and the report', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-formats-'));
  makeCorpus(workspace);
  const report: AuditReport = await runAudit(workspace, { settings: EXTENSION_DEFAULTS, workerPath: WORKER });
  const byPath = new Map(report.files.map((f) => [f.path, f]));
  // Independent expectations: every file decodes; the DC file carries dc-offset, the cut one truncated.
  assert.equal(report.files.length, 7);
  for (const f of report.files) assert.equal(f.error, null, `${f.path}: ${f.error}`);
  assert.ok(byPath.get('speech-dc-offset.flac')!.findings.some((x) => x.rule === 'dc-offset'));
  assert.ok(byPath.get('speech-cut-in-half.flac')!.findings.some((x) => x.rule === 'truncated'));
  assert.equal(byPath.get('speech-96k.opus')!.format!.sampleRate, 48000);
  assert.equal(byPath.get('speech-clean.flac')!.format!.frames, 3 * SR);
  const expected = report.files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.rule}`)).sort();
  const messages = new Map<string, Finding>(report.files.flatMap((f) => f.findings.map((x) => [`${f.path} ${x.rule}`, x] as const)));

  const vscode = await startVsCode({ workspace, name: 'formats', theme: 'dark', viewport: { width: 1400, height: 1000 } });
  try {
    await runCommandWhenReady(vscode, 'Audio Audit: Audit Workspace');
    await vscode.waitForAuditDone();
    await vscode.openProblemsPanel();
    const rows = await vscode.problems();
    assert.deepEqual(rows.map((r) => `${relOf(workspace, r.file)} ${r.code}`).sort(), expected);
    for (const r of rows) assert.equal(r.message, messages.get(`${relOf(workspace, r.file)} ${r.code}`)!.message);
    await vscode.screenshot('formats-problems');

    // A click on the FLAC's dc-offset finding opens the preview (the default editor for *.flac).
    const dc = messages.get('speech-dc-offset.flac dc-offset')!;
    await vscode.page.locator('.markers-panel .monaco-list-row[aria-level="2"]', { hasText: dc.message }).first().click();
    const flac = await renderedPreview(vscode, 'speech-dc-offset.flac');
    await flac.locator('body[data-overview="done"]').waitFor({ timeout: 20_000 });
    await vscode.runCommand('View: Hide Panel');
    const header = await flac.locator('.preview-header').innerText();
    assert.match(header, /FLAC 16-bit · 22050 Hz · mono · .*\(66,150 frames\)/);
    assert.match(header, /dc-offset/);
    await playheadMoves(vscode, flac, SR * 0.1);
    await vscode.screenshot('formats-preview-flac');

    // MP3 and Opus open in the preview from the Explorer's default editor too, and play.
    for (const [name, rate] of [['speech-128k.mp3', SR], ['speech-96k.opus', 48000]] as const) {
      await vscode.runCommand('View: Close All Editors');
      await vscode.page.keyboard.press('Control+P');
      const input = vscode.page.locator('.quick-input-widget .quick-input-box input');
      await input.fill(name);
      await vscode.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await vscode.page.keyboard.press('Enter');
      const frame = await renderedPreview(vscode, name);
      await frame.locator('body[data-overview="done"]').waitFor({ timeout: 20_000 });
      const h = await frame.locator('.preview-header').innerText();
      assert.match(h, new RegExp(`${rate} Hz · mono`));
      assert.equal(await frame.locator('canvas.wave').count(), 1);
      await playheadMoves(vscode, frame, rate * 0.1);
      await vscode.screenshot(`formats-preview-${path.extname(name).slice(1)}`);
    }

    await vscode.runCommand('View: Close All Editors');
    await vscode.runCommand('Audio Audit: Show Report');
    const panel = await reportFrame(vscode);
    await waitForRows(vscode, panel, report.files.length);
    const table = await panel.locator('#file-table').innerText();
    for (const f of report.files) assert.ok(table.includes(f.path), `${f.path} in the report table`);
    await vscode.screenshot('formats-report');
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
