// End to end in code-server: the quick fixes on a manifest line are ordinary undoable edits ("Set duration to the
// decoded N s", "Remove this entry"); an audio finding offers "Write a corrected copy…" (in the preview, since an
// audio file has no text editor for a lightbulb); the walkthrough opens with its five steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateDemoDataset } from '../fixtures/dataset';
import { startVsCode, type VsCodeSession } from './harness';
import { renderedPreview } from './webviews';

/** Quick Open a workspace file by name and wait for its editor tab. */
async function openFile(vscode: VsCodeSession, name: string): Promise<void> {
  const { page } = vscode;
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await vscode.waitUntil(async () => ((await page.locator('.tabs-container .tab.active').getAttribute('aria-label').catch(() => '')) ?? '').includes(name),
    `the editor of ${name}`);
}

/** Cursor to a 1-based line (Go to Line), then the quick fix menu (Ctrl+.); returns once `title` is listed. */
async function quickFixMenu(vscode: VsCodeSession, line: number, title: string): Promise<void> {
  const { page } = vscode;
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}`);
  await page.keyboard.press('Enter');
  await vscode.waitUntil(async () => ((await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText().catch(() => '')) ?? '').includes(`Ln ${line},`),
    `the cursor on line ${line}`);
  // The diagnostics arrive with the report; Ctrl+. before them finds nothing, so ask again until the fix is listed.
  await vscode.waitUntil(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    return page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
  }, `the quick fix "${title}" on line ${line}`, 30_000);
}

/** Applies a listed quick fix with the keyboard (a pointer block over the editor takes mouse clicks while it is open). */
async function applyQuickFix(vscode: VsCodeSession, title: string): Promise<void> {
  const { page } = vscode;
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && (await focused.getAttribute('aria-label').catch(() => null)) !== title; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focused.getAttribute('aria-label'), title);
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Saves the active editor and returns the file's text once it is on disk as `expected` (or times out with both). */
async function saveAndRead(vscode: VsCodeSession, file: string, expected: string, what: string): Promise<string> {
  await vscode.page.keyboard.press('Control+S');
  let text = '';
  await vscode.waitUntil(async () => (text = readFileSync(file, 'utf8')) === expected, what).catch(() => undefined);
  return text;
}

test('manifest quick fixes edit the line and Undo restores it; an audio finding offers a corrected copy; the walkthrough opens', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-quickfix-'));
  generateDemoDataset(workspace);
  const trainPath = path.join(workspace, 'speech', 'train.jsonl');
  const original = readFileSync(trainPath, 'utf8');
  const lines = original.split('\n');
  // The demo's line 4 declares 2.5 s for utt-03.wav, whose audio is 2 s (44 100 frames at 22 050 Hz; fixtures/dataset.ts).
  assert.equal(JSON.parse(lines[3]).duration, 2.5);
  const vscode = await startVsCode({ workspace, name: 'quickfix', theme: 'light', viewport: { width: 1440, height: 900 } });
  const { page } = vscode;
  try {
    await vscode.runCommand('Audio Audit: Audit Workspace');
    await vscode.waitForAuditDone();

    // Set duration: only the value changes, to the decoded 2 s (JSON.stringify writes 2, not 2.0).
    await openFile(vscode, 'train.jsonl');
    await quickFixMenu(vscode, 4, 'Set duration to the decoded 2 s');
    assert.ok(await page.locator('.action-widget .monaco-list-row', { hasText: 'Remove this entry' }).first().isVisible());
    await vscode.screenshot('quickfix-menu-duration');
    await applyQuickFix(vscode, 'Set duration to the decoded 2 s');
    const fixed = [...lines];
    fixed[3] = JSON.stringify({ ...JSON.parse(lines[3]), duration: 2 });
    assert.equal(await saveAndRead(vscode, trainPath, fixed.join('\n'), 'the duration edit saved'), fixed.join('\n'));
    await vscode.screenshot('quickfix-duration-applied');
    await page.keyboard.press('Control+Z');
    assert.equal(await saveAndRead(vscode, trainPath, original, 'the undo saved'), original);

    // Remove this entry: line 3 (its audio is missing) goes, with its line break; Undo brings it back.
    await quickFixMenu(vscode, 3, 'Remove this entry');
    await vscode.screenshot('quickfix-menu-remove');
    await applyQuickFix(vscode, 'Remove this entry');
    const removed = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    assert.equal(await saveAndRead(vscode, trainPath, removed, 'the removal saved'), removed);
    await page.keyboard.press('Control+Z');
    assert.equal(await saveAndRead(vscode, trainPath, original, 'the undo of the removal saved'), original);
    await vscode.screenshot('quickfix-undone');

    // An audio finding: the dc-offset file opens in the preview, whose finding carries the lightbulb's action.
    await vscode.runCommand('View: Close All Editors');
    await openFile(vscode, 'dc-offset-plus-0.05.wav');
    const frame = await renderedPreview(vscode, 'dc-offset-plus-0.05.wav');
    const item = frame.locator('.finding[class*="severity-"]', { hasText: 'dc-offset' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    const correct = item.locator('.finding-action[data-action="correct"]');
    assert.equal((await correct.innerText()).trim(), 'Write a corrected copy…');
    assert.equal(await correct.isDisabled(), false);
    assert.equal(await frame.locator('.finding-action.exclude').innerText(), 'Exclude from audits');
    await vscode.screenshot('dc-offset-actions');

    // "Write a corrected copy…" on the dc-offset finding: the save dialog proposes <workspace>-fixed (outside the
    // audited folder); accepting it writes the copy there with its DC removed, and the input is unchanged.
    const input = path.join(workspace, 'rules', 'dc-offset-plus-0.05.wav');
    const before = createHash('sha256').update(readFileSync(input)).digest('hex');
    await frame.locator('.finding', { hasText: 'dc-offset' }).locator('.finding-action[data-action="correct"]').click();
    // code-server's save dialog is the simple one: a quick input holding the proposed path; Enter accepts it.
    const dialogInput = page.locator('.quick-input-widget .quick-input-box input');
    await dialogInput.waitFor({ state: 'visible', timeout: 10_000 });
    // The simple dialog shows '/' until it has resolved the proposed path.
    await vscode.waitUntil(async () => (await dialogInput.inputValue()) === `${workspace}-fixed`, 'the proposed <workspace>-fixed path', 15_000);
    await page.keyboard.press('Enter');
    const out = path.join(`${workspace}-fixed`, 'rules', 'dc-offset-plus-0.05.wav');
    await vscode.waitUntil(async () => existsSync(out), 'the corrected copy', 60_000);
    await vscode.notification(/wrote .*dc-offset-plus-0\.05\.wav/).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The fix log opens beside.
    await vscode.waitUntil(async () => (await page.locator('.tabs-container .tab', { hasText: 'fix-log.csv' }).count()) > 0, 'the fix log tab');
    await vscode.screenshot('corrected-copy');
    // Independently of the code: libsndfile reads the copy; its mean is below 1e-4 (the input's is +0.05).
    const mean = Number(execFileSync('/usr/bin/python3', ['-c',
      `import soundfile as sf, numpy as np; x, _ = sf.read(${JSON.stringify(out)}); print(float(np.mean(x)))`], { encoding: 'utf8' }).trim());
    assert.ok(Math.abs(mean) < 1e-4, `mean of the corrected copy ${mean}`);
    assert.equal(createHash('sha256').update(readFileSync(input)).digest('hex'), before, 'the input is unchanged');
    rmSync(`${workspace}-fixed`, { recursive: true, force: true });
    await page.locator('.tabs-container .tab', { hasText: 'dc-offset-plus-0.05.wav' }).first().click();
    const back = await renderedPreview(vscode, 'dc-offset-plus-0.05.wav');

    // minmax-zero-shift (the same file fires it): the read-only dataset-wide quantization document opens beside.
    await back.locator('.finding-action[data-action="quantization"]').first().click();
    const tab = page.locator('.tabs-container .tab.active');
    await vscode.waitUntil(async () => ((await tab.getAttribute('aria-label')) ?? '').includes('dataset-quantization.py'), 'the quantization document');
    await page.locator('.editor-instance .view-lines', { hasText: 'CORPUS_MIN' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await vscode.screenshot('dataset-quantization');

    // Exclude from audits: the workspace setting names the file, and its findings leave the Problems panel.
    await page.locator('.tabs-container .tab', { hasText: 'dc-offset-plus-0.05.wav' }).first().click();
    const again = await renderedPreview(vscode, 'dc-offset-plus-0.05.wav');
    await again.locator('.finding-action.exclude').click();
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    await vscode.waitUntil(async () => { try { return JSON.parse(readFileSync(settingsFile, 'utf8'))['audioAudit.exclude']?.[0] === 'rules/dc-offset-plus-0.05.wav'; } catch { return false; } },
      'audioAudit.exclude in .vscode/settings.json').catch(async (e) => {
      await vscode.screenshot('exclude-timeout');
      console.log(vscode.outputLog('Audio Audit').split('\n').slice(-20).join('\n'));
      throw e;
    });
    await vscode.openProblemsPanel();
    await vscode.waitUntil(async () => !(await vscode.problems()).some((r) => r.file.endsWith('dc-offset-plus-0.05.wav')), 'the excluded file to lose its findings');
    await vscode.screenshot('excluded');

    // The walkthrough: Welcome: Open Walkthrough… lists it; it opens with its five steps.
    await vscode.runCommand('View: Close All Editors');
    await vscode.runCommand('Welcome: Open Walkthrough...');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Audit a training dataset' }).first();
    await pick.waitFor({ state: 'visible', timeout: 10_000 });
    await pick.click();
    for (const title of ['Open a dataset', 'Run the audit', 'Read a finding', 'Open the report', 'Export for CI']) {
      await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ state: 'attached', timeout: 15_000 });
    }
    await page.locator('.getting-started-step', { hasText: 'Read a finding' }).first().click();
    await page.waitForTimeout(1000);
    await vscode.screenshot('walkthrough');
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
