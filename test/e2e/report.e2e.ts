// End to end in code-server: Audit Workspace, then Show Report. The panel shows the report's counts (light and
// dark screenshots for the docs), a histogram bin click filters the table, a row click opens the file, the XSS-named
// file stays text, and Export Report… HTML opens offline in Chromium with the same numbers. The open panel fills in
// while an audit runs, and Open Report File… shows a 100 000-file report (open time and scroll frame times printed).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { histogram } from '../../src/core/report/histogram';
import { referenceLines } from '../../src/core/report/metrics';
import { filterRows, NO_FILTER } from '../../src/core/report/table';
import { toReportView } from '../../src/core/report/view';
import type { AuditReport } from '../../src/core/types';
import { runAudit } from '../../src/workers/runAudit';
import { generateDemoDataset, writeDcOffsetCopies } from '../fixtures/dataset';
import { fakeReport, XSS_NAME } from '../fixtures/fakeReport';
import { encodeWav, toCode } from '../fixtures/wav';
import { REPO_ROOT, startVsCode, type VsCodeSession, EXTENSION_DEFAULTS } from './harness';
import { hostLines, openReportFile } from './reportHelpers';
import { reportFrame, waitForRows } from './webviews';
import { launch, quantile, scriptedScroll } from './reportPage';

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
  for (const f of [...report.files, ...(report.manifests ?? [])]) for (const x of f.findings) c[x.severity]++;
  return c;
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
  const report = await runAudit(workspace, { settings: EXTENSION_DEFAULTS, workerPath: WORKER });
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
    assert.equal(await frame.locator('section.charts canvas').count(), 9, 'rules chart + 8 histograms');
    assert.equal(await frame.locator('#manifests-section canvas').count(), 2, 'duration scatter + manifest findings by rule');
    await shot(vscode, path.join(DOCS_SHOTS, 'report-light.png'));

    // The XSS-named file is a row whose text is the name; no element was made from it and nothing ran.
    await frame.locator('#text-filter input').fill('onerror');
    // The XSS file, and clean/…-01 whose duplicate-audio message names it (the filter reads paths and messages).
    const xssRows = filterRows(view, { ...NO_FILTER, text: 'onerror' }).length;
    assert.equal(xssRows, 2);
    await waitForRows(vscode, frame, xssRows);
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

    // The manifests section lists the demo's NeMo train and test manifests with their findings; a finding opens the
    // manifest at its line; the duplicates table puts the cross-split pair first and opens both files side by side.
    const manifests = report.manifests ?? [];
    assert.equal(manifests.length, 2);
    const manifestRows = frame.locator('#manifest-table tbody tr');
    await manifestRows.first().waitFor({ state: 'visible' });
    assert.equal(await manifestRows.count(), manifests.length);
    for (const m of manifests) assert.ok((await frame.locator('#manifest-table').innerText()).includes(m.path), m.path);
    const findingsShown = await frame.locator('#manifest-findings tbody tr').count();
    assert.equal(findingsShown, Math.min(100, manifests.reduce((n, m) => n + m.findings.length, 0)));
    await frame.locator('#manifests-section').scrollIntoViewIfNeeded();
    await vscode.screenshot('manifests-section');
    const missing = manifests.find((m) => m.path === 'speech/train.jsonl')!.findings.find((x) => x.rule === 'manifest-missing-audio')!;
    await frame.locator('#manifest-findings tbody tr', { hasText: missing.message }).first().click();
    await vscode.page.locator('.tabs-container .tab', { hasText: 'train.jsonl' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const cursor = vscode.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    await vscode.waitUntil(async () => ((await cursor.innerText().catch(() => '')) ?? '').includes(`Ln ${missing.line},`),
      `the cursor on line ${missing.line} of train.jsonl`);

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

    // Last, as it moves the report out of view: the leakage pair opens side by side in the preview.
    const pairs = report.duplicates ?? [];
    assert.ok(pairs.some((p) => p.leakage), 'the demo has a duplicate across splits');
    const firstPair = frame.locator('#duplicate-table tbody tr').first();
    assert.match(await firstPair.innerText(), /split leakage/);
    const leak = pairs.find((p) => p.leakage)!;
    await firstPair.click();
    // Both files open in the preview, in two editor groups.
    for (const p of [leak.a, leak.b]) {
      await vscode.page.locator('.tabs-container .tab', { hasText: p.split('/').pop()! }).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await vscode.screenshot('duplicate-pair-opened');
  } finally {
    await vscode.close();
  }
});

