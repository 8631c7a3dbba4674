// The "Audio Audit" commands. Show Report is contributed here but registered by the report panel's own register function.
import { BUNDLED_EXTENSIONS, extensionPattern } from '../core/audioExtensions';
import * as vscode from 'vscode';
import type { AuditController } from './auditController';
import type { ReportStore } from './reportStore';

export const COMMANDS = {
  auditWorkspace: 'audioAudit.auditWorkspace',
  auditFolder: 'audioAudit.auditFolder',
  auditFile: 'audioAudit.auditFile',
  clearFindings: 'audioAudit.clearFindings',
  showReport: 'audioAudit.showReport',
  exportReport: 'audioAudit.exportReport',
} as const;

const AUDIO_EXTENSIONS = BUNDLED_EXTENSIONS.flatMap((e) => [e, e.toUpperCase()]);
const AUDIO_NAME = extensionPattern(BUNDLED_EXTENSIONS);

export function registerAuditCommands(controller: AuditController, store: ReportStore): vscode.Disposable {
  // Context key for the palette's when-clauses (Clear Findings / Export Report only with a report).
  const hasReport = store.subscribe(() => void vscode.commands.executeCommand('setContext', 'audioAudit.hasReport', store.reports.length > 0));
  return vscode.Disposable.from(
    hasReport,
    vscode.commands.registerCommand(COMMANDS.auditWorkspace, async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      if (folders.length === 0) {
        void vscode.window.showWarningMessage('Audio Audit: open a folder first; there is no workspace folder to audit.');
        return;
      }
      await controller.auditFolders(folders);
    }),
    vscode.commands.registerCommand(COMMANDS.auditFolder, async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      let folders = pickUris(uri, selected);
      if (folders.length === 0) {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true, canSelectFiles: false, canSelectMany: true, openLabel: 'Audit',
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        });
        folders = picked ?? [];
      }
      if (folders.length) await controller.auditFolders(folders.map((f) => f.fsPath));
    }),
    vscode.commands.registerCommand(COMMANDS.auditFile, async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      let files = pickUris(uri, selected);
      if (files.length === 0) {
        const active = activeResource();
        if (active && AUDIO_NAME.test(active.fsPath)) files = [active];
      }
      if (files.length === 0) {
        files = (await vscode.window.showOpenDialog({
          canSelectFiles: true, canSelectMany: true, openLabel: 'Audit', filters: { 'Audio (WAV, FLAC, MP3, Ogg, Opus, AIFF)': AUDIO_EXTENSIONS },
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        })) ?? [];
      }
      if (files.length) await controller.auditFiles(files.map((f) => f.fsPath));
    }),
    vscode.commands.registerCommand(COMMANDS.clearFindings, () => controller.clear()),
    // Export Report… is registered by the report panel (registerReport: JSON, CSV and standalone HTML).
  );
}

/** Explorer context menus pass the clicked item and the whole selection; only file-system items are audited. */
function pickUris(uri: vscode.Uri | undefined, selected: vscode.Uri[] | undefined): vscode.Uri[] {
  const all = selected?.length ? selected : uri instanceof vscode.Uri ? [uri] : [];
  return all.filter((u) => u.scheme === 'file');
}

/** The resource of the active tab: a text editor or a custom editor (the preview). */
export function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}
