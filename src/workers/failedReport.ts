// The report for a file whose worker died (crash, out of memory): the audit of the other files goes on.
import type { FileReport } from '../core/types';

export function failedReport(relPath: string, reason: string): FileReport {
  const message = `${relPath}: the audit worker failed (${reason}).`;
  return {
    path: relPath,
    error: message,
    format: null,
    channels: [],
    dcOffset: null,
    peak: null,
    peakDbfs: null,
    rmsDbfs: null,
    stereoDownmixLossDb: null,
    minMax: null,
    mel: null,
    findings: [{ rule: 'unreadable', severity: 'error', message }],
  };
}
