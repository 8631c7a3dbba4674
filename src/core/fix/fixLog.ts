// fix-log.csv: one row per input file, what was changed and where the copy went (RFC 4180, CRLF rows, like --csv).
import { csvText } from '../manifest/write/droppedCsv';

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 cell; text gets dropped.csv's quoting and formula guard. */
function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return typeof v === 'string' ? csvText(v) : String(v);
}

export interface FixRecord {
  readonly file: string;
  /** The copy, '/'-separated relative to the output folder; null when none was written. */
  readonly out: string | null;
  /** Per input channel: the mean removed (--dc mean) or the input's mean before the high-pass (--dc highpass). */
  readonly dcRemoved: readonly number[] | null;
  readonly dcMethod: 'mean' | 'highpass' | null;
  readonly gainDb: number | null;
  readonly nonFiniteZeroed: number;
  readonly clipped: number;
  readonly dithered: boolean;
  /** Channels downmixed to mono (null: no --mono, or the file was mono already). */
  readonly monoFrom: number | null;
  /** Format changes and warnings, full phrases. */
  readonly notes: readonly string[];
  readonly error: string | null;
}

const COLUMNS: readonly [string, (r: FixRecord) => Cell][] = [
  ['file', (r) => r.file],
  ['out', (r) => r.out],
  ['dc_method', (r) => r.dcMethod],
  // One channel: the number; several: "c1=…;c2=…" (text starting with a letter, so no formula guard is added).
  ['dc_removed', (r) => (r.dcRemoved === null ? null : r.dcRemoved.length === 1 ? Number(r.dcRemoved[0].toPrecision(6))
    : r.dcRemoved.map((m, c) => `c${c + 1}=${m.toPrecision(6)}`).join(';'))],
  ['gain_db', (r) => (r.gainDb === null ? null : Number(r.gainDb.toFixed(4)))],
  ['non_finite_zeroed', (r) => r.nonFiniteZeroed],
  ['clipped', (r) => r.clipped],
  ['dithered', (r) => (r.out === null ? null : r.dithered ? 'yes' : 'no')],
  ['mono', (r) => (r.monoFrom === null ? null : `from ${r.monoFrom} channels`)],
  ['notes', (r) => r.notes.join('; ')],
  ['error', (r) => r.error],
];

export function fixLogCsv(records: readonly FixRecord[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const r of records) lines.push(COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The same record as short phrases (FixedFile.changes, the CLI's summary). */
export function changesOf(r: FixRecord): string[] {
  const out: string[] = [];
  if (r.dcMethod === 'mean' && r.dcRemoved) out.push(`DC removed (mean per channel: ${r.dcRemoved.map((m) => m.toPrecision(4)).join(', ')})`);
  if (r.dcMethod === 'highpass') out.push('DC removed by the 5 Hz high-pass');
  if (r.gainDb !== null) out.push(`gain ${r.gainDb >= 0 ? '+' : ''}${r.gainDb.toFixed(2)} dB`);
  if (r.nonFiniteZeroed > 0) out.push(`${r.nonFiniteZeroed} non-finite samples set to 0`);
  if (r.monoFrom !== null) out.push(`mixed to mono from ${r.monoFrom} channels`);
  if (r.clipped > 0) out.push(`${r.clipped} samples clipped to the code range`);
  if (r.dithered) out.push('requantized with TPDF dither');
  out.push(...r.notes);
  return out;
}
