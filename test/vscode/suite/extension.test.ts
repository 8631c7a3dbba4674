// Extension-host integration tests: the real commands against the demo dataset opened as the workspace.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditServices } from '../../../src/extension/extension';
import { suite, test } from './runner';

const EXTENSION_ID = 'audio-dataset-audit.audio-dataset-audit';

function auditDiagnostics(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const ours = diagnostics.filter((d) => d.source === 'audio-audit');
    if (ours.length) out.set(path.relative(root, uri.fsPath).split(path.sep).join('/'), ours.map((d) => String(d.code)));
  }
  return out;
}

suite('Audio Audit in the extension host', () => {
  test('nothing is activated before a command runs', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, false);
  });

  test('Audit Workspace puts each rule file\'s rule on that file and nothing on clean files', async () => {
    await vscode.commands.executeCommand('audioAudit.auditWorkspace');
    const byFile = auditDiagnostics();
    assert.ok(byFile.get('rules/dc-offset-plus-0.05.wav')?.includes('dc-offset'));
    assert.ok(byFile.get('rules/clipping-overdriven-4x.wav')?.includes('clipping'));
    assert.ok(byFile.get('rules/unreadable-text-named.wav')?.includes('unreadable'));
    assert.deepEqual([...byFile.keys()].filter((f) => f.startsWith('clean/')), []);
  });

  test('the report store holds the workspace report and matches the diagnostics', () => {
    const services = vscode.extensions.getExtension<AuditServices>(EXTENSION_ID)!.exports;
    const report = services.reports.latest!;
    assert.equal(report.root, vscode.workspace.workspaceFolders![0].uri.fsPath);
    const withFindings = report.files.filter((f) => f.findings.length).map((f) => f.path).sort();
    assert.deepEqual([...auditDiagnostics().keys()].sort(), withFindings);
  });

  test('a severity set to "off" removes that rule after the next audit', async () => {
    const config = vscode.workspace.getConfiguration('audioAudit');
    await config.update('severities', { 'dc-offset': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('audioAudit.auditWorkspace');
      const codes = [...auditDiagnostics().values()].flat();
      assert.equal(codes.includes('dc-offset'), false);
      assert.ok(codes.includes('clipping'));
    } finally {
      await config.update('severities', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Clear Findings removes every audio-audit diagnostic', async () => {
    await vscode.commands.executeCommand('audioAudit.clearFindings');
    assert.equal(auditDiagnostics().size, 0);
  });
});
