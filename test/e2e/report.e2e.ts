// End to end in code-server: Audit Workspace, then Show Report. The panel shows the report's counts (light and
// dark screenshots for the docs), a histogram bin click filters the table, a row click opens the file, the XSS-named
// file stays text, and Export Report… HTML opens offline in Chromium with the same numbers.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { histogram } from '../../src/core/report/histogram';
import { referenceLines } from '../../src/core/report/metrics';
import { filterRows, NO_FILTER } from '../../src/core/report/table';
import { toReportView } from '../../src/core/report/view';
import type { AuditReport } from '../../src/core/types';
import { runAudit } from '../../src/workers/runAudit';
import { generateDemoDataset } from '../fixtures/dataset';
import { XSS_NAME } from '../fixtures/fakeReport';
import { REPO_ROOT, startVsCode, type VsCodeSession } from './harness';
import { launch } from './reportPage';

const WORKER = path.join(REPO_ROOT, 'dist', 'worker.js');
// README screenshots go to docs/screenshots only when asked (npm run screenshots); a test run never edits tracked files.
const DOCS_SHOTS = process.env.AUDIO_AUDIT_DOCS_SHOTS ?? path.join(process.env.AUDIO_AUDIT_SCREENSHOTS ?? path.join(REPO_ROOT, 'test-results', 'e2e-screenshots'), 'docs');
const MAX_SHOT_BYTES = 300 * 1024;

/** The dataset: the demo files (one per rule) plus a clean file copied under the XSS name. */
function makeDataset(): { workspace: string; fileCount: number } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-report-'));
  const files = generateDemoDataset(workspace);
  copyFileSync(path.join(workspace, 'clean', 'pcm16-22k-mono-speech-01.wav'), path.join(workspace, 'clean', XSS_NAME));
  return { workspace, fileCount: files.length + 1 };
}

function counts(report: AuditReport) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of report.files) for (const x of f.findings) c[x.severity]++;
  return c;
}

/** The report webview's document: code-server nests it in two iframes. */
async function reportFrame(vscode: VsCodeSession): Promise<Frame> {
  let frame: Frame | undefined;
  await vscode.waitUntil(async () => {
    for (const f of vscode.page.frames()) {
      if (await f.locator('#file-table').count().catch(() => 0)) { frame = f; return true; }
    }
    return false;
  }, 'the report webview', 30_000);
  await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-rows')) !== null, 'the report table', 30_000);
  return frame!;
}

/** Waits until the table shows `n` rows. Polls an attribute: the webview CSP forbids the eval that waitForFunction uses. */
async function waitForRows(vscode: VsCodeSession, frame: Frame, n: number): Promise<void> {
  await vscode.waitUntil(async () => (await frame.locator('body').getAttribute('data-rows')) === String(n), `${n} table rows`, 10_000);
}

async function shot(vscode: VsCodeSession, file: string): Promise<void> {
  mkdirSync(DOCS_SHOTS, { recursive: true });
  await vscode.page.screenshot({ path: file });
  const size = statSync(file).size;
  console.log(`# ${path.relative(REPO_ROOT, file)}: ${(size / 1024).toFixed(0)} KiB`);
  assert.ok(size < MAX_SHOT_BYTES, `${file} is ${size} bytes`);
}

async function openReport(theme: 'light' | 'dark', workspace: string): Promise<{ vscode: VsCodeSession; frame: Frame }> {
  const vscode = await startVsCode({ workspace, name: `report-${theme}`, theme, viewport: { width: 1600, height: 1000 } });
  await vscode.runCommand('Audio Audit: Audit Workspace');
  await vscode.waitForAuditDone();
  await vscode.runCommand('View: Close Primary Side Bar');
  await vscode.runCommand('Audio Audit: Show Report');
  return { vscode, frame: await reportFrame(vscode) };
}