test('dark theme: the panel opened before the audit shows its progress and fills in when the report lands', async () => {
  const { workspace, fileCount } = makeDataset();
  const vscode = await startVsCode({ workspace, name: 'report-dark', theme: 'dark', viewport: { width: 1600, height: 1000 } });
  try {
    const frame: Frame | undefined = await openEmptyReportPanel(vscode);
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
    // One clean file, named by no other file's finding.
    await frame!.locator('#text-filter input').fill('mono-speech-03');
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-rows')) === '1', 'the text filter', 10_000);
    await vscode.runCommand('Developer: Reload Window');
    await vscode.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    let revived: Frame | undefined;
    await vscode.waitUntil(async () => {
      for (const f of vscode.page.frames()) if (await f.locator('#text-filter').count().catch(() => 0)) { revived = f; return true; }
      return false;
    }, 'the revived report webview', 60_000);
    await vscode.waitUntil(async () => (await revived!.locator('#text-filter').evaluate((e) => (e as unknown as { value: string }).value).catch(() => '')) === 'mono-speech-03',
      'the restored text filter', 20_000);
    await vscode.screenshot('after-reload');
  } finally {
    await vscode.close();
  }
});


/** Show Report before any audit, with the side bar closed; returns the panel's webview frame. */
async function openEmptyReportPanel(vscode: VsCodeSession): Promise<Frame> {
  await vscode.runCommand('View: Close Primary Side Bar');
  await vscode.runCommand('Audio Audit: Show Report');
  let frame: Frame | undefined;
  await vscode.waitUntil(async () => {
    for (const f of vscode.page.frames()) if (await f.locator('#app').count().catch(() => 0)) { frame = f; return true; }
    return false;
  }, 'the empty report webview', 30_000);
  return frame!;
}

/** Whether some report webview on the page shows a table of `rows` rows (and, with `charts`, has drawn its charts). */
async function hasRows(vscode: VsCodeSession, rows: string, charts = false): Promise<boolean> {
  for (const f of vscode.page.frames()) {
    const body = f.locator('body');
    if ((await body.getAttribute('data-rows', { timeout: 200 }).catch(() => null)) !== rows) continue;
    if (!charts || (await body.getAttribute('data-charts', { timeout: 200 }).catch(() => null)) === 'ready') return true;
  }
  return false;
}


