// The audio preview custom editor (viewType audioAudit.preview) for *.wav / *.wave: a readonly editor whose
// document is just the URI; one PreviewPanel per open editor.
import * as vscode from 'vscode';
import { PreviewPanel, type PreviewDeps, type PreviewMetrics } from './previewPanel';

export const PREVIEW_VIEW_TYPE = 'audioAudit.preview';

class PreviewProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  readonly panels = new Set<PreviewPanel>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: PreviewDeps) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose() {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const preview = new PreviewPanel(document.uri, panel, this.extensionUri, this.deps);
    this.panels.add(preview);
    panel.onDidDispose(() => { this.panels.delete(preview); preview.dispose(); });
    await preview.start();
  }
}

/** Opens a file in the preview explicitly (whatever the default editor for *.wav is). */
export function openPreview(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.openWith', uri, PREVIEW_VIEW_TYPE);
}

/**
 * `audioAudit.preview.default` = false hands *.wav / *.wave back to VS Code's own editor through the user's
 * `workbench.editorAssociations` (the contributed priority is static); true removes only the entries it added.
 */
async function applyDefaultSetting(): Promise<void> {
  const asDefault = vscode.workspace.getConfiguration('audioAudit.preview').get<boolean>('default', true);
  const workbench = vscode.workspace.getConfiguration('workbench');
  const current = { ...(workbench.get<Record<string, string>>('editorAssociations') ?? {}) };
  let changed = false;
  for (const glob of ['*.wav', '*.wave']) {
    if (!asDefault && current[glob] === undefined) { current[glob] = 'default'; changed = true; }
    if (asDefault && current[glob] === 'default') { delete current[glob]; changed = true; }
  }
  if (changed) await workbench.update('editorAssociations', current, vscode.ConfigurationTarget.Global);
}

export function registerPreview(context: vscode.ExtensionContext, deps: PreviewDeps): vscode.Disposable {
  const provider = new PreviewProvider(context.extensionUri, deps);
  if (vscode.workspace.getConfiguration('audioAudit.preview').get<boolean>('default', true) === false) void applyDefaultSetting();
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(PREVIEW_VIEW_TYPE, provider, {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('audioAudit.preview.default')) void applyDefaultSetting();
    }),
    vscode.commands.registerCommand('audioAudit.openPreview', (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      return target ? openPreview(target) : undefined;
    }),
    // For the E2E: first render time and overview time of every open preview.
    vscode.commands.registerCommand('audioAudit.preview.metrics', (): PreviewMetrics[] =>
      [...provider.panels].map((p) => ({ ...p.metrics }))),
  );
}

export type { PreviewDeps } from './previewPanel';
