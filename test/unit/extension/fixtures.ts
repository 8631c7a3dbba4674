// Minimal report objects for the extension's pure mappings (only the fields they read carry values).
import type { AuditReport, FileReport, Finding, RuleId, Severity } from '../../../src/core/types';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

export function finding(rule: RuleId, severity: Severity, message = `${rule} fired.`): Finding {
  return { rule, severity, message };
}

export function fileReport(path: string, findings: Finding[] = []): FileReport {
  return { path, error: null, format: null, channels: [], dcOffset: null, peak: null, peakDbfs: null, rmsDbfs: null,
    stereoDownmixLossDb: null, minMax: null, mel: null, findings };
}

export function report(root: string, files: FileReport[], partial = false): AuditReport {
  return {
    version: 1, root, settings: DEFAULT_SETTINGS, partial, files,
    dataset: { fileCount: files.length, errorCount: 0, totalDurationSec: 0, sampleRates: {}, channels: {}, bitDepths: {},
      findingsByRule: {}, peakDbfs: { min: null, median: null, max: null }, rmsDbfs: { min: null, median: null, max: null },
      minMaxShiftedShare: null, minMaxMedianShift: null },
  };
}
