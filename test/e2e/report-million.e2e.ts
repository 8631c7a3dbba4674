// End to end in code-server: Open Report File… on a merged 1 000 000-file report (~1.4 GB of JSON, more than one V8
// string): the host's reader worker reads it into columns, the panel shows cards and charts and pages the table's
// rows from the host. Prints accept → cards, accept → charts, the host's read and scan times, the extension host's
// RSS, and how long scrolling to rows 0, 500 000 and 999 990 takes until they are painted. Values are checked against
// the generator (paths) and against grep on the file (findings by severity), not against the reader.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { millionPaths, millionReportFile } from '../fixtures/millionReport';
import { REPO_ROOT, startVsCode, type VsCodeSession } from './harness';
import { quantile } from './reportPage';
import { extensionHostRss, hostLines, openReportFile } from './reportHelpers';

const FILES = 1_000_000;
const ROW_HEIGHT = 22;

/** Lines of the file holding `needle` (grep -F -c): in the 2-space layout each finding's severity has its own line. */
function grepCount(file: string, needle: string): number {
  try {
    return Number(execFileSync('grep', ['-F', '-c', needle, file], { encoding: 'utf8' }).trim());
  } catch (e) {
    if ((e as { status?: number }).status === 1) return 0;   // no line matched
    throw e;
  }
}

/** Scrolls the table so row r is in view; resolves with the ms until the row has its file's text and is painted. */
async function scrollToRow(frame: Frame, r: number): Promise<{ ms: number; path: string; pageMs: string }> {
  return frame.evaluate(`new Promise((done, fail) => {
    const vp = document.querySelector('.vt-viewport');
    const t0 = performance.now();
    vp.scrollTop = ${r * ROW_HEIGHT};
    // inFrame: called from a frame callback, so the row found now is painted in this frame.
    const check = (inFrame) => {
      const row = document.querySelector('.vt-spacer > .vt-row[data-row="${r}"]:not([hidden])');
      if (row && row.dataset.file !== '' && row.children[0].textContent) {
        // A timeout set inside a frame callback runs after that frame's paint; outside one, wait for the next frame.
        const painted = () => setTimeout(() => done({ ms: performance.now() - t0, path: row.children[0].textContent, pageMs: document.body.dataset.pageMs }), 0);
        if (inFrame) painted(); else requestAnimationFrame(painted);
      } else if (performance.now() - t0 > 10000) fail(new Error('row ${r} not painted within 10 s'));
      else requestAnimationFrame(() => check(true));
    };
    check(false);
  })`) as Promise<{ ms: number; path: string; pageMs: string }>;
}

interface Opened {
  frame: Frame;
  cardsMs: number;
  chartsMs: number;
  rowsMs: number;
  peakRss: number;
  sawBytes: boolean;
}

/** Open Report File… on `file`: waits for its panel's cards, charts and 1 000 000 rows, sampling the host's RSS meanwhile. */
async function openAndShow(vscode: VsCodeSession, file: string): Promise<Opened> {
  const acceptedAt = await openReportFile(vscode, file);
  let frame: Frame | undefined;
  let peakRss = 0;
  let sawBytes = false;
  await vscode.waitUntil(async () => {
    peakRss = Math.max(peakRss, extensionHostRss(vscode));
    if (!frame) {
      for (const f of vscode.page.frames()) if (await f.locator('#file-table').count().catch(() => 0)) frame = f;
      if (!frame) await vscode.page.waitForTimeout(100);
      return false;
    }
    if (!sawBytes) sawBytes = /Opening report\.json… \d+ of \d+ MiB/.test((await frame.locator('.progress').textContent({ timeout: 200 }).catch(() => '')) ?? '');
    const body = frame.locator('body');
    const shown = (await body.getAttribute('data-charts', { timeout: 200 }).catch(() => null)) === 'ready'
      && (await body.getAttribute('data-paged', { timeout: 200 }).catch(() => null)) === 'true';
    // The page stamps its own times (data-cards-at, data-charts-at): polling slower only leaves the readers the cores.
    if (!shown) await vscode.page.waitForTimeout(250);
    return shown;
  }, 'the 1 000 000-file report with its charts', 180_000);
  const body = frame!.locator('body');
  await vscode.waitUntil(async () => (await body.getAttribute('data-rows')) === String(FILES), 'the 1 000 000-row table', 30_000);
  const rowsMs = Date.now() - acceptedAt;
  for (let i = 0; i < 5; i++) { peakRss = Math.max(peakRss, extensionHostRss(vscode)); await vscode.page.waitForTimeout(100); }
  return {
    frame: frame!, cardsMs: Number(await body.getAttribute('data-cards-at')) - acceptedAt,
    chartsMs: Number(await body.getAttribute('data-charts-at')) - acceptedAt, rowsMs, peakRss, sawBytes,
  };
}

