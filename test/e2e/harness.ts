// End-to-end harness: a real VS Code (code-server 4.100.3) with the built .vsix installed, driven in Debian's
// Chromium through playwright-core. Used by every test/e2e/*.e2e.ts (audit, preview, report).
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { AuditSettings } from '../../src/core/types';
import { resolveFfmpeg } from '../../src/core/decode/ffmpegPath';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The settings the extension audits with by default: the core defaults plus the ffmpeg it finds on the PATH (the
 * extension host inherits this process's environment), so a headless run here expects the same findings.
 */
export const EXTENSION_DEFAULTS: AuditSettings = { ...DEFAULT_SETTINGS, ffmpegPath: resolveFfmpeg('', process.env.PATH) };

export const REPO_ROOT = resolve(__dirname, '../..');
export const VSIX = process.env.AUDIO_AUDIT_VSIX ?? join(REPO_ROOT, 'audio-dataset-audit.vsix');
const CHROMIUM = process.env.AUDIO_AUDIT_CHROMIUM ?? '/usr/bin/chromium';
// The flags of scripts/install-code-server.sh's recipe: no sandbox (root in CI), no GPU, nothing phoning home.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Screenshots of every E2E run land here (one folder per process, printed once). */
export const SCREENSHOT_DIR = process.env.AUDIO_AUDIT_SCREENSHOTS ?? join(REPO_ROOT, 'test-results', 'e2e-screenshots');
let announced = false;

/** The code-server entry: from the environment (scripts/test-e2e.mjs sets it) or the project's installer. */
export function codeServerEntry(): string {
  if (process.env.AUDIO_AUDIT_CODE_SERVER) return process.env.AUDIO_AUDIT_CODE_SERVER;
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/install-code-server.sh failed with status ${r.status}`);
  return r.stdout.trim().split('\n').pop()!;
}

export interface StartOptions {
  /** Folder opened as the workspace. */
  readonly workspace: string;
  readonly theme?: 'light' | 'dark';
  /** Extra user settings (e.g. audioAudit.*). */
  readonly settings?: Record<string, unknown>;
  /** Prefix of this test's screenshot names. */
  readonly name: string;
  readonly viewport?: { width: number; height: number };
}

export interface ProblemRow {
  /** Absolute path of the file the marker sits under. */
  readonly file: string;
  /** The rule id (the diagnostic code). */
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
}

export class VsCodeSession {
  private shots = 0;

  constructor(readonly page: Page, private readonly browser: Browser, private readonly server: ChildProcess,
    private readonly tempDir: string, readonly url: string, private readonly name: string) {}

  /**
   * Runs a Command Palette entry by its full title, e.g. "Audio Audit: Audit Workspace". Retries while the
   * extension host is still registering contributions (right after the window opens).
   */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    await this.findCommand(title, timeoutMs);
    const row = this.page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
    await row.click();
    // The palette is done when it closes, or when the command reuses the quick input for its own pick
    // (Export Report… asks at once): then the input no longer holds the '>' command query.
    const widget = this.page.locator('.quick-input-widget');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.waitUntil(async () => !(await widget.isVisible()) || !(await input.inputValue().catch(() => '')).startsWith('>'),
      `the Command Palette to hand over after "${title}"`, 30_000);
  }

  /** Waits until the Command Palette lists `title` (the extension's contributions are registered); leaves it open. */
  async findCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const until = Date.now() + timeoutMs;
    for (;;) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      // F1 from a focused webview can reach the workbench twice (open, then close): then press it again.
      const opened = await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      const filled = opened && await input.fill(`>${title}`, { timeout: 3_000 }).then(() => true, () => false);
      // Exact title: the list also shows fuzzy and "similar commands" matches.
      const row = page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
      const found = filled && await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      if (found) return;
      if (Date.now() > until) {
        await this.screenshot(`palette-without-${title.replace(/\W+/g, '-')}`);
        throw new Error(`Command Palette has no "${title}" after ${timeoutMs} ms`);
      }
    }
  }

  /** A notification toast whose text contains `text` (e.g. the progress "n / N files"). */
  notification(text: string | RegExp) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** Waits until no toast contains `text` (the progress ended). */
  async waitForNotificationGone(text: string | RegExp, timeoutMs = 120_000): Promise<void> {
    await this.notification(text).first().waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** Shows the Problems panel, maximized so every row is rendered (the tree is virtualized). */
  async openProblemsPanel(): Promise<void> {
    await this.runCommand('View: Focus Problems');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
  }

  /** Every marker row of the Problems tree, read from the DOM (scrolling through the virtualized list). */
  async problems(): Promise<ProblemRow[]> {
    const tree = this.page.locator('.markers-panel .monaco-list').first();
    await tree.waitFor({ state: 'visible' });
    const rows = new Map<number, { index: number; level: number; file: string; code: string; message: string; severity: string }>();
    // From the top: a click on a finding leaves the tree scrolled to it, and rows above would be missed.
    await tree.hover();
    for (let up = 0; up < 200; up++) {
      const first = await tree.evaluate((list) => Math.min(...[...list.querySelectorAll('.monaco-list-row[data-index]')]
        .map((row) => Number(row.getAttribute('data-index')))));
      if (!(first > 0)) break;
      await this.page.mouse.wheel(0, -2000);
      await this.page.waitForTimeout(50);
    }
    for (let pass = 0; pass < 1000; pass++) {
      const batch = await tree.evaluate((list) =>
        [...list.querySelectorAll(':scope > .monaco-scrollable-element > .monaco-list-rows > .monaco-list-row[aria-level]')].map((row) => ({
          index: Number(row.getAttribute('data-index')),
          level: Number(row.getAttribute('aria-level')),
          // Resource rows: the icon label's aria-label is the absolute path of the file.
          file: row.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          message: row.querySelector('.marker-message')?.textContent ?? '',
          severity: row.querySelector('.marker-icon')?.className ?? '',
        })),
      );
      const before = rows.size;
      for (const r of batch) rows.set(r.index, r);
      if (pass > 0 && rows.size === before) break;
      // Scroll one page; the loop ends when a page adds no new row.
      await tree.hover();
      await this.page.mouse.wheel(0, 400);
      await this.page.waitForTimeout(150);
    }
    await this.page.mouse.move(1, 1);   // no hover tooltip left over the tree
    const out: ProblemRow[] = [];
    let file = '';
    for (const r of [...rows.values()].sort((a, b) => a.index - b.index)) {
      if (r.level === 1) { file = r.file; continue; }
      const severity = /\berror\b/.test(r.severity) ? 'error' : /\bwarning\b/.test(r.severity) ? 'warning' : 'info';
      out.push({ file, code: r.code, message: r.message, severity });
    }
    return out;
  }

  /**
   * Waits for a run started from the Command Palette to end: its progress toast appears (unless the run is
   * faster than the toast) and goes, and the status bar shows the totals again.
   */
  async waitForAuditDone(timeoutMs = 120_000): Promise<void> {
    await this.notification(/Audio Audit/).first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    await this.waitForNotificationGone(/\d+ \/ \d+ files|finding audio files/, timeoutMs);
    // Counts of 1 000 and more are grouped with spaces ("1 600 warnings").
    await this.statusBarItem(/\d[\d ]* files? · \d[\d ]* errors? · \d[\d ]* warnings?/).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Polls `check` (every 20 ms) until it holds; throws naming `what` after timeoutMs. */
  async waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Text of the first element matching `selector` ('' when none). */
  async textOf(selector: string): Promise<string> {
    return (await this.page.locator(selector).first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
  }

  /** The status bar entry whose text contains `text`. */
  statusBarItem(text: string | RegExp) {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text });
  }

  /** Text of an output channel's log file (e.g. "Audio Audit"), '' before the channel wrote anything. */
  outputLog(channel: string): string {
    const logs = join(this.tempDir, 'user', 'logs');
    if (!existsSync(logs)) return '';
    const files = (readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith(`${channel}.log`));
    return files.map((f) => readFileSync(join(logs, f), 'utf8')).join('');
  }

  /** Writes SCREENSHOT_DIR/<test>-NN-<name>.png. */
  async screenshot(name: string): Promise<string> {
    const file = join(SCREENSHOT_DIR, `${this.name}-${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    const exited = new Promise((r) => this.server.once('exit', r));
    this.server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    rmSync(this.tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** Installs the .vsix into a fresh extensions dir, starts code-server on a free port and opens the workspace. */
export async function startVsCode(opts: StartOptions): Promise<VsCodeSession> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (!announced) {
    console.log(`e2e screenshots: ${SCREENSHOT_DIR}`);
    announced = true;
  }
  const entry = codeServerEntry();
  const tempDir = mkdtempSync(join(tmpdir(), 'audio-audit-e2e-'));
  const userData = join(tempDir, 'user');
  const extensions = join(tempDir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(userSettings(opts), null, 2));

  const install = spawnSync(process.execPath, [entry, '--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', VSIX],
    { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`--install-extension failed:\n${install.stdout}\n${install.stderr}`);

  const port = await freePort();
  const server = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userData, '--extensions-dir', extensions, opts.workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout!.on('data', (d) => (serverLog += d));
  server.stderr!.on('data', (d) => (serverLog += d));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}`;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000).catch((e) => {
    server.kill();
    throw new Error(`code-server did not start: ${e}\n${serverLog}`);
  });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  // The explorer lists the folder once the remote extension host and file service are up.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  const session = new VsCodeSession(page, browser, server, tempDir, url, opts.name);
  // Ready = the extension's contributions are registered (menus and the palette list them).
  await session.findCommand('Audio Audit: Audit Workspace');
  await page.keyboard.press('Escape');
  return session;
}

function userSettings(opts: StartOptions): Record<string, unknown> {
  return {
    'workbench.colorTheme': opts.theme === 'dark' ? 'Default Dark Modern' : 'Default Light Modern',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
    'files.hotExit': 'off',
    'window.restoreWindows': 'none',
    'editor.fontSize': 13,
    ...opts.settings,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
