// Which findings remove a manifest entry: those at or above a severity (default error) or of named rules, on the
// entry's audio file (report.files) or on a manifest line the entry was read from (report.manifests[].findings:
// the entry's own line and, for Kaldi, the wav.scp, utt2dur and text lines its fields came from).
import * as path from 'node:path';
import type { AuditReport, Finding, RuleId, Severity } from '../types';
import { RULE_IDS, SEVERITY_RANK } from '../rules/severity';

export interface DropCriteria {
  /** Findings at or above this severity drop the entry; 'none': severity alone drops nothing. */
  readonly dropSeverity?: Severity | 'none';
  /** Findings of these rules drop the entry whatever their severity. */
  readonly dropRules?: readonly string[];
}

/** A rule name that is not one of the audit's rules (a typo in --drop-rules), or null when all are known. */
export function unknownRule(rules: readonly string[]): string | null {
  return rules.find((r) => !(RULE_IDS as readonly string[]).includes(r)) ?? null;
}

export class DropPolicy {
  private readonly byAudio = new Map<string, Finding[]>();
  private readonly byLine = new Map<string, Finding[]>();
  private readonly decodedSec = new Map<string, number>();
  private readonly audited = new Set<string>();

  constructor(report: AuditReport, private readonly root: string, criteria: DropCriteria = {}) {
    this.rootPrefix = path.resolve(root) + path.sep;
    const severity = criteria.dropSeverity ?? 'error';
    const bar = severity === 'none' ? Infinity : SEVERITY_RANK[severity];
    const rules = new Set<string>(criteria.dropRules ?? []);
    const drops = (x: Finding) => SEVERITY_RANK[x.severity] >= bar || rules.has(x.rule as RuleId);
    for (const f of report.files) {
      this.audited.add(f.path);
      const hits = f.findings.filter(drops);
      if (hits.length > 0) this.byAudio.set(f.path, hits);
      if (f.error === null && f.format && f.format.sampleRate > 0) this.decodedSec.set(f.path, f.format.frames / f.format.sampleRate);
    }
    for (const m of report.manifests ?? []) {
      for (const x of m.findings) {
        if (!drops(x)) continue;
        const key = `${m.path}\u0000${x.line}`;
        const list = this.byLine.get(key);
        if (list) list.push(x);
        else this.byLine.set(key, [x]);
      }
    }
  }

  private readonly rootPrefix: string;
  private readonly relCache = new Map<string, string>();

  /**
   * The root-relative, '/'-separated path the report names a file by. A path under the root is sliced (path.relative
   * costs microseconds, and each entry asks several times); manifest files, few and asked per line, are cached.
   */
  rel(abs: string): string {
    if (path.sep === '/' && abs.startsWith(this.rootPrefix) && !abs.includes('/.')) return abs.slice(this.rootPrefix.length);
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  private relOfManifest(abs: string): string {
    let rel = this.relCache.get(abs);
    if (rel === undefined) this.relCache.set(abs, (rel = this.rel(abs)));
    return rel;
  }

  /** The dropping findings of an audio file. */
  audioFindings(absAudio: string): readonly Finding[] {
    return this.byAudio.get(this.rel(absAudio)) ?? [];
  }

  /** The dropping findings on one line of a manifest file. */
  lineFindings(absFile: string, line: number): readonly Finding[] {
    if (this.byLine.size === 0) return [];
    return this.byLine.get(`${this.relOfManifest(absFile)}\u0000${line}`) ?? [];
  }

  /** Lines of a manifest file that carry dropping findings, ascending. */
  flaggedLines(absFile: string): number[] {
    const prefix = `${this.relOfManifest(absFile)}\u0000`;
    const out: number[] = [];
    for (const key of this.byLine.keys()) if (key.startsWith(prefix)) out.push(Number(key.slice(prefix.length)));
    return out.sort((a, b) => a - b);
  }

  /** The report has this audio file (decoded or not). */
  covers(absAudio: string): boolean {
    return this.audited.has(this.rel(absAudio));
  }

  /** Decoded duration of an audio file, frames / sample rate (seconds); null when it was not decoded. */
  decoded(absAudio: string): number | null {
    return this.decodedSec.get(this.rel(absAudio)) ?? null;
  }
}
