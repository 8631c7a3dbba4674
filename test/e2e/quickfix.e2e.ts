// End to end in code-server: the quick fixes on a manifest line are ordinary undoable edits ("Set duration to the
// decoded N s", "Remove this entry"); an audio finding's lightbulb and Ctrl+. in the preview (an audio file has no
// text model, so no editor lightbulb) write a corrected copy and zoom to the finding; the walkthrough ticks its steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateDemoDataset } from '../fixtures/dataset';
import { startVsCode, type VsCodeSession } from './harness';
import type { Frame } from 'playwright-core';
import { renderedPreview, reportFrame } from './webviews';

/** Quick Open a workspace file by name and wait for its editor tab. */
async function openFile(vscode: VsCodeSession, name: string): Promise<void> {
  const { page } = vscode;
  await page.keyboard.press('Escape');
  // F1, then the name without '>': Quick Open's file mode. (Ctrl+P is not passed on from inside a webview.)
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
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

/** The code-server save dialog (a quick input) proposes <workspace>-fixed; Enter accepts it. Then the corrected
 * copy is there, its mean below 1e-4 by libsndfile (the input's is +0.05), and the input's sha256 is unchanged. */
async function acceptCorrectedCopy(vscode: VsCodeSession, workspace: string, input: string, sha256: string, shot: string): Promise<void> {
  const { page } = vscode;
  const dialogInput = page.locator('.quick-input-widget .quick-input-box input');
  await dialogInput.waitFor({ state: 'visible', timeout: 10_000 });
  // The simple dialog shows '/' until it has resolved the proposed path.
  await vscode.waitUntil(async () => (await dialogInput.inputValue()) === `${workspace}-fixed`, 'the proposed <workspace>-fixed path', 15_000);
  await page.keyboard.press('Enter');
  const out = path.join(`${workspace}-fixed`, 'rules', path.basename(input));
  await vscode.waitUntil(async () => existsSync(out), 'the corrected copy', 60_000);
  await vscode.notification(/wrote .*dc-offset-plus-0\.05\.wav/).first().waitFor({ state: 'visible', timeout: 30_000 });
  // The fix log opens beside.
  await vscode.waitUntil(async () => (await page.locator('.tabs-container .tab', { hasText: 'fix-log.csv' }).count()) > 0, 'the fix log tab');
  await vscode.screenshot(shot);
  const mean = Number(execFileSync('/usr/bin/python3', ['-c',
    `import soundfile as sf, numpy as np; x, _ = sf.read(${JSON.stringify(out)}); print(float(np.mean(x)))`], { encoding: 'utf8' }).trim());
  assert.ok(Math.abs(mean) < 1e-4, `mean of the corrected copy ${mean}`);
  assert.equal(createHash('sha256').update(readFileSync(input)).digest('hex'), sha256, 'the input is unchanged');
  rmSync(`${workspace}-fixed`, { recursive: true, force: true });
  // Close the log (and with it the group beside) so the preview has the width again.
  await page.locator('.tabs-container .tab', { hasText: 'fix-log.csv' }).first().locator('.codicon-close').click().catch(() => undefined);
}

/** Focuses the preview tab of `fileName` and returns its drawn page. */
async function backToPreview(vscode: VsCodeSession, fileName: string) {
  await vscode.page.locator('.tabs-container .tab', { hasText: fileName }).first().click();
  return renderedPreview(vscode, fileName);
}

/** The labels of the Quick Pick's shown rows, in order (separators are not rows; an earlier pick's rows linger hidden). */
async function pickerLabels(vscode: VsCodeSession): Promise<string[]> {
  const rows = vscode.page.locator('.quick-input-widget .monaco-list-row').filter({ visible: true });
  const shown = await rows.evaluateAll((els) => els.map((row) => [Number(row.getAttribute('data-index')), row.querySelector('.label-name')?.textContent ?? ''] as const));
  return shown.sort((a, b) => a[0] - b[0]).map(([, label]) => label);
}

/** The preview's visible time range in seconds, as its time axis prints it ("m:ss.mmm – m:ss.mmm"). */
async function visibleRange(frame: Frame): Promise<[number, number]> {
  const text = await frame.locator('.time-axis').innerText();
  const m = /(\d+):(\d+\.\d+)\s*–\s*(\d+):(\d+\.\d+)/.exec(text);
  assert.ok(m, `time axis "${text}"`);
  return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
}

/** Waits for the preview to zoom in (narrower than the 2 s file) around `time`, with the time axis's 1 ms rounding. */
async function expectZoomedAround(vscode: VsCodeSession, frame: Frame, time: number, via: string): Promise<void> {
  let range: [number, number] = [0, 0];
  await vscode.waitUntil(async () => { range = await visibleRange(frame); return range[1] - range[0] < 2; }, `the zoom from ${via}`).catch(() => undefined);
  assert.ok(range[1] - range[0] < 0.5, `zoomed in from ${via}: ${range.join(' – ')} s`);
  assert.ok(range[0] - 0.0005 <= time && time <= range[1] + 0.0005, `${time} s inside ${range.join(' – ')} s (${via})`);
}

const WALKTHROUGH_STEPS = ['openDataset', 'runAudit', 'readFinding', 'openReport', 'exportForCI'];

/** Welcome: Open Walkthrough… → "Audit a training dataset", once its five steps are on the page. */
async function openWalkthrough(vscode: VsCodeSession): Promise<void> {
  const { page } = vscode;
  await vscode.runCommand('Welcome: Open Walkthrough...');
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Audit a training dataset' }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  await pick.click();
  for (const title of ['Open a dataset', 'Run the audit', 'Read a finding', 'Open the report', 'Export for CI']) {
    await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ state: 'attached', timeout: 15_000 });
  }
}

