// The audio preview custom editor (viewType audioAudit.preview) for every bundled format (*.wav, *.flac, *.mp3 …): a readonly editor whose
// document is just the URI; one PreviewPanel per open editor.
import { BUNDLED_EXTENSIONS } from '../../core/audioExtensions';
import * as vscode from 'vscode';
import type { FindingLocation } from '../../core/types';
import { PreviewPanel, type PreviewDeps, type PreviewMetrics } from './previewPanel';
import { pickQuickFix } from './previewQuickFix';

export const PREVIEW_VIEW_TYPE = 'audioAudit.preview';

class PreviewProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  readonly panels = new Set<PreviewPanel>();
  /** "Show in preview" of a file whose preview is not open yet: the location its new panel zooms to. */
  readonly pendingLocations = new Map<string, FindingLocation>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: PreviewDeps) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose() {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const preview = new PreviewPanel(document.uri, panel, this.extensionUri, this.deps);
    this.panels.add(preview);
    const location = this.pendingLocations.get(document.uri.toString());
    this.pendingLocations.delete(document.uri.toString());
    if (location) preview.locate(location);
    panel.onDidDispose(() => { this.panels.delete(preview); preview.dispose(); });
    await preview.start();
  }
}

/** Opens a file in the preview explicitly (whatever the default editor for *.wav is). */
export function openPreview(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.openWith', uri, PREVIEW_VIEW_TYPE);
}

/** What `audioAudit.preview.default` = false associates instead: VS Code's audio player, or its plain editor. */
// VS Code's media preview plays *.mp3, *.wav, *.ogg and *.oga (extensions/media-preview package.json); the rest open as files.
const BUILT_IN_PLAYER = new Set(['mp3', 'wav', 'ogg', 'oga']);
const FALLBACK_EDITORS: Readonly<Record<string, string>> = Object.fromEntries(
  BUNDLED_EXTENSIONS.map((e) => [`*.${e}`, BUILT_IN_PLAYER.has(e) ? 'vscode.audioPreview' : 'default']));

/**
 * The preview is the default through the contributed default of `workbench.editorAssociations` (package.json
 * configurationDefaults; the customEditors priority alone would make VS Code ask between it and its built-in audio
 * player). `audioAudit.preview.default` = false writes FALLBACK_EDITORS into the user's associations; true removes
 * exactly those entries again, so the contributed default applies.
 */
async function applyDefaultSetting(): Promise<void> {
  const asDefault = vscode.workspace.getConfiguration('audioAudit.preview').get<boolean>('default', true);
  const workbench = vscode.workspace.getConfiguration('workbench');
  const user = { ...(workbench.inspect<Record<string, string>>('editorAssociations')?.globalValue ?? {}) };
  let changed = false;
  for (const [glob, editor] of Object.entries(FALLBACK_EDITORS)) {
    if (!asDefault && user[glob] === undefined) { user[glob] = editor; changed = true; }
    if (asDefault && user[glob] === editor) { delete user[glob]; changed = true; }
  }
  if (changed) await workbench.update('editorAssociations', user, vscode.ConfigurationTarget.Global);
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
    // The lightbulb's "Show in preview": open (or focus) the preview and zoom to the finding's frames when it has some.
    vscode.commands.registerCommand('audioAudit.showInPreview', async (uri?: vscode.Uri, location?: FindingLocation) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return;
      if (location) provider.pendingLocations.set(target.toString(), location);
      await openPreview(target);
      provider.pendingLocations.delete(target.toString());
      if (location) for (const p of provider.panels) if (p.resource.toString() === target.toString()) p.locate(location);
    }),
    // Ctrl+. in the preview (package.json keybindings): the lightbulb's actions of every finding of the active preview.
    vscode.commands.registerCommand('audioAudit.quickFix', () => {
      const active = [...provider.panels].find((p) => p.active);
      if (!active) return void vscode.window.showInformationMessage('Audio Audit: Quick Fix… acts on the audio preview; open a file in it first.');
      return pickQuickFix(active);
    }),
    // First render and complete-overview times of every open preview (shown, and returned to a caller).
    vscode.commands.registerCommand('audioAudit.preview.metrics', (): PreviewMetrics[] => {
      const metrics = [...provider.panels].map((p) => ({ ...p.metrics }));
      const text = metrics.map((m) => `${m.file}: first render ${m.firstRenderMs ?? '…'} ms, overview ${m.overviewCompleteMs ?? '…'} ms`);
      void vscode.window.showInformationMessage(text.length ? text.join('; ') : 'No audio preview is open.');
      return metrics;
    }),
  );
}

export type { PreviewDeps } from './previewPanel';
