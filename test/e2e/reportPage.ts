// Loads the built report webview in plain headless Chromium, the way VS Code hosts it: the panel's CSP, the bundle
// and CSS from dist/, and a fake acquireVsCodeApi that records posted messages. Used by the report E2E and for
// quick screenshots before real VS Code is available.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { ReportView } from '../../src/core/report/view';
import type { HostToReport, ReportToHost } from '../../src/protocol/report';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

/** VS Code's body classes and a few theme variables (Light Modern / Dark Modern), enough for a faithful picture. */
const THEMES = {
  light: {
    cls: 'vscode-light',
    vars: '--vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-editor-background: #ffffff; --vscode-editorWidget-background: #f8f8f8; --vscode-editorWidget-border: #c8c8c8; --vscode-panel-border: #e5e5e5; --vscode-errorForeground: #e51400; --vscode-editorWarning-foreground: #bf8803; --vscode-editorInfo-foreground: #1a85ff; --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff; --vscode-charts-yellow: #bf8803; --vscode-charts-orange: #d18616; --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90; --vscode-badge-background: #cccccc; --vscode-badge-foreground: #3b3b3b; --vscode-list-hoverBackground: #f2f2f2; --vscode-focusBorder: #005fb8; --vscode-button-background: #005fb8; --vscode-button-foreground: #fff;',
  },
  dark: {
    cls: 'vscode-dark',
    vars: '--vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f; --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #454545; --vscode-panel-border: #2b2b2b; --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff; --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-yellow: #cca700; --vscode-charts-orange: #d18616; --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-list-hoverBackground: #2a2d2e; --vscode-focusBorder: #0078d4; --vscode-button-background: #0078d4; --vscode-button-foreground: #fff;',
  },
};

export interface FakeWebview {
  readonly page: Page;
  /** Messages the webview posted to the "host". */
  posted(): Promise<ReportToHost[]>;
  send(msg: HostToReport): Promise<void>;
  /** Content-Security-Policy violations seen by the page. */
  violations(): Promise<string[]>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.ttf': 'font/ttf' };

/**
 * Serves dist/ over http on 127.0.0.1 (module scripts cannot load from file://) and the page at /index.html;
 * stands in for VS Code's webview resource server.
 */
function serve(page: () => string): Promise<{ server: Server; origin: string }> {
  const dist = resolve('dist');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/index.html') { res.writeHead(200, { 'content-type': 'text/html' }).end(page()); return; }
    const file = normalize(join(dist, url.pathname));
    try {
      if (!file.startsWith(dist)) throw new Error('outside dist');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

export async function openFakeWebview(browser: Browser, theme: 'light' | 'dark', size = { width: 1400, height: 1000 }): Promise<FakeWebview> {
  const nonce = 'testnonce0123456789';
  let html = '';
  const { server, origin: src } = await serve(() => html);
  // The same policy the panel sets, with the local server standing in for webview.cspSource.
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${src}/; img-src ${src}/ data:; font-src ${src}/`;
  html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${src}/media/report.css"></head>
<body class="${THEMES[theme].cls}"><div id="app"></div>
<script type="module" nonce="${nonce}" src="${src}/webview/report.js"></script></body></html>`;
  const context = await browser.newContext({ viewport: size, colorScheme: theme });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`report page error: ${e.message}`));
  if (process.env.REPORT_PAGE_DEBUG) page.on('console', (m) => console.error(`report page console: ${m.text()}`));
  // Init scripts run outside the page's CSP, as VS Code's own webview preload does.
  // Init scripts run outside the page's CSP, as VS Code's own webview preload does. A string, not a function:
  // tsx's transform would put helper calls into a serialized function.
  await page.addInitScript(`
    window.__posted = [];
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    let state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => state,
      setState: (s) => { state = s; },
    });
    // VS Code puts the theme variables on <html> through the CSSOM, so the page CSP does not apply.
    document.addEventListener('DOMContentLoaded', () => {
      for (const decl of ${JSON.stringify(THEMES[theme].vars)}.split(';')) {
        const i = decl.indexOf(':');
        if (i > 0) document.documentElement.style.setProperty(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
      }
    });
  `);
  page.on('close', () => server.close());
  await page.goto(`${src}/index.html`);
  // Page-side code as strings: tsx would insert helper calls into serialized functions (and the node tsconfig has no DOM).
  await waitForExpression(page, `(window.__posted || []).some((m) => m.type === 'ready')`);
  return {
    page,
    posted: () => page.evaluate(`window.__posted`) as Promise<ReportToHost[]>,
    // Passed as an argument (structured clone, like VS Code's postMessage), not as 30 MB of source text.
    send: (msg) => page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), msg),
    violations: () => page.evaluate(`window.__violations`) as Promise<string[]>,
  };
}

/** Posts the view and resolves when the table and the charts (drawn a frame after the rows) are there; returns the wall time in ms. */
export async function showView(w: FakeWebview, view: ReportView): Promise<number> {
  const t0 = Date.now();
  await w.send({ type: 'report', view });
  await waitForExpression(w.page, `document.body.dataset.loaded === 'true' && document.body.dataset.rows !== undefined && document.body.dataset.charts === 'ready'`);
  return Date.now() - t0;
}

/**
 * Posts a big view the way VS Code does (a JSON string parsed in the page, then a message event) and times it in
 * the page: Playwright's own argument serialization is far slower than postMessage and is kept out of the numbers.
 */
export async function showViewTimed(w: FakeWebview, view: ReportView): Promise<{ parseMs: number; renderMs: number }> {
  await w.page.evaluate((s) => { (globalThis as unknown as { __json: string }).__json = s; }, JSON.stringify(view));
  const [parseMs, renderMs] = await w.page.evaluate(`(() => {
    const t0 = performance.now();
    const view = JSON.parse(window.__json);
    delete window.__json;
    const t1 = performance.now();
    window.postMessage({ type: 'report', view }, '*');
    return new Promise((ok) => {
      const check = () => (document.body.dataset.rows !== undefined ? ok([t1 - t0, performance.now() - t1]) : setTimeout(check, 2));
      check();
    });
  })()`) as [number, number];
  return { parseMs, renderMs };
}

/**
 * Scrolls the table viewport by `step` px per animation frame for `frames` frames; returns the frame intervals and
 * the main-thread long tasks (> 50 ms, the browser's own jank measure) seen meanwhile.
 */
export async function scriptedScroll(page: Page | Frame, frames: number, step: number): Promise<{ intervals: number[]; longTasks: number[] }> {
  return page.evaluate(`new Promise((done) => {
    const vp = document.querySelector('.vt-viewport');
    const times = [];
    const longTasks = [];
    const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    obs.observe({ entryTypes: ['longtask'] });
    let last = performance.now();
    let n = 0;
    const tick = (t) => {
      times.push(t - last);
      last = t;
      vp.scrollTop += ${step};
      if (++n < ${frames}) requestAnimationFrame(tick);
      else setTimeout(() => { obs.disconnect(); done({ intervals: times.slice(1), longTasks }); }, 100);
    };
    requestAnimationFrame(tick);
  })`) as Promise<{ intervals: number[]; longTasks: number[] }>;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/**
 * Polls `expression` with page.evaluate until it is truthy. Not page.waitForFunction: its polling evaluates the
 * string inside the page, which the webview's CSP (no 'unsafe-eval') forbids once the first check is false.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
