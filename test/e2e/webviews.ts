// Finding the webview documents code-server nests in iframes, shared by the E2E files.
import type { Frame } from 'playwright-core';
import type { VsCodeSession } from './harness';

/**
 * The webview frame whose page was built for `fileName` and has drawn its first view (code-server nests it in two
 * iframes and may reload it once its service worker is ready, so frames are looked up afresh on every poll).
 */
export async function renderedPreview(vscode: VsCodeSession, fileName: string, timeoutMs = 20_000, state = 'overview'): Promise<Frame> {
  let found: Frame | undefined;
  const key = JSON.stringify(fileName).slice(1, -1);
  await vscode.waitUntil(async () => {
    for (const f of vscode.page.frames()) {
      if (f.isDetached()) continue;
      const page = await f.evaluate<string>(
        'document.body && document.body.dataset.init ? document.body.dataset.rendered + "|" + document.body.dataset.init : ""',
      ).catch(() => '');
      if (page.startsWith(`${state}|`) && page.includes(key)) { found = f; return true; }
    }
    return false;
  }, `the preview of ${fileName} to draw`, timeoutMs).catch(async (err) => { await vscode.screenshot('preview-not-rendered'); throw err; });
  return found!;
}

/** The report webview's document: code-server nests it in two iframes. */
export async function reportFrame(vscode: VsCodeSession): Promise<Frame> {
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
export async function waitForRows(vscode: VsCodeSession, frame: Frame, n: number): Promise<void> {
  await vscode.waitUntil(async () => (await frame.locator('body').getAttribute('data-rows')) === String(n)
    && (await frame.locator('body').getAttribute('data-charts')) === 'ready', `${n} table rows and the charts`, 10_000);
}

/** The extension's commands appear once its host is up; the first palette query can come too early. */
export async function runCommandWhenReady(vscode: VsCodeSession, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.runCommand(title);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await vscode.page.keyboard.press('Escape');
      await vscode.page.waitForTimeout(2000);
    }
  }
}