test('Open Report File… shows a merged 1 000 000-file report: cards and charts, rows paged from the host', async () => {
  const file = millionReportFile(FILES, path.join(REPO_ROOT, 'dist', 'cli.js'));
  const bytes = statSync(file).size;
  // Independent expectations: the generator's paths (the report is in path order), grep on the file for the findings.
  const paths = millionPaths(FILES);
  const severity = { error: grepCount(file, '"severity": "error"'), warning: grepCount(file, '"severity": "warning"'), info: grepCount(file, '"severity": "info"') };
  console.log(`# 1 000 000-file report: ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON; findings by grep: ${JSON.stringify(severity)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-million-'));
  // The harness waits for the explorer to list something.
  writeFileSync(path.join(workspace, 'notes.txt'), 'the report is opened from a file\n');
  const vscode = await startVsCode({ workspace, name: 'report-million', theme: 'light', viewport: { width: 1600, height: 1000 } });
  try {
    await vscode.runCommand('View: Close Primary Side Bar');
    const rss0 = extensionHostRss(vscode);
    assert.ok(rss0 > 0, 'found this session\'s extension host process');
    // Three opens, each into a fresh panel (the first with none open): this VM's speed varies by a third from minute to
    // minute, so the median is the number to quote (as the 100 000-file test does). Every run is printed.
    const runs: Opened[] = [];
    let peakRss = rss0;
    for (let run = 0; run < 3; run++) {
      if (run > 0) {
        await vscode.runCommand('View: Close All Editors');
        await vscode.waitUntil(async () => !(await runs[run - 1].frame.locator('body').count().catch(() => 0)), 'the report panel to close', 10_000);
      }
      const opened = await openAndShow(vscode, file);
      runs.push(opened);
      peakRss = Math.max(peakRss, opened.peakRss);
    }
    await vscode.waitUntil(async () => hostLines(vscode, /opened report .*report\.json/).length >= 3, 'the host log', 5_000).catch(() => undefined);
    const column = (pick: (o: Opened) => number) => `${runs.map(pick).join(', ')} ms, median ${quantile(runs.map(pick), 0.5)} ms`;
    console.log(`# Open Report File… 1 000 000 files, 3 runs, fresh panel each: accept → cards ${column((o) => o.cardsMs)}; accept → charts ${column((o) => o.chartsMs)} (target < 5000); `
      + `accept → first rows ≤ ${column((o) => o.rowsMs)}; host: ${hostLines(vscode, /opened report .*report\.json|report panel: webview ready/).join('; ')}`);
    console.log(`# extension host RSS: ${Math.round(rss0 / 2 ** 20)} MB before, peak ${Math.round(peakRss / 2 ** 20)} MB while reading and showing (target well under 2048); byte progress bar seen: ${runs.map((o) => o.sawBytes).join(', ')}`);
    const { frame } = runs[runs.length - 1];

    // Cards: the file count and the findings by severity as grep counts them.
    assert.equal(await frame.textContent('#card-files .card-value'), '1,000,000');
    assert.equal(await frame.textContent('#card-errors .card-value'), String(severity.error));
    assert.equal(await frame.textContent('#card-warnings .card-value'), String(severity.warning));
    assert.equal(await frame.textContent('#card-info .card-value'), String(severity.info));
    assert.equal(await frame.textContent('#row-count'), '1,000,000 files');
    assert.equal(await frame.locator('section.charts canvas').count(), 6, 'rules chart + peak, RMS, DC, zero bin, duration (mel off and no bandwidth in the generated files: those have no values)');
    assert.equal(await frame.textContent('#merged-parts'), 'Merged from 16 parts (audio-audit merge)');

    await vscode.screenshot('report-1m');
    // The table in view, as a user scrolls it: the rows are drawn to the screen as well as laid out.
    await frame.locator('#file-table').scrollIntoViewIfNeeded();
    // Scrolling anywhere asks the host for that page: rows painted within 100 ms (target), paths as generated. Three
    // passes, each 12 345 rows on from the last, so no pass lands on a page an earlier one fetched; the last row sits
    // in the page of the one before it (held: a scroll without a round trip). The median per position is the number.
    const rows = [0, 500_000, 999_990, 999_999, 250_000];
    const scrolled = rows.map(() => [] as number[]);
    const trips: string[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (const [k, base] of rows.entries()) {
        const r = base < 750_000 ? base + pass * 12_345 : base - pass * 12_345;
        const { ms, path: shown, pageMs } = await scrollToRow(frame, r);
        assert.equal(shown, paths[r], `row ${r}`);
        scrolled[k].push(Math.round(ms));
        if (pass === 0) trips.push(pageMs);
      }
    }
    console.log(`# scroll to a row until it is painted (target < 100 ms each), 3 passes: ${rows.map((r, k) => `row ${r.toLocaleString('en-US')} (± pass × 12 345): ${scrolled[k].join(', ')} ms, median ${quantile(scrolled[k], 0.5)} ms`).join('; ')}; `
      + `last page's round trip in the first pass: ${trips.join(', ')} ms`);
    await scrollToRow(frame, 500_000);
    await vscode.screenshot('report-1m-table');

    // Sort by path descending on the host: the first row is the last path.
    const t0 = Date.now();
    await frame.locator('.vt-header [data-column="path"]').click();
    await vscode.waitUntil(async () => (await frame.locator('.vt-header [data-column="path"]').getAttribute('aria-sort')) === 'descending'
      && (await frame.locator('.vt-spacer > .vt-row[data-row="0"]:not([hidden]) .vt-col-path').textContent({ timeout: 200 }).catch(() => '')) === paths[FILES - 1], 'descending path order', 30_000);
    console.log(`# sort 1 000 000 rows by path, descending (host), click → rows: ${Date.now() - t0} ms`);
    const t1 = Date.now();
    await frame.locator('.vt-header [data-column="peakDbfs"]').click();
    await vscode.waitUntil(async () => (await frame.locator('.vt-header [data-column="peakDbfs"]').getAttribute('aria-sort')) === 'ascending'
      && ((await frame.locator('.vt-spacer > .vt-row[data-row="0"]:not([hidden])').getAttribute('data-file', { timeout: 200 }).catch(() => '')) ?? '') !== '', 'peak order', 60_000);
    console.log(`# sort 1 000 000 rows by peak (host), click → rows: ${Date.now() - t1} ms`);
    await vscode.screenshot('report-1m-by-peak');

    // Opening it again and cancelling while it is read: the bar by bytes goes, the panel keeps what it showed.
    await openReportFile(vscode, file);
    const cancel = frame.locator('#cancel-loading');
    await vscode.waitUntil(async () => (await cancel.isVisible().catch(() => false)) && /\d+ of \d+ MiB/.test((await frame.textContent('.progress')) ?? ''), 'the byte progress bar with Cancel', 30_000);
    await vscode.screenshot('report-1m-opening');
    const cancelAt = Date.now();
    await cancel.click();
    await vscode.waitUntil(async () => !(await frame.locator('.progress').isVisible()), 'the progress bar to go after Cancel', 10_000);
    console.log(`# Cancel while reading: the bar went ${Date.now() - cancelAt} ms after the click`);
    assert.equal(await frame.textContent('#card-files .card-value'), '1,000,000');
    assert.equal(await frame.getAttribute('body', 'data-rows'), String(FILES));
  } catch (e) {
    await vscode.screenshot('failure-million');
    throw e;
  } finally {
    await vscode.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
