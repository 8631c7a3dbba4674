// Helpers the E2E files share: the open dialog of Open Report File…, the host's log lines, the extension host's RSS.
import { readdirSync, readFileSync } from 'node:fs';
import type { VsCodeSession } from './harness';

/** Runs "Audio Audit: Open Report File…" and answers code-server's open dialog (a quick input) with `file`. */
export async function openReportFile(vscode: VsCodeSession, file: string): Promise<number> {
  const title = 'Audio Audit: Open Report File…';
  // Not runCommand: the open dialog reuses the quick input, so it never closes in between.
  await vscode.findCommand(title);
  await vscode.page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${title}"]`).first().click();
  const input = vscode.page.locator('.quick-input-widget .quick-input-box input');
  // The dialog starts in a folder: its path ends with a separator.
  await vscode.waitUntil(async () => (await input.inputValue().catch(() => '')).endsWith('/'), 'the open dialog');
  // The dialog may still be filling in its starting folder and overwrite a path typed too early: type until it stays.
  await vscode.waitUntil(async () => {
    await input.fill(file);
    await vscode.page.waitForTimeout(400);
    return (await input.inputValue()) === file;
  }, 'the typed path to stay in the dialog', 15_000);
  const acceptedAt = Date.now();
  await input.press('Enter');
  await vscode.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  return acceptedAt;
}

/** The extension's output log lines that match, time of day first (the host's side of a timing). */
export function hostLines(vscode: VsCodeSession, pattern: RegExp): string[] {
  return vscode.outputLog('Audio Audit').split('\n').filter((l) => pattern.test(l)).map((l) => l.replace(/^\S+ (\S+) \[\w+\] /, '$1 '));
}

/** RSS (bytes) of this session's extension host: the --type=extensionHost processes under its code-server. */
export function extensionHostRss(vscode: VsCodeSession): number {
  // The harness keeps the code-server ChildProcess private; its pid roots the process tree we measure.
  const root = (vscode as unknown as { server: { pid?: number } }).server.pid;
  const parent = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const underRoot = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!underRoot(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost')) continue;
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}
