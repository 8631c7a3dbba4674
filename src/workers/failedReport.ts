// The report for a file the worker could not audit (settings it cannot run, a crash, out of memory): the others go on.
import type { FileReport } from '../core/types';

export function failedReport(relPath: string, reason: string): FileReport {
  const message = `${relPath} could not be audited: ${reason}.`;
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