test('live: the open panel fills in while an 800-file audit runs; Open Report File… shows a 100 000-file report', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-live-'));
  const FILES = 800;
  // With one worker the audit takes a few seconds, so the panel's 500 ms live updates show counts between 0 and 800.
  const [firstWav] = writeDcOffsetCopies(workspace, FILES);
  const reports = mkdtempSync(path.join(tmpdir(), 'audio-audit-reports-'));
  const vscode = await startVsCode({ workspace, name: 'report-live', theme: 'light', settings: { 'audioAudit.jobs': 1 }, viewport: { width: 1600, height: 1000 } });
  try {
    const frame: Frame | undefined = await openEmptyReportPanel(vscode);
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-loaded')) === 'false', 'the empty state', 10_000);

    // The Files card, polled every 20 ms from the start of the audit to its final report.
    await vscode.runCommand('Audio Audit: Audit Workspace');
    const seen: number[] = [];
    const startedAt = Date.now();
    await vscode.waitUntil(async () => {
      const text = await frame!.locator('#card-files .card-value').textContent({ timeout: 500 }).catch(() => null);
      const n = text === null ? NaN : Number(text.replace(/,/g, ''));
      if (Number.isFinite(n) && n !== seen[seen.length - 1]) seen.push(n);
      return n === FILES;
    }, `the Files card to reach ${FILES}`, 120_000);
    console.log(`# live report: Files card went ${seen.join(' → ')} over ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    await vscode.waitForAuditDone();
    const intermediate = seen.filter((n) => n > 0 && n < FILES);
    assert.ok(intermediate.length >= 2, `the panel showed ${seen.join(', ')}: expected counts between 0 and ${FILES} before the final one`);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'the count only grows');
    assert.equal(seen[seen.length - 1], FILES);
    // The final report replaced the live one: no "(partial" subtitle, the table lists every file.
    await vscode.waitUntil(async () => !((await frame!.locator('.subtitle').textContent()) ?? '').includes('partial'), 'the final report');
    assert.equal(await frame!.textContent('#row-count'), `${FILES} files`);
    // The diagnostics were not doubled by the live reports: VS Code's Problems counter equals the status bar's total.
    const totals = /([\d ]+) files · (\d[\d ]*) errors? · (\d[\d ]*) warnings?/.exec(await vscode.textOf('.part.statusbar .statusbar-item:has-text("files ·")'))!;
    const warnings = Number(totals[3].replace(/ /g, ''));
    assert.ok(warnings >= FILES, `every file has its dc-offset warning (${warnings})`);
    const problems = vscode.page.locator('.statusbar-item[id="status.problems"]').first();
    await vscode.waitUntil(async () => Number(/Warnings: (\d+)/.exec((await problems.getAttribute('aria-label')) ?? '')?.[1]) === warnings,
      `the Problems counter to show ${warnings} warnings`, 10_000);
    await vscode.screenshot('live-final');

    // A file that is not a report: one clear sentence, the panel keeps its report.
    const wav = firstWav;
    await openReportFile(vscode, wav);
    await vscode.notification(/cannot open .*dc-0000\.wav as a report: it is not JSON/).first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await frame!.textContent('#row-count'), `${FILES} files`);
    await vscode.page.waitForTimeout(500);   // the toast's slide-in
    await vscode.screenshot('not-a-report');
    await vscode.page.keyboard.press('Escape');

    // A generated 100 000-file report (mel analysis off: see fakeReport), written as audio-audit --out writes it,
    // whose folder is not on this machine.
    const root = path.join(reports, 'moved-away', 'corpus');
    const big = path.join(reports, 'corpus-100k.json');
    writeFileSync(big, JSON.stringify(fakeReport(100_000, { mel: false, root }), null, 2) + '\n');
    console.log(`# 100 000-file report: ${(statSync(big).size / 2 ** 20).toFixed(0)} MiB of JSON`);
    const acceptedAt = await openReportFile(vscode, big);
    // While the file is read and parsed the panel says so (it keeps the report it shows until the new one lands).
    await vscode.waitUntil(async () => (await frame!.textContent('.progress'))?.includes('Opening corpus-100k.json…') ?? false,
      'the panel to say it is opening the file', 5_000);
    await vscode.waitUntil(async () => (await frame!.locator('body').getAttribute('data-rows')) === '100000', 'the 100 000-row table', 60_000);
    const openMs = Date.now() - acceptedAt;
    // The host's log lines (time-stamped) split the time: file read and parse, then the panel's 'rendered' message.
    const logged = () => hostLines(vscode, /opened report|report view: 100000 rows/);
    await vscode.waitUntil(async () => logged().length >= 2, 'the host log', 5_000).catch(() => undefined);
    const hostLog = logged();
    console.log(`# Open Report File… 100 000 files: ${openMs} ms from accepting the dialog to the table's rows in the panel (target < 3000); host: ${hostLog.join('; ')}`);
    assert.equal(await frame!.textContent('#row-count'), '100,000 files');
    assert.equal(await frame!.textContent('#card-files .card-value'), '100,000');
    assert.ok(await frame!.locator('.vt-spacer > .vt-row:not([hidden])').count() > 0, 'rows are rendered');
    await vscode.screenshot('report-100k');

    const { intervals, longTasks } = await scriptedScroll(frame!, 240, 400);
    console.log(`# scroll in the panel, 240 frames x 400 px: frame interval p50 ${quantile(intervals, 0.5).toFixed(1)} ms, p95 ${quantile(intervals, 0.95).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms, frames > 50 ms: ${intervals.filter((t) => t > 50).length}; long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`);

    // Its files are not here: a row click says so instead of opening an empty editor.
    await frame!.locator('.vt-spacer > .vt-row:not([hidden])').first().click();
    await vscode.notification(/does not exist \(the report's folder .*moved-away.* is not on this machine/).first().waitFor({ state: 'visible', timeout: 10_000 });
    await vscode.screenshot('missing-file');

    // The panel alone, without reading and parsing the file: close it; Show Report then opens a fresh panel on the
    // 100 000-file report the extension holds (what a user sees after an audit of that size). Three times: a
    // fresh webview's start-up varies by a second on this machine, so the median is the number to quote.
    await vscode.page.keyboard.press('Escape');
    const showMs: number[] = [];
    const chartsMs: number[] = [];
    for (let run = 0; run < 3; run++) {
      await vscode.runCommand('View: Close All Editors');
      await vscode.waitUntil(async () => !(await hasRows(vscode, '100000')), 'the report panel to close', 10_000);
      // The clock starts at the click on the palette entry (typing the command is not the panel's time).
      await vscode.findCommand('Audio Audit: Show Report');
      const showAt = Date.now();
      await vscode.page.locator('.quick-input-widget .monaco-list-row[aria-label^="Audio Audit: Show Report"]').first().click();
      await vscode.waitUntil(() => hasRows(vscode, '100000'), 'a fresh panel with 100 000 rows', 60_000);
      showMs.push(Date.now() - showAt);
      await vscode.waitUntil(() => hasRows(vscode, '100000', true), 'its charts', 10_000);
      chartsMs.push(Date.now() - showAt);
    }
    await vscode.waitUntil(async () => hostLines(vscode, /report view: 100000 rows/).length >= 4, 'the host log', 5_000).catch(() => undefined);
    console.log(`# Show Report, 100 000-file report held by the extension, fresh panel: ${showMs.join(', ')} ms, median ${quantile(showMs, 0.5)} ms from choosing the command to the table's rows (target < 3000), charts drawn at ${chartsMs.join(', ')} ms; host, last run: ${hostLines(vscode, /report panel: webview ready|report view: /).slice(-3).join('; ')}`);

    // Open Report File… with no panel open: the panel opens at once and loads while the host reads the file.
    await vscode.runCommand('View: Close All Editors');
    await vscode.waitUntil(async () => !(await hasRows(vscode, '100000')), 'the report panel to close', 10_000);
    const renderedBefore = hostLines(vscode, /report view: 100000 rows/).length;
    const freshAt = await openReportFile(vscode, big);
    await vscode.waitUntil(() => hasRows(vscode, '100000'), 'a fresh panel with 100 000 rows', 60_000);
    const freshMs = Date.now() - freshAt;
    await vscode.waitUntil(async () => hostLines(vscode, /report view: 100000 rows/).length > renderedBefore, 'the host log', 5_000).catch(() => undefined);
    console.log(`# Open Report File… 100 000 files, no panel open: ${freshMs} ms from accepting the dialog to the table's rows (target < 3000); host: ${[...hostLines(vscode, /opened report/).slice(-1), ...hostLines(vscode, /report panel: webview ready|report view: 100000 rows/).slice(-2)].join('; ')}`);

    // Untimed: what the panel looks like while it reads a file (a screenshot would slow the timed opens above).
    await openReportFile(vscode, big);
    const opening = async () => {
      for (const f of vscode.page.frames()) if ((await f.locator('.progress:not([hidden])').textContent({ timeout: 200 }).catch(() => ''))?.includes('Opening corpus-100k.json…')) return true;
      return false;
    };
    await vscode.waitUntil(() => opening(), 'the panel to say it is opening the file', 5_000);
    await shot(vscode, path.join(DOCS_SHOTS, 'report-opening.png'));
    await vscode.waitUntil(async () => !(await opening()), 'the loading bar to go', 60_000);
  } catch (e) {
    await vscode.screenshot('failure');
    throw e;
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(reports, { recursive: true, force: true });
  }
});

