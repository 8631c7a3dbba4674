// dropped.csv: one row per removed entry (manifest, line, audio, rules, messages), RFC 4180 quoting, CRLF rows as
// the CLI's --csv. A cell a spreadsheet would run as a formula gets a leading ' (OWASP CSV injection advice).
import type { AtomicFile } from './atomicFile';

export interface DroppedEntry {
  /** The manifest file the line is in, relative to the audited root ('/'-separated). */
  readonly manifest: string;
  readonly line: number;
  /** The entry's audio, relative to the root; '' when the line names none. */
  readonly audio: string;
  readonly rules: readonly string[];
  readonly messages: readonly string[];
}

export const DROPPED_CSV_HEADER = 'manifest,line,audio,rules,messages';

export function csvText(value: string): string {
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function droppedRow(d: DroppedEntry): string {
  return [csvText(d.manifest), String(d.line), csvText(d.audio), csvText(d.rules.join(';')), csvText(d.messages.join(' '))].join(',');
}

export async function writeDroppedCsv(file: AtomicFile, entries: readonly DroppedEntry[]): Promise<void> {
  await file.write(DROPPED_CSV_HEADER + '\r\n');
  for (const d of entries) await file.write(droppedRow(d) + '\r\n');
}
