// The report webview bundle in plain headless Chromium (no VS Code): a 100 000-file report opens and scrolls
// (timings printed, not asserted), the CSP is never violated, the standalone HTML export works offline from disk
// with the same numbers, a file named like an XSS payload stays text, and the paged table (the test answers its row
// requests as the host would) asks for what a jump lacks and draws rows only when they come.
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

test('paged table (the test is the host): a jump asks once for the blocks it lacks and draws nothing until they come; rows scrolled away leave the accessibility tree', async () => {
  const FILES = 100_000;
  const ROW = 22;
  const { files: _files, ...head } = toReportView(fakeReport(10));
  const w = await openFakeWebview(browser, 'light');
  await w.send({ type: 'paged', summary: { ...head, fileCount: FILES, filesByRule: [], findingsBySeverity: { error: 0, warning: 0, info: 0 }, histograms: {} } });
  // Rows made here (values: rate, channels, bits, then view.ts METRIC_IDS): path f<i>.wav, peak −i/1000 dBFS.
  const rowOf = (i: number) => ({ file: i, path: `f${i}.wav`, severity: -1, rules: '', values: [22050, 1, 16, -i / 1000, -20, 0, 128, null, null, 1, null], title: '' });
  let answered = 0;
  const requests = async () => (await w.posted()).filter((m): m is Extract<typeof m, { type: 'rows' }> => m.type === 'rows');
  const answer = async () => {
    const asked = (await requests()).slice(answered);
    answered += asked.length;
    for (const q of asked) {
      const rows = Array.from({ length: Math.min(q.count, FILES - q.start) }, (_, k) => rowOf(q.start + k));
      await w.send({ type: 'rows', seq: q.seq, total: FILES, start: q.start, rows });
    }
    return asked;
  };
  // The first request (the top of the table), answered: row 0 drawn.
  await waitForExpression(w.page, `(window.__posted || []).some((m) => m.type === 'rows')`);
  const first = await answer();
  assert.equal(first[0].start, 0);
  await waitForExpression(w.page, `document.querySelector('.vt-spacer > .vt-row[data-row="0"]:not([hidden]) .vt-col-path')?.textContent === 'f0.wav'`);
  await w.page.locator('#file-table').scrollIntoViewIfNeeded();
  const state = () => w.page.evaluate(`(() => {
    const vp = document.querySelector('.vt-viewport');
    const first = Math.floor(vp.scrollTop / ${ROW}), last = Math.ceil((vp.scrollTop + vp.clientHeight) / ${ROW});
    const spacerTop = document.querySelector('.vt-spacer').getBoundingClientRect().top;
    const rows = [...document.querySelectorAll('.vt-spacer > .vt-row:not([hidden])')].map((el) => ({
      r: Number(el.dataset.row), path: el.querySelector('.vt-col-path').textContent, peak: el.querySelector('.vt-col-peakDbfs').textContent,
      muted: el.getAttribute('aria-hidden') === 'true', top: Math.round(el.getBoundingClientRect().top - spacerTop) }));
    return { first, last, rows };
  })()`) as Promise<{ first: number; last: number; rows: { r: number; path: string; peak: string; muted: boolean; top: number }[] }>;
  const scrollTo = (r: number) => w.page.evaluate(`new Promise((done) => { document.querySelector('.vt-viewport').scrollTop = ${r * ROW}; requestAnimationFrame(() => requestAnimationFrame(done)); })`);

  // Jump to row 50 000: one request, whole 50-row blocks covering every row in view; nothing drawn there before the answer.
  await scrollTo(50_000);
  const asked = (await requests()).slice(answered);
  let s = await state();
  assert.equal(asked.length, 1, 'one request for the jump');
  assert.equal(asked[0].start % 50, 0);
  assert.equal(asked[0].count % 50, 0);
  assert.ok(asked[0].start <= s.first && asked[0].start + asked[0].count >= s.last, `request [${asked[0].start}, +${asked[0].count}) covers rows [${s.first}, ${s.last})`);
  assert.deepEqual(s.rows.filter((x) => x.r >= s.first && x.r < s.last), [], 'no row in view is drawn before its page comes');
  await answer();
  await waitForExpression(w.page, `document.querySelector('.vt-spacer > .vt-row[data-row="50000"]:not([hidden])') !== null`);
  s = await state();
  const inView = s.rows.filter((x) => x.r >= s.first && x.r < s.last).sort((a, b) => a.r - b.r);
  assert.deepEqual(inView.map((x) => x.r), Array.from({ length: s.last - s.first }, (_, k) => s.first + k), 'every row in view is drawn');
  for (const x of inView) {
    assert.equal(x.path, `f${x.r}.wav`);
    assert.equal(x.peak, (-x.r / 1000).toFixed(1));
    assert.equal(x.top, x.r * ROW, `row ${x.r} drawn at its place`);
  }
  await w.page.waitForTimeout(400);
  s = await state();
  assert.deepEqual(s.rows.filter((x) => x.r >= s.first && x.r < s.last && x.muted), [], 'no row in view is muted');

  // Jump on to 80 000 and leave it unanswered: the rows of 50 000 stay laid out out of view, and a quarter second on
  // they are out of the accessibility tree; back at 50 000 they show again from the page already held (no request),
  // in the accessibility tree again.
  await scrollTo(80_000);
  await w.page.waitForTimeout(400);
  s = await state();
  assert.ok(s.rows.length > 0 && s.rows.every((x) => x.r >= 49_000 && x.r < 51_000 && x.muted), 'the rows of 50 000, out of view, are muted');
  const before = (await requests()).length;
  await scrollTo(50_000);
  s = await state();
  assert.equal((await requests()).length, before, 'the page of 50 000 is held: no new request');
  const back = s.rows.filter((x) => x.r >= s.first && x.r < s.last);
  assert.equal(back.length, s.last - s.first);
  assert.deepEqual(back.filter((x) => x.muted).map((x) => x.r), [], 'rows shown again are not muted');
  assert.deepEqual(await w.violations(), []);
  await w.page.context().close();
});
