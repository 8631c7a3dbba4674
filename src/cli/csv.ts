// --csv: one row per file, then one row per manifest-line finding (path = the manifest, `line` and `message` set)
// (RFC 4180 quoting). Text cells that a spreadsheet would run as a formula get a leading '.
import type { FileReport, ManifestReport } from '../core/types';
import { severityCounts } from './severity';
import { csvText } from '../core/manifest/write/droppedCsv';

type Cell = string | number | boolean | null | undefined;

export const CSV_COLUMNS: readonly [string, (f: FileReport) => Cell][] = [
  ['path', (f) => f.path],
  ['error', (f) => f.error],
  ['container', (f) => f.format?.container],
  ['encoding', (f) => f.format?.encoding],
  ['bitsPerSample', (f) => f.format?.bitsPerSample],
  ['validBits', (f) => f.format?.validBits],
  ['sampleRate', (f) => f.format?.sampleRate],
  ['channels', (f) => f.format?.channels],
  ['frames', (f) => f.format?.frames],
  ['durationSec', (f) => f.format?.durationSec],
  ['dcOffset', (f) => f.dcOffset],
  ['peak', (f) => f.peak],
  ['peakDbfs', (f) => f.peakDbfs],
  ['rmsDbfs', (f) => f.rmsDbfs],
  ['stereoDownmixLossDb', (f) => f.stereoDownmixLossDb],
  ['clippedSamples', (f) => (f.channels.length ? f.channels.reduce((s, c) => s + c.clippedSamples, 0) : null)],
  ['longestClipRun', (f) => (f.channels.length ? Math.max(...f.channels.map((c) => c.longestClipRun)) : null)],
  ['nonFinite', (f) => (f.channels.length ? f.channels.reduce((s, c) => s + c.nonFinite, 0) : null)],
  ['effectiveBits', (f) => minOrNull(f.channels.map((c) => c.effectiveBits))],
  ['qLevels', (f) => f.minMax?.qLevels],
  ['zeroBin', (f) => f.minMax?.zeroBin],
  ['expectedZeroBin', (f) => f.minMax?.expectedZeroBin],
  ['binShift', (f) => f.minMax?.binShift],
  ['dcAfterRoundTrip', (f) => f.minMax?.dcAfterRoundTrip],
  ['minMaxGainDb', (f) => f.minMax?.gainDb],
  ['melPreset', (f) => f.mel?.preset],
  ['melMinDb', (f) => f.mel?.minDb],
  ['melMaxDb', (f) => f.mel?.maxDb],
  ['melMeanDb', (f) => f.mel?.meanDb],
  ['melStdDb', (f) => f.mel?.stdDb],
  ['melFractionAboveTop', (f) => f.mel?.fractionAboveTop],
  ['melFractionBelowFloor', (f) => f.mel?.fractionBelowFloor],
  ['errors', (f) => severityCounts(f).error],
  ['warnings', (f) => severityCounts(f).warning],
  ['infos', (f) => severityCounts(f).info],
  ['rules', (f) => [...new Set(f.findings.map((x) => x.rule))].join(';')],
  ['bandwidthHz', (f) => f.bandwidthHz],
  ['contentHash', (f) => f.contentHash],
];

/** Columns only manifest-line rows fill (files leave them empty). */
const MANIFEST_COLUMNS = ['line', 'message'] as const;

export function toCsv(files: readonly FileReport[], manifests: readonly ManifestReport[] = []): string {
  return [csvHeader(), ...files.map(csvFileRow), ...csvManifestRows(manifests)].join('');
}

/** The header line (CRLF-terminated, like every row). */
export function csvHeader(): string {
  return `${[...CSV_COLUMNS.map(([name]) => name), ...MANIFEST_COLUMNS].join(',')}\r\n`;
}

/** One file's row: a merge writes them as the files stream by. */
export function csvFileRow(f: FileReport): string {
  return `${[...CSV_COLUMNS.map(([, get]) => csvCell(get(f))), ...MANIFEST_COLUMNS.map(() => '')].join(',')}\r\n`;
}

/** The rows of the manifests' line findings, after the files. */
export function csvManifestRows(manifests: readonly ManifestReport[]): string[] {
  const rows: string[] = [];
  for (const m of manifests) {
    for (const x of m.findings) {
      const row = new Map<string, Cell>([['path', m.path], ['errors', Number(x.severity === 'error')],
        ['warnings', Number(x.severity === 'warning')], ['infos', Number(x.severity === 'info')], ['rules', x.rule]]);
      rows.push(`${[...CSV_COLUMNS.map(([name]) => csvCell(row.get(name))), csvCell(x.line), csvCell(x.message)].join(',')}\r\n`);
    }
  }
  return rows;
}

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return typeof v === 'string' ? csvText(v) : String(v);
}

function minOrNull(xs: (number | null)[]): number | null {
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length ? Math.min(...ok) : null;
}