/** Each step's check box (aria-checked), in the walkthrough's order. */
async function walkthroughTicks(vscode: VsCodeSession): Promise<(string | null)[]> {
  return Promise.all(WALKTHROUGH_STEPS.map((step) =>
    vscode.page.locator(`[data-done-step-id$="#audioAudit.firstRun#${step}"]`).first().getAttribute('aria-checked')));
}

/** Scrolls the Problems tree (virtualized) until a marker whose message contains `text` is shown, and clicks it. */
async function clickMarker(vscode: VsCodeSession, text: string): Promise<void> {
  const { page } = vscode;
  const tree = page.locator('.markers-panel .monaco-list').first();
  await tree.waitFor({ state: 'visible' });
  const marker = page.locator('.markers-panel .monaco-list-row .marker-message', { hasText: text }).first();
  for (let i = 0; i < 60 && !(await marker.isVisible()); i++) {
    await tree.hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(100);
  }
  await marker.click();
}

test('manifest quick fixes edit the line and Undo restores it; the preview lightbulb and Ctrl+. write a corrected copy and zoom to a finding; the walkthrough ticks', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-quickfix-'));
  generateDemoDataset(workspace);
  const trainPath = path.join(workspace, 'speech', 'train.jsonl');
  const original = readFileSync(trainPath, 'utf8');
  const lines = original.split('\n');
  // The demo's line 4 declares 2.5 s for utt-03.wav, whose audio is 2 s (44 100 frames at 22 050 Hz; fixtures/dataset.ts).
  assert.equal(JSON.parse(lines[3]).duration, 2.5);
  // An audiofolder metadata.csv beside the clean files (2 s each: 44 100 frames at 22 050 Hz): row 1 declares 2.5 s,
  // its transcript quoted with a comma in it, so the duration column is found by the header, not by counting commas.
  const metadataPath = path.join(workspace, 'clean', 'metadata.csv');
  const metadata = 'file_name,transcription,duration\npcm16-22k-mono-speech-01.wav,"hello, world",2.5\npcm16-22k-mono-speech-02.wav,fine,2\n';
  writeFileSync(metadataPath, metadata);
  const vscode = await startVsCode({ workspace, name: 'quickfix', theme: 'light', viewport: { width: 1440, height: 900 } });
  const { page } = vscode;
  try {
    // The walkthrough first: VS Code creates its progress tracker when a walkthrough or the Welcome page is first
    // shown (the harness starts without the Welcome page), and only then hears the commands and views that tick steps.
    // The folder was open before that, and an already-true context ticks nothing: no step is done yet.
    await openWalkthrough(vscode);
    assert.deepEqual(await walkthroughTicks(vscode), ['false', 'false', 'false', 'false', 'false']);
    await vscode.runCommand('View: Close All Editors');

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

    // The same fix on the audiofolder metadata.csv row: only the duration cell changes; Undo restores it.
    await openFile(vscode, 'metadata.csv');
    await quickFixMenu(vscode, 2, 'Set duration to the decoded 2 s');
    await vscode.screenshot('quickfix-menu-metadata-csv');
    await applyQuickFix(vscode, 'Set duration to the decoded 2 s');
    const metadataFixed = metadata.replace('"hello, world",2.5', '"hello, world",2');
    assert.equal(await saveAndRead(vscode, metadataPath, metadataFixed, 'the metadata.csv edit saved'), metadataFixed);
    await page.keyboard.press('Control+Z');
    assert.equal(await saveAndRead(vscode, metadataPath, metadata, 'the metadata.csv undo saved'), metadata);

    // An audio finding: a click on the dc-offset marker in the Problems panel opens the file in the preview (an audio
    // file has no text model, so the panel offers no lightbulb there); its finding row carries the lightbulb.
    await vscode.runCommand('View: Close All Editors');
    await vscode.openProblemsPanel();
    await clickMarker(vscode, 'DC offset of +0.0500');
    const frame = await renderedPreview(vscode, 'dc-offset-plus-0.05.wav');
    await vscode.runCommand('View: Hide Panel');   // room for the preview in the screenshots
    const bulb = frame.locator('.finding[data-rule="dc-offset"] .lightbulb');
    assert.equal(await bulb.getAttribute('title'), 'Show Code Actions (Ctrl+.)');
    await bulb.click();
    const menu = frame.locator('.action-menu[role="menu"]');
    await menu.waitFor({ state: 'visible', timeout: 5_000 });
    // The editor lightbulb's list for one dc-offset diagnostic (codeActions.ts): the fix, Show in preview, Exclude.
    assert.deepEqual(await menu.locator('.action-item .action-title').allInnerTexts(), ['Write a corrected copy…', 'Show in preview', 'Exclude from audits']);
    await vscode.screenshot('lightbulb-menu-light');

    // "Write a corrected copy…" from the lightbulb: the save dialog proposes <workspace>-fixed (outside the audited
    // folder); accepting it writes the copy there with its DC removed, and the input is unchanged.
    const input = path.join(workspace, 'rules', 'dc-offset-plus-0.05.wav');
    const before = createHash('sha256').update(readFileSync(input)).digest('hex');
    await menu.locator('.action-item[data-action="correct"]').click();
    await acceptCorrectedCopy(vscode, workspace, input, before, 'corrected-copy-from-lightbulb');

    // The same from the keyboard: Ctrl+. in the preview lists every finding's actions (minmax-zero-shift first, as
    // the header lists them), the same titles in the same order as the editor's lightbulb.
    let preview = await backToPreview(vscode, 'dc-offset-plus-0.05.wav');
    await preview.locator('.file-name').click();
    await page.keyboard.press('Control+.');
    const picker = page.locator('.quick-input-widget');
    await picker.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.deepEqual(await pickerLabels(vscode), [
      'Show dataset-wide quantization', 'Show in preview', 'Write a corrected copy…', 'Show in preview', 'Exclude from audits']);
    await vscode.screenshot('quickfix-picker-light');
    await picker.locator('.monaco-list-row', { hasText: 'Write a corrected copy…' }).first().click();
    await acceptCorrectedCopy(vscode, workspace, input, before, 'corrected-copy-from-ctrl-dot');

    // minmax-zero-shift (the same file fires it): its lightbulb opens the read-only dataset-wide quantization document.
    preview = await backToPreview(vscode, 'dc-offset-plus-0.05.wav');
    await preview.locator('.finding[data-rule="minmax-zero-shift"] .lightbulb').click();
    await preview.locator('.action-item[data-action="quantization"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'dataset-quantization.py' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'CORPUS_MIN' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await vscode.screenshot('dataset-quantization');

    // "Show in preview" on the clipping finding zooms to its longest clipped run. Where that run is comes from the
    // file itself, read by libsndfile: the demo drives speechLike(seed 107, peak 0.3) 4x into ±1, so the syllable
    // peaks clip; numpy finds the first longest run of |x| >= 0.999 (the default clipLevel).
    const clipped = path.join(workspace, 'rules', 'clipping-overdriven-4x.wav');
    const [runStart, runLength, clipRate, clipFrames] = execFileSync('/usr/bin/python3', ['-c', [
      'import soundfile as sf, numpy as np',
      `x, sr = sf.read(${JSON.stringify(clipped)}, always_2d=True)`,
      'c = np.concatenate(([0], (np.abs(x[:, 0]) >= 0.999).astype(int), [0]))',
      'd = np.diff(c); s = np.where(d == 1)[0]; e = np.where(d == -1)[0]; i = int(np.argmax(e - s))',
      'print(int(s[i]), int(e[i] - s[i]), sr, len(x))'].join('\n')], { encoding: 'utf8' }).trim().split(' ').map(Number);
    assert.ok(runLength > 1 && clipFrames === 44_100, `longest clipped run ${runLength} of ${clipFrames} frames`);
    const runTime = runStart / clipRate;
    await openFile(vscode, 'clipping-overdriven-4x.wav');
    const clipping = await renderedPreview(vscode, 'clipping-overdriven-4x.wav');
    assert.deepEqual(await visibleRange(clipping), [0, 2]);
    await clipping.locator('.finding[data-rule="clipping"] .lightbulb').click();
    const clipMenu = clipping.locator('.action-menu');
    // Clipping has no inverse: the corrected copy is listed, disabled, and says why.
    const disabled = clipMenu.locator('.action-item[data-action="correct"]');
    assert.equal(await disabled.getAttribute('aria-disabled'), 'true');
    assert.match(await disabled.locator('.action-reason').innerText(), /^Clipping cannot be undone/);
    await vscode.screenshot('lightbulb-menu-clipping-light');
    await clipMenu.locator('.action-item[data-action="show"]').click();
    await expectZoomedAround(vscode, clipping, runTime, 'the lightbulb');
    await page.waitForTimeout(800);   // the zoomed tile replaces the overview's columns
    await vscode.screenshot('show-in-preview-clipping');
    // Back to the whole file, then the same from Ctrl+.: the picker's "Show in preview" of the clipping finding.
    await clipping.locator('vscode-button[aria-label="Whole file"]').click();
    await vscode.waitUntil(async () => JSON.stringify(await visibleRange(clipping)) === '[0,2]', 'the whole file again');
    await clipping.locator('.file-name').click();
    await page.keyboard.press('Control+.');
    await picker.locator('.monaco-list-row', { hasText: 'Show in preview' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await picker.locator('.monaco-list-row', { hasText: 'Show in preview' }).first().click();
    await expectZoomedAround(vscode, clipping, runTime, 'Ctrl+.');

    // The dark theme: the lightbulb menu and the picker take their colours from it.
    await vscode.runCommand('Preferences: Color Theme');
    await page.locator('.quick-input-widget .quick-input-box input').fill('Dark Modern');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await vscode.waitUntil(async () => (await page.locator('.monaco-workbench.vs-dark').count()) > 0, 'the dark theme');
    const dark = await backToPreview(vscode, 'clipping-overdriven-4x.wav');
    await dark.locator('.finding[data-rule="clipping"] .lightbulb').focus();
    await page.keyboard.press('Enter');   // the keyboard opens it with the first action focused
    await dark.locator('.action-menu').waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await vscode.screenshot('lightbulb-menu-dark');
    await page.keyboard.press('Escape');
    await dark.locator('.action-menu').waitFor({ state: 'detached' });
    await dark.locator('.file-name').click();
    await page.keyboard.press('Control+.');
    await picker.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
    await vscode.screenshot('quickfix-picker-dark');
    await page.keyboard.press('Escape');

    // Exclude from audits: the workspace setting names the file, and its findings leave the Problems panel.
    // (Quick Open and the quantization document took the place of its preview-mode tab.)
    await openFile(vscode, 'dc-offset-plus-0.05.wav');
    const again = await renderedPreview(vscode, 'dc-offset-plus-0.05.wav');
    await again.locator('.finding[data-rule="dc-offset"] .lightbulb').click();
    await again.locator('.action-item[data-action="exclude"]').click();
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

    // The walkthrough: Welcome: Open Walkthrough… lists it; it opens with its five steps, and the ones this session
    // did are ticked: a folder is open, the audit ran, the Problems view was shown (View: Focus Problems, not the
    // Ctrl+Shift+M command), the report opened. Nothing was exported.
    await vscode.runCommand('Audio Audit: Show Report');
    await reportFrame(vscode);
    await vscode.runCommand('View: Close All Editors');
    await openWalkthrough(vscode);
    assert.deepEqual(await walkthroughTicks(vscode), ['true', 'true', 'true', 'true', 'false']);
    await page.locator('.getting-started-step', { hasText: 'Read a finding' }).first().click();
    await page.waitForTimeout(1000);
    await vscode.screenshot('walkthrough');
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
