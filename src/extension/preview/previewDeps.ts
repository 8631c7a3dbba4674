// The preview's view of the audit: the current settings and the file's entry in the last report (if any).
import * as path from 'node:path';
import type { FileReport } from '../../core/types';
import type { AuditController } from '../auditController';
import type { ReportStore } from '../reportStore';
import type { PreviewDeps } from './previewPanel';

/** The FileReport of absPath in the report whose root holds it (report paths are root-relative, '/'-separated). */
export function fileReportIn(reports: ReportStore, absPath: string): FileReport | undefined {
  const report = reports.reportFor(absPath, path.sep);
  if (!report) return undefined;
  const rel = path.relative(report.root, absPath).split(path.sep).join('/');
  return report.files.find((f) => f.path === rel);
}

export function previewDepsFrom(reports: ReportStore, controller: AuditController): PreviewDeps {
  return {
    settings: () => controller.options().settings,
    reportFor: (uri) => fileReportIn(reports, uri.fsPath),
    findingsFor: (uri) => fileReportIn(reports, uri.fsPath)?.findings,
  };
}
