// Severity ordering shared by the exit code and the summary's "worst files".
import type { FileReport, Severity } from '../core/types';
import type { FailOn } from './args';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Exit 1 when any finding (of a file or a manifest line) is at or above the --fail-on level; `never` always passes. */
export function failsAt(files: readonly Pick<FileReport, 'findings'>[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const bar = SEVERITY_RANK[failOn];
  return files.some((f) => f.findings.some((x) => SEVERITY_RANK[x.severity] >= bar));
}

export function severityCounts(f: Pick<FileReport, 'findings'>): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const x of f.findings) c[x.severity]++;
  return c;
}
