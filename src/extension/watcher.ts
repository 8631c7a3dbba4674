// Incremental re-audit: audio files created, changed or deleted under the workspace are re-audited, debounced.
import * as vscode from 'vscode';
import type { AuditController } from './auditController';
import { BUNDLED_EXTENSIONS, extensionGlob } from '../core/audioExtensions';

const DEBOUNCE_MS = 500;

export function registerAuditWatcher(controller: AuditController): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(extensionGlob(BUNDLED_EXTENSIONS));
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const touched = (uri: vscode.Uri) => {
    if (uri.scheme !== 'file' || !vscode.workspace.getConfiguration('audioAudit').get<boolean>('watch', true)) return;
    pending.add(uri.fsPath);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...pending];
      pending = new Set();
      void controller.filesChanged(paths);
    }, DEBOUNCE_MS);
  };
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(touched),
    watcher.onDidChange(touched),
    watcher.onDidDelete(touched),
    // A deleted or renamed folder reports no event for the audio files inside it.
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(touched)),
    vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => { touched(f.oldUri); touched(f.newUri); })),
    vscode.workspace.onDidChangeWorkspaceFolders((e) => controller.foldersRemoved(e.removed.map((f) => f.uri.fsPath))),
    { dispose: () => clearTimeout(timer) },
  );
}
