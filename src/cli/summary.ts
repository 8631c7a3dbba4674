// The readable stdout summary: dataset shape, findings per rule, the min-max shift share, the worst files.
import type { AuditReport, FileReport, RuleId, Severity } from '../core/types';
import { SEVERITY_RANK, severityCounts } from './severity';

const WORST_FILES = 10;
/** Findings printed per manifest. */
const MANIFEST_LINES = 15;

/** What the summary reads of a file (a streamed merge keeps only this, of the files with findings). */
type FileFindings = Pick<FileReport, 'path' | 'findings'>;

/**
 * What the summary needs of the files' findings, taken one file at a time (a streamed merge keeps no file): the worst
 * files (most errors, then warnings, then infos; ties by path), how many files have findings, each rule's worst severity.
 */
export class FindingsDigest {
  readonly worst: FileFindings[] = [];
  withFindings = 0;
  readonly severities = new Map<RuleId, Severity>();

  add(f: FileFindings): void {
    if (f.findings.length === 0) return;
    this.withFindings++;
    for (const x of f.findings) {
      const prev = this.severities.get(x.rule);
      if (!prev || SEVERITY_RANK[x.severity] > SEVERITY_RANK[prev]) this.severities.set(x.rule, x.severity);
    }
    const w = this.worst;
    if (w.length === WORST_FILES && !worse(f, w[w.length - 1])) return;
    let i = w.length;
    while (i > 0 && worse(f, w[i - 1])) i--;
    w.splice(i, 0, f);
    if (w.length > WORST_FILES) w.pop();
  }
}

/** Whether a comes before b among the worst files. */
function worse(a: FileFindings, b: FileFindings): boolean {
  const ca = severityCounts(a);
  const cb = severityCounts(b);
  return (cb.error - ca.error || cb.warning - ca.warning || cb.info - ca.info || (a.path < b.path ? -1 : 1)) < 0;
}

/** `filesFound` (the files discovered) lets a partial report say how far it got. */
export function formatSummary(
  report: Omit<AuditReport, 'files'> & ({ files: readonly FileFindings[] } | { findings: FindingsDigest }),
  filesFound = report.dataset.fileCount,
): string {
  const digest = 'findings' in report ? report.findings : digestOf(report.files);
  const d = report.dataset;
  const out: string[] = [];
  const count = report.partial ? `${d.fileCount} of ${filesFound} files` : `${d.fileCount} file${d.fileCount === 1 ? '' : 's'}`;
  out.push(
    `audio-audit: ${count}, ${formatDuration(d.totalDurationSec)} of audio` +
      `${d.errorCount ? `, ${d.errorCount} unreadable` : ''}${report.partial ? ' — PARTIAL (cancelled before every file was read)' : ''}`,
  );
  out.push(`root: ${report.root}`);
  out.push(
    `formats: ${histogram(d.sampleRates, (k) => `${k} Hz`)}; ${histogram(d.channels, (k) => `${k} ch`)}; ${histogram(d.bitDepths, (k) => k)}`,
  );
  out.push(`peak dBFS min/median/max: ${dist(d.peakDbfs)}   RMS dBFS: ${dist(d.rmsDbfs)}`);

  const q = report.settings.qLevels;
  if (d.minMaxShiftedShare !== null) {
    out.push(
      `min-max quantization (q=${q}): ${pct(d.minMaxShiftedShare)} of files move the zero bin (>= 1 bin); ` +
        `median shift ${d.minMaxMedianShift === null ? 'n/a' : `${signed(d.minMaxMedianShift)} bins`}`,
    );
  }
  const n = d.normalization;
  if (n && n.globalPeakDbfs !== null) {
    out.push(
      `normalization: global peak ${fmt(n.globalPeakDbfs, 1)} dBFS, gain to -1 dBFS ${signed(n.recommendedGainDb, 1)} dB` +
        (n.melMinDb !== null ? `; mel dB range ${fmt(n.melMinDb, 1)} .. ${fmt(n.melMaxDb, 1)}` : ''),
    );
  }

  out.push('');
  const byRule = Object.entries(d.findingsByRule) as [RuleId, number][];
  if (byRule.length === 0) out.push('findings: none');
  else {
    out.push('findings by rule:');
    const sev = digest.severities;
    byRule.sort((a, b) => SEVERITY_RANK[sev.get(b[0]) ?? 'info'] - SEVERITY_RANK[sev.get(a[0]) ?? 'info'] || b[1] - a[1]);
    for (const [rule, count] of byRule) out.push(`  ${(sev.get(rule) ?? '').padEnd(8)} ${rule.padEnd(22)} ${String(count).padStart(6)}`);
  }

  const manifests = report.manifests ?? [];
  if (manifests.length) {
    out.push('');
    out.push('manifests:');
    for (const m of manifests) {
      const c = severityCounts(m);
      out.push(`  ${m.path}  ${m.dialect}${m.split ? `, ${m.split}` : ''}: ${m.entries} entries, ${formatDuration(m.totalDeclaredSec)}  [${c.error}E ${c.warning}W ${c.info}I]`);
      for (const x of m.findings.slice(0, MANIFEST_LINES)) out.push(`      line ${x.line} ${x.rule}: ${x.message}`);
      if (m.findings.length > MANIFEST_LINES) out.push(`      … ${m.findings.length - MANIFEST_LINES} more`);
    }
  }

  const worst = digest.worst;
  if (worst.length) {
    out.push('');
    out.push(`worst files${worst.length < digest.withFindings ? ` (top ${worst.length})` : ''}:`);
    for (const f of worst) {
      const c = severityCounts(f);
      const top = [...f.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
      out.push(`  ${f.path}  [${c.error}E ${c.warning}W ${c.info}I]`);
      out.push(`      ${top.rule}: ${top.message}`);
    }
  }
  return out.join('\n') + '\n';
}

function digestOf(files: readonly FileFindings[]): FindingsDigest {
  const d = new FindingsDigest();
  for (const f of files) d.add(f);
  return d;
}

function histogram(h: Record<string, number>, label: (k: string) => string): string {
  const e = Object.entries(h).sort((a, b) => b[1] - a[1]);
  return e.length ? e.map(([k, v]) => `${label(k)} ×${v}`).join(', ') : 'none';
}

function dist(x: { min: number | null; median: number | null; max: number | null }): string {
  return `${fmt(x.min, 1)} / ${fmt(x.median, 1)} / ${fmt(x.max, 1)}`;
}

function fmt(v: number | null | undefined, digits: number): string {
  return v === null || v === undefined ? 'n/a' : v.toFixed(digits);
}

function signed(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined) return 'n/a';
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function formatDuration(sec: number): string {
  if (sec < 60) return `${sec.toFixed(1)} s`;
  if (sec < 3600) return `${(sec / 60).toFixed(1)} min`;
  return `${(sec / 3600).toFixed(2)} h`;
}
