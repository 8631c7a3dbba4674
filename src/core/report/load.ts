// Reads a JSON report written by `audio-audit --out` (or Export Report… → JSON) back in, checking its shape so a
// wrong file gives one clear sentence instead of a broken panel. Checks what the report view reads, nothing more.
import type { AuditReport } from '../types';

export class ReportFileError extends Error {}

const SEVERITIES = new Set(['error', 'warning', 'info']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberOrNull = (v: unknown) => v === null || typeof v === 'number';
const isObjectOrNull = (v: unknown) => v === null || isObject(v);

/** Parses and checks a version-1 report; throws ReportFileError naming what is wrong (and which file entry). */
export function parseReportJson(text: string): AuditReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReportFileError(`it is not JSON (${(e as Error).message})`);
  }
  if (!isObject(data) || !('version' in data) || !('files' in data)) {
    throw new ReportFileError('it is not an Audio Audit report (a JSON object with "version": 1 and "files", as audio-audit --out writes)');
  }
  checkReportHead(data);
  if (!Array.isArray(data.files)) throw new ReportFileError('"files" is not a list');
  data.files.forEach(checkFile);
  return data as unknown as AuditReport;
}


/** Everything of a report but its files (what the streaming reader parses whole). */
export type ReportHead = Omit<AuditReport, 'files'>;

/** Checks the members around "files" (version, root, partial, settings, dataset, manifests, duplicates, merged). */
export function checkReportHead(data: Json): void {
  if (data.version !== 1) throw new ReportFileError(`report version ${JSON.stringify(data.version)} is not supported (this version reads version 1)`);
  if (typeof data.root !== 'string') throw new ReportFileError('"root" is not a string');
  if (typeof data.partial !== 'boolean') throw new ReportFileError('"partial" is not true or false');
  if (!isObject(data.settings)) throw new ReportFileError('"settings" is not an object');
  if (!isObject(data.dataset) || typeof data.dataset.fileCount !== 'number') throw new ReportFileError('"dataset" is not a dataset summary');
  if (data.manifests !== undefined) {
    if (!Array.isArray(data.manifests)) throw new ReportFileError('"manifests" is not a list');
    data.manifests.forEach(checkManifest);
  }
  if (data.duplicates !== undefined) {
    if (!Array.isArray(data.duplicates)) throw new ReportFileError('"duplicates" is not a list');
    data.duplicates.forEach(checkPair);
  }
  if (data.merged !== undefined && !(isObject(data.merged) && typeof data.merged.parts === 'number')) {
    throw new ReportFileError('"merged" is not { parts: number }');
  }
}

function checkFile(f: unknown, i: number): void {
  if (!isObject(f) || typeof f.path !== 'string') throw new ReportFileError(`files[${i}] has no "path"`);
  const bad = (what: string) => new ReportFileError(`files[${i}] (${JSON.stringify(f.path)}): ${what}`);
  if (f.error !== null && typeof f.error !== 'string') throw bad('"error" is not a string or null');
  if (!isObjectOrNull(f.format)) throw bad('"format" is not an object or null');
  if (!isObjectOrNull(f.minMax) || !isObjectOrNull(f.mel)) throw bad('"minMax" or "mel" is not an object or null');
  for (const k of ['peakDbfs', 'rmsDbfs', 'dcOffset'] as const) if (!isNumberOrNull(f[k])) throw bad(`"${k}" is not a number or null`);
  if (!Array.isArray(f.findings)) throw bad('"findings" is not a list');
  for (const x of f.findings) {
    if (!isObject(x) || typeof x.rule !== 'string' || typeof x.message !== 'string' || !SEVERITIES.has(x.severity as string)) {
      throw bad('a finding is not { rule, severity: error|warning|info, message }');
    }
  }
}

function checkManifest(m: unknown, i: number): void {
  if (!isObject(m) || typeof m.path !== 'string') throw new ReportFileError(`manifests[${i}] has no "path"`);
  const bad = (what: string) => new ReportFileError(`manifests[${i}] (${JSON.stringify(m.path)}): ${what}`);
  if (typeof m.dialect !== 'string') throw bad('"dialect" is not a string');
  if (m.split !== null && typeof m.split !== 'string') throw bad('"split" is not a string or null');
  if (typeof m.entries !== 'number' || typeof m.totalDeclaredSec !== 'number') throw bad('"entries" or "totalDeclaredSec" is not a number');
  if (m.durationPairs !== undefined && !(Array.isArray(m.durationPairs) && m.durationPairs.every((x) => typeof x === 'number'))) {
    throw bad('"durationPairs" is not a list of numbers');
  }
  if (!Array.isArray(m.findings)) throw bad('"findings" is not a list');
  for (const x of m.findings) {
    if (!isObject(x) || typeof x.rule !== 'string' || typeof x.message !== 'string' || !SEVERITIES.has(x.severity as string) || typeof x.line !== 'number') {
      throw bad('a finding is not { rule, severity: error|warning|info, message, line }');
    }
  }
}

function checkPair(p: unknown, i: number): void {
  if (!isObject(p) || typeof p.a !== 'string' || typeof p.b !== 'string' || (p.kind !== 'exact' && p.kind !== 'near')
    || typeof p.ber !== 'number' || typeof p.leakage !== 'boolean') {
    throw new ReportFileError(`duplicates[${i}] is not { a, b, kind: exact|near, ber, leakage }`);
  }
}
