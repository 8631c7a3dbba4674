// "Audio Audit: Quick Fix…" (Ctrl+. / Cmd+. in the preview): every finding's actions of the previewed file in a
// Quick Pick, the list the editor's lightbulb gives (src/core/fix/findingActions.ts), grouped under each finding.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileActions, type PlannedAction } from '../../core/fix/findingActions';
import type { PreviewPanel } from './previewPanel';

interface ActionItem extends vscode.QuickPickItem {
  readonly planned?: PlannedAction;
}

export async function pickQuickFix(preview: PreviewPanel): Promise<void> {
  const findings = preview.findings;
  const name = path.basename(preview.resource.fsPath);
  if (findings.length === 0) {
    void vscode.window.showInformationMessage(`Audio Audit: ${name} has no findings, so no quick fixes.`);
    return;
  }
  const items: ActionItem[] = [];
  let group: number | null | undefined;
  for (const planned of fileActions(findings.map((f) => f.rule))) {
    if (planned.finding !== group) {
      group = planned.finding;
      items.push({ kind: vscode.QuickPickItemKind.Separator, label: group === null ? name : findings[group].rule });
    }
    const { action } = planned;
    items.push({
      label: action.title,
      description: planned.finding === null ? undefined : findings[planned.finding].message,
      // A disabled action stays listed, as in the editor's lightbulb, and says why.
      detail: action.disabledReason && `$(circle-slash) ${action.disabledReason}`,
      planned,
    });
  }
  const picked = await vscode.window.showQuickPick(items, { title: `Quick Fix: ${name}`, placeHolder: 'Choose an action for a finding' });
  if (!picked?.planned) return;
  const { finding, action } = picked.planned;
  if (action.disabledReason) {
    void vscode.window.showInformationMessage(`Audio Audit: ${action.disabledReason}`);
    return;
  }
  const f = finding === null ? undefined : findings[finding];
  preview.runAction(action.id, f?.rule ?? '', f?.location ?? null);
}
