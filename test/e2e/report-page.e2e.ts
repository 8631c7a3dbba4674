// The report webview bundle in plain headless Chromium (no VS Code): a 100 000-file report opens and scrolls
// (timings printed, not asserted), the CSP is never violated, the standalone HTML export works offline from disk
// with the same numbers, and a file named like an XSS payload stays text.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { renderStandaloneHtml } from '../../src/core/report/html';
import { filesByRule, findingsBySeverity } from '../../src/core/report/table';
import { toReportView } from '../../src/core/report/view';
import { fakeReport, XSS_NAME } from '../fixtures/fakeReport';
import { REPO_ROOT } from './harness';
import { launch, openFakeWebview, quantile, scriptedScroll, showView, showViewTimed, waitForExpression } from './reportPage';

const SHOTS = process.env.AUDIO_AUDIT_SCREENSHOTS ?? join(REPO_ROOT, 'test-results', 'e2e-screenshots');
let browser: Browser;
before(async () => { browser = await launch(); mkdirSync(SHOTS, { recursive: true }); });
after(async () => { await browser.close(); });


test('a 100 000-file report opens and scrolls in the webview bundle (timings printed)', async () => {
  const report = fakeReport(100_000, { xss: true });
  const view = toReportView(report);
  const w = await openFakeWebview(browser, 'dark');
  const { parseMs, renderMs } = await showViewTimed(w, view);
  console.log(`# 100 000 files: message JSON parse ${parseMs.toFixed(0)} ms + cards, charts and table ${renderMs.toFixed(0)} ms = ${(parseMs + renderMs).toFixed(0)} ms (target < 3000)`);
  assert.equal(await w.page.textContent('#card-files .card-value'), '100,000');
  // Only the visible rows are in the DOM.
  const domRows = await w.page.locator('.vt-spacer > .vt-row:not([hidden])').count();
  assert.ok(domRows < 80, `${domRows} rows in the DOM`);
  const { intervals, longTasks } = await scriptedScroll(w.page, 240, 400);
  const long = intervals.filter((t) => t > 50).length;
  console.log(`# scroll 240 frames x 400 px: frame interval p50 ${quantile(intervals, 0.5).toFixed(1)} ms, p95 ${quantile(intervals, 0.95).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms, frames > 50 ms: ${long}; main-thread long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`);
  // Sorting 100 000 rows by a numeric column.
  const t0 = Date.now();
  await w.page.click('.vt-header .vt-col-peakDbfs');
  await waitForExpression(w.page, `document.querySelector('.vt-header .vt-col-peakDbfs').textContent.includes('▲')`);
  console.log(`# sort 100 000 rows by peak: ${Date.now() - t0} ms`);
  assert.deepEqual(await w.violations(), []);
  await w.page.context().close();
});

test('webview: XSS file name is text, a histogram bin click filters, a row click asks the host to open the file', async () => {
  const report = fakeReport(300, { xss: true });
  const view = toReportView(report);
  const w = await openFakeWebview(browser, 'light');
  await showView(w, view);
  const first = w.page.locator('.vt-spacer > .vt-row:not([hidden])').first();
  assert.equal(await first.locator('.vt-col-path').textContent(), XSS_NAME);
  assert.equal(await w.page.locator('.vt-spacer img').count(), 0);
  assert.equal(await w.page.evaluate('window.__xss'), undefined);

  // Click the tallest bar of the peak histogram like a user; the table then holds exactly that bin's files.
  const h = await w.page.evaluate(`window.__reportTest.histogramBins('peakDbfs')`) as { counts: number[] };
  const tallest = h.counts.indexOf(Math.max(...h.counts));
  const pt = await w.page.evaluate(`window.__reportTest.barPoint('chart-peakDbfs', ${tallest})`) as { x: number; y: number };
  await w.page.locator('#chart-peakDbfs canvas').click({ position: pt });
  await waitForExpression(w.page, `document.body.dataset.rows === '${h.counts[tallest]}'`);
  assert.match((await w.page.textContent('#row-count')) ?? '', new RegExp(`^${h.counts[tallest]} of 300 files`));

  await first.click();
  const posted = await w.posted();
  const open = posted.find((m) => m.type === 'openFile');
  assert.ok(open && open.type === 'openFile');
  assert.equal(open.path, view.files.path[Number(await first.getAttribute('data-file'))]);
  assert.deepEqual(await w.violations(), []);
  await w.page.context().close();
});

test('standalone HTML export: opens from disk with the network off, same numbers, no script from the file name', async () => {
  const report = fakeReport(2_000, { xss: true });
  const view = toReportView(report);
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderStandaloneHtml(report));
  console.log(`# standalone HTML for 2 000 files: ${(statSync(file).size / 1024).toFixed(0)} KiB`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, offline: true, colorScheme: 'light' });
  const requests: string[] = [];
  // Anything but the file itself would be a network request: record and refuse it.
  await context.route((url) => url.protocol !== 'file:', (route) => { requests.push(route.request().url()); return route.abort(); });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await waitForExpression(page, `document.body.dataset.loaded === 'true' && document.body.dataset.rows !== undefined && document.body.dataset.charts === 'ready'`);
  // Same numbers as the view the panel gets.
  const sev = findingsBySeverity(view);
  assert.equal(await page.textContent('#card-files .card-value'), report.files.length.toLocaleString('en-US'));
  assert.equal(await page.textContent('#card-errors .card-value'), String(sev.error));
  assert.equal(await page.textContent('#card-warnings .card-value'), String(sev.warning));
  assert.equal(await page.textContent('#card-info .card-value'), String(sev.info));
  assert.equal(await page.textContent('#row-count'), '2,000 files');
  const rules = filesByRule(view);
  assert.ok(rules.length > 0);
  // Host-only buttons are absent offline.
  assert.equal(await page.locator('#save-stats').count(), 0);
  assert.equal(await page.evaluate('window.__xss'), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(requests, []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(SHOTS, 'report-standalone-html.png') });
  await context.close();
});
