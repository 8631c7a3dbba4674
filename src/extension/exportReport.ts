// Export Report…: the report as JSON (the version-1 contract) or CSV (the CLI's --csv format), written where the user chose.
import * as vscode from 'vscode';
import type { AuditReport } from '../core/types';
import { toCsv } from '../cli/csv';

export async function writeReportExport(report: AuditReport, format: 'json' | 'csv', target: vscode.Uri): Promise<void> {
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : toCsv(report.files);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
}
