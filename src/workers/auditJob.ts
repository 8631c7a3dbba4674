// One file's audit as a lane runs it (a worker thread or the CLI's main thread): a report for every file, no throw.
import { auditFile } from '../core/audit/auditFile';
import type { AuditSettings, FileReport } from '../core/types';
import { failedReport } from './failedReport';

export async function auditJob(
  absPath: string, relPath: string, settings: AuditSettings,
  opts: { onBytes?: (bytesRead: number) => void; signal?: AbortSignal } = {},
): Promise<FileReport> {
  try {
    return await auditFile(absPath, relPath, settings, opts);
  } catch (err) {
    // auditFile rethrows settings it cannot run (MelParamError, e.g. at this file's sample rate): that file's error.
    return failedReport(relPath, (err as Error)?.message ?? String(err));
  }
}
