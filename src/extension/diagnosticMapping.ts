// Audit reports → what the Problems panel shows. Pure (no `vscode` import): diagnostics.ts turns these
// descriptors into vscode.Diagnostic objects, and the tests check the mapping without an extension host.
import * as path from 'node:path';
import type { AuditReport, FileReport, Finding, ManifestFinding, Severity } from '../core/types';

export type DiagnosticSeverityName = 'error' | 'warning' | 'information';

export interface DiagnosticDescriptor {
  /** The rule id, shown as the diagnostic's code and used by quick filters. */
  readonly code: string;
  readonly severity: DiagnosticSeverityName;
  readonly message: string;
  readonly source: 'audio-audit';
  /** 0-based line of a manifest finding; absent for an audio file (the diagnostic sits at its start). */
  readonly line?: number;
}

export const DIAGNOSTIC_SOURCE = 'audio-audit';

const SEVERITY_NAMES: Record<Severity, DiagnosticSeverityName> = { error: 'error', warning: 'warning', info: 'information' };

export function descriptorFor(finding: Finding): DiagnosticDescriptor {
  return { code: finding.rule, severity: SEVERITY_NAMES[finding.severity], message: finding.message, source: DIAGNOSTIC_SOURCE };
}

/** A manifest finding sits on its line (1-based in the report, 0-based in the editor). */
export function manifestDescriptorFor(finding: ManifestFinding): DiagnosticDescriptor {
  return { ...descriptorFor(finding), line: finding.line - 1 };
}

/** Absolute path of a report entry: report paths are '/'-separated and relative to the audited root. */
export function absolutePathOf(root: string, file: FileReport): string {
  return path.join(root, ...file.path.split('/'));
}

/**
 * Every file that should carry diagnostics, from all current reports. A file audited under two roots
 * (a workspace folder and a subfolder audited on its own) takes the findings of the report listed last.
 */
export function diagnosticsByFile(reports: readonly AuditReport[]): Map<string, DiagnosticDescriptor[]> {
  const byFile = new Map<string, DiagnosticDescriptor[]>();
  for (const report of reports) {
    for (const file of report.files) {
      const abs = absolutePathOf(report.root, file);
      if (file.findings.length === 0) byFile.delete(abs);
      else byFile.set(abs, file.findings.map(descriptorFor));
    }
    for (const m of report.manifests ?? []) {
      const abs = path.join(report.root, ...m.path.split('/'));
      if (m.findings.length === 0) byFile.delete(abs);
      else byFile.set(abs, m.findings.map(manifestDescriptorFor));
    }
  }
  return byFile;
}

export interface DiagnosticsUpdate {
  /** Files whose diagnostics are (re)set. */
  readonly set: ReadonlyMap<string, DiagnosticDescriptor[]>;
  /** Files that had diagnostics and must lose them (left the workspace, stopped having findings). */
  readonly clear: readonly string[];
}

/** The change from the files that currently show diagnostics to the wanted state. */
export function planDiagnostics(current: ReadonlySet<string>, wanted: ReadonlyMap<string, DiagnosticDescriptor[]>): DiagnosticsUpdate {
  const clear = [...current].filter((file) => !wanted.has(file));
  return { set: wanted, clear };
}

export interface AuditTotals {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function totalsOf(reports: readonly AuditReport[]): AuditTotals {
  let files = 0, errors = 0, warnings = 0, infos = 0;
  for (const r of reports) {
    files += r.files.length;
    for (const f of [...r.files, ...(r.manifests ?? [])]) for (const x of f.findings) {
      if (x.severity === 'error') errors++;
      else if (x.severity === 'warning') warnings++;
      else infos++;
    }
  }
  return { files, errors, warnings, infos };
}

/** "1 204": groups of three digits with a space, the SI convention, independent of the UI locale. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const plural = (n: number, one: string, many: string) => `${groupDigits(n)} ${n === 1 ? one : many}`;

/** Status bar text, e.g. "$(pulse) 1 204 files · 3 errors · 41 warnings". */
export function statusText(t: AuditTotals): string {
  return `$(pulse) ${plural(t.files, 'file', 'files')} · ${plural(t.errors, 'error', 'errors')} · ${plural(t.warnings, 'warning', 'warnings')}`;
}
