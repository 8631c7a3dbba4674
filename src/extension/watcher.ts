// Incremental re-audit: audio files created, changed or deleted under the workspace are re-audited, debounced; a
// saved manifest (or a file that may be one) has the manifests checked again without decoding any audio.
import * as vscode from 'vscode';
import type { AuditController } from './auditController';
import { BUNDLED_EXTENSIONS, extensionGlob } from '../core/audioExtensions';

const DEBOUNCE_MS = 500;

/** Names a manifest may have (src/core/manifest/dialects). */
const MANIFEST_GLOB = '**/{*.json,*.jsonl,*.csv,*.tsv,*.txt,*.scp,segments,utt2dur,text}';

/** Collects touched file paths and hands them over together once they stop coming for DEBOUNCE_MS. */
function debounced(handle: (paths: string[]) => void): { touched: (uri: vscode.Uri) => void; dispose: () => void } {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  return {
    touched: (uri) => {
      if (uri.scheme !== 'file' || !vscode.workspace.getConfiguration('audioAudit').get<boolean>('watch', true)) return;
      pending.add(uri.fsPath);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const paths = [...pending];
        pending = new Set();
        handle(paths);
      }, DEBOUNCE_MS);
    },
    dispose: () => clearTimeout(timer),
  };
}

export function registerAuditWatcher(controller: AuditController): vscode.Disposable {
  const audio = vscode.workspace.createFileSystemWatcher(extensionGlob(BUNDLED_EXTENSIONS));
  const audioChanged = debounced((paths) => void controller.filesChanged(paths));
  const touched = audioChanged.touched;
  const manifests = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
  const manifestChanged = debounced((paths) => void controller.manifestsChanged(paths));
  return vscode.Disposable.from(
    audio,
    audio.onDidCreate(touched),
    audio.onDidChange(touched),
    audio.onDidDelete(touched),
    // A deleted or renamed folder reports no event for the audio files inside it.
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(touched)),
    vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => { touched(f.oldUri); touched(f.newUri); })),
    vscode.workspace.onDidChangeWorkspaceFolders((e) => controller.foldersRemoved(e.removed.map((f) => f.uri.fsPath))),
    audioChanged,
    manifests,
    manifests.onDidCreate(manifestChanged.touched),
    manifests.onDidChange(manifestChanged.touched),
    manifests.onDidDelete(manifestChanged.touched),
    manifestChanged,
  );
}