test('Show Report: cards, charts and table match the audit; bin click filters; row click opens; XSS stays text; HTML export', async () => {
  const { workspace, fileCount } = makeDataset();
  // The expected numbers come from the same audit run headless.
  const report = await runAudit(workspace, { settings: DEFAULT_SETTINGS, workerPath: WORKER });
  const view = toReportView(report);
  const sev = counts(report);
  assert.ok(report.files.some((f) => f.path === `clean/${XSS_NAME}`));
  assert.equal(report.files.length, fileCount);

  const { vscode, frame } = await openReport('light', workspace);
  try {
    assert.equal(await frame.textContent('#card-files .card-value'), String(report.files.length));
    assert.equal(await frame.textContent('#card-errors .card-value'), String(sev.error));
    assert.equal(await frame.textContent('#card-warnings .card-value'), String(sev.warning));
    assert.equal(await frame.textContent('#card-info .card-value'), String(sev.info));
    assert.equal(await frame.textContent('#row-count'), `${report.files.length} files`);
    assert.equal(await frame.locator('.charts canvas').count(), 8, 'rules chart + 7 histograms');
    await shot(vscode, path.join(DOCS_SHOTS, 'report-light.png'));

    // The XSS-named file is a row whose text is the name; no element was made from it and nothing ran.
    await frame.locator('#text-filter input').fill('onerror');
    await waitForRows(vscode, frame, 1);
    const row = frame.locator('.vt-spacer > .vt-row:not([hidden])').first();
    assert.equal(await row.locator('.vt-col-path').textContent(), `clean/${XSS_NAME}`);
    assert.equal(await frame.locator('img').count(), 0);
    assert.equal(await frame.evaluate('window.__xss'), undefined);
    assert.equal(await vscode.page.evaluate('window.__xss'), undefined);
    await frame.locator('#clear-filter').click();
    await waitForRows(vscode, frame, report.files.length);

    // Click the peak histogram's fullest bin: the table then lists exactly the files in it.
    const lines = referenceLines('peakDbfs', report.settings, report.dataset, view.expectedZeroBin);
    const h = histogram(view.files.metrics.peakDbfs, { include: lines.map((l) => l.value) });
    const fullest = h.counts.indexOf(Math.max(...h.counts));
    const expectedRows = filterRows(view, { ...NO_FILTER, bin: { metric: 'peakDbfs', width: h.width, bin: h.first + fullest } }).length;
    assert.equal(expectedRows, h.counts[fullest]);
    const pt = await frame.evaluate(`window.__reportTest.barPoint('chart-peakDbfs', ${fullest})`) as { x: number; y: number };
    await frame.locator('#chart-peakDbfs canvas').click({ position: pt });
    await waitForRows(vscode, frame, expectedRows);
    await vscode.screenshot('bin-filtered');

    // Clicking a row opens that file in an editor tab (the preview editor when installed, else the default one).
    const target = frame.locator('.vt-spacer > .vt-row:not([hidden])').first();
    const relPath = (await target.locator('.vt-col-path').textContent())!;
    await target.click();
    const base = relPath.split('/').pop()!;
    await vscode.page.locator('.tabs-container .tab', { hasText: base }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await vscode.screenshot('row-opened');

    // Export HTML… from the panel's button (the same path as Export Report… → HTML) through the save dialog,
    // then open the file offline. runCommand cannot drive the command itself: its kind picker keeps the quick input open.
    const out = path.join(workspace, 'exported-report.html');
    await frame.locator('#export-html').click();
    // The save dialog: VS Code's simple file dialog in code-server (a quick input holding the path).
    const input = vscode.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    // Wait until the dialog holds its proposed name (next to the audited folder) before replacing it.
    await vscode.waitUntil(async () => (await input.inputValue().catch(() => '')).endsWith('-audio-audit.html'), 'the save dialog');
    await input.fill(out);
    await vscode.page.waitForTimeout(300);
    await vscode.screenshot('export-save-dialog');
    await vscode.page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
    await vscode.waitUntil(async () => existsSync(out) && readFileSync(out, 'utf8').includes('</html>'), 'the exported HTML', 20_000)
      .catch(async (e) => { await vscode.screenshot('export-failed'); throw e; });

    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, offline: true });
      const requests: string[] = [];
      await context.route((url) => url.protocol !== 'file:', (r) => { requests.push(r.request().url()); return r.abort(); });
      const page = await context.newPage();
      await page.goto(pathToFileURL(out).href);
      await vscode.waitUntil(async () => (await page.locator('body').getAttribute('data-rows')) !== null, 'the exported report', 20_000);
      for (const id of ['card-files', 'card-errors', 'card-warnings', 'card-info', 'card-duration']) {
        assert.equal(await page.textContent(`#${id} .card-value`), await frame.textContent(`#${id} .card-value`), id);
      }
      assert.equal(await page.evaluate('window.__xss'), undefined);
      assert.deepEqual(requests, []);
      await page.screenshot({ path: path.join(DOCS_SHOTS, 'report-standalone.png') });
      console.log(`# docs/screenshots/report-standalone.png: ${(statSync(path.join(DOCS_SHOTS, 'report-standalone.png')).size / 1024).toFixed(0)} KiB`);
    } finally {
      await browser.close();
    }
  } finally {
    await vscode.close();
  }
});

test('dark theme: the panel opened before the audit shows its progress and fills in when the report lands', async () => {
  const { workspace, fileCount } = makeDataset();
  const vscode = await startVsCode({ workspace, name: 'report-dark', theme: 'dark', viewport: { width: 1600, height: 1000 } });
  try {
    await vscode.runCommand('View: Close Primary Side Bar');
    await vscode.runCommand('Audio Audit: Show Report');
    let frame: Frame | undefined;
    await vscode.waitUntil(async () => {
      for (const f of vscode.page.frames()) if (await f.locator('#app').count().catch(() => 0)) { frame = f; return true; }
      return false;
    }, 'the empty report webview', 30_000);
    // Before any audit the host answers 'ready' with no report: the empty state.
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-loaded')) === 'false', 'the empty state', 10_000);
    await vscode.runCommand('Audio Audit: Audit Workspace');
    await vscode.waitForAuditDone();
    // Live update: the same panel, no reopening.
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-rows')) === String(fileCount), 'the report in the open panel', 20_000);
    assert.equal(await frame!.textContent('#card-files .card-value'), String(fileCount));
    await shot(vscode, path.join(DOCS_SHOTS, 'report-dark.png'));

    // After a window reload the serializer brings the panel back with its saved filter (the report store starts
    // empty again, so the panel shows the empty state until the next audit).
    await frame!.locator('#text-filter input').fill('speech');
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-rows')) === '8', 'the text filter', 10_000);
    await vscode.runCommand('Developer: Reload Window');
    await vscode.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    let revived: Frame | undefined;
    await vscode.waitUntil(async () => {
      for (const f of vscode.page.frames()) if (await f.locator('#text-filter').count().catch(() => 0)) { revived = f; return true; }
      return false;
    }, 'the revived report webview', 60_000);
    await vscode.waitUntil(async () => (await revived!.locator('#text-filter').evaluate((e) => (e as unknown as { value: string }).value).catch(() => '')) === 'speech',
      'the restored text filter', 20_000);
    await vscode.screenshot('after-reload');
  } finally {
    await vscode.close();
  }
});
