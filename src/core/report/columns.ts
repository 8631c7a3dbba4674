// The columns the streaming reader (streamReader.ts) fills from a report file: types only (the worker protocol uses them).
import type { RuleId } from '../types';
import type { ReportHead } from './load';
import type { MetricId } from './metrics';

/** The per-file columns, index = position in the file's "files" list. Numbers are NaN where the report has null. */
export interface FileColumns {
  readonly count: number;
  /** All paths concatenated; path i is pathText.slice(pathStart[i], pathStart[i + 1]) (UTF-16 offsets). */
  readonly pathText: string;
  readonly pathStart: Uint32Array;
  /** Byte offset of each entry's "{" in the file (to read one file's full entry on demand). */
  readonly entryOffset: Float64Array;
  /** The files whose "error" is not null, by index. */
  readonly errors: ReadonlyMap<number, string>;
  readonly sampleRate: Float64Array;
  readonly channels: Float64Array;
  readonly bits: Float64Array;
  readonly metrics: Readonly<Record<MetricId, Float64Array>>;
  /** Findings of file i are findingStart[i] .. findingStart[i + 1] - 1 of the three finding arrays. */
  readonly findingStart: Uint32Array;
  /** Index into `rules`. */
  readonly findingRule: Uint8Array;
  /** 0 error, 1 warning, 2 info (SEVERITIES order). */
  readonly findingSeverity: Uint8Array;
  /** Index into the distinct messages: messageText.slice(messageStart[m], messageStart[m + 1]). */
  readonly findingMessage: Uint32Array;
  readonly messageText: string;
  readonly messageStart: Uint32Array;
  readonly rules: readonly RuleId[];
  /** MinMaxReport.expectedZeroBin of the first file that has one. */
  readonly expectedZeroBin: number | null;
}

export interface StreamedReport {
  readonly head: ReportHead;
  readonly files: FileColumns;
  readonly bytes: number;
}


/** What a reader with startAt or stopAt returns (splitRead.ts): the columns and members it read, not checked as a whole report. */
export interface PartialRead extends StreamedReport {
  /** stopAt when the reader stopped there (it was an entry of "files"), else null: it read to the end. */
  readonly stoppedAt: number | null;
}
