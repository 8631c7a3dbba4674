// Type-only messages between the extension host and the report reader worker (Open Report File… of a large file).
import type { PartialRead } from '../core/report/columns';

/** workerData of the reader: the report file to read. */
export interface ReportReaderInput {
  readonly file: string;
  /** One half of a split read (src/core/report/splitRead.ts): from this entry's byte offset to the end. */
  readonly startAt?: number;
  /** The other half: from byte 0 until the entry at this byte offset. */
  readonly stopAt?: number;
}

export type ReportReaderToHost =
  | { readonly type: 'progress'; readonly bytesRead: number; readonly bytesTotal: number }
  /** readMs: time inside the file reads; scanMs: the rest (scanning and filling the columns). */
  | { readonly type: 'done'; readonly report: PartialRead; readonly readMs: number; readonly scanMs: number }
  /** reportError: the file is not a report (the message says why), else an I/O or internal error. */
  | { readonly type: 'error'; readonly message: string; readonly reportError: boolean };
