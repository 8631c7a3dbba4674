// A report file too large to read whole (Open Report File… of a merged million-file report): read by the report reader
// worker into columns, kept on the host as a ColumnTable; the panel pages its rows to the webview.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ColumnTable, toPagedSummary } from '../../core/report/columnTable';
import type { ReportHead } from '../../core/report/load';
import { ReportFileError } from '../../core/report/load';
import type { PagedSummary } from '../../core/report/pagedView';
import { findSplit, joinHalves } from '../../core/report/splitRead';
import type { StreamedReport } from '../../core/report/columns';
import type { AuditReport } from '../../core/types';
import type { ReportReaderInput, ReportReaderToHost } from '../../protocol/reportReader';

/** Report files from this size on are read by the worker and paged (the 100 000-file report, 135 MiB, is not). */
export const LARGE_REPORT_BYTES = 256 * 2 ** 20;
/** From this size on two workers read one half each (the split costs a 4 MiB read). */
const SPLIT_BYTES = 64 * 2 ** 20;

export class LargeReport {
  private summaryCache: PagedSummary | undefined;

  constructor(readonly head: ReportHead, readonly table: ColumnTable, readonly file: string, readonly bytes: number) {}

  summary(): PagedSummary {
    return this.summaryCache ??= toPagedSummary(this.head, this.table);
  }

  /** The report without its files, for what reads only the rest (normalization stats, manifests, duplicate pairs). */
  get headReport(): AuditReport {
    return { ...this.head, files: [] };
  }
}

export class ReadCancelled extends Error {}

/**
 * Reads the file in reader workers; rejects with ReportFileError (not a report: the reason), ReadCancelled, or an
 * I/O error. `cancelled` terminates the workers. A file in the layout audio-audit writes is read by two workers at
 * once, each from its half (src/core/report/splitRead.ts); the first alone when the split is not confirmed.
 */
export function readLargeReport(workerPath: string, file: string, opts: {
  onProgress?(bytesRead: number, bytesTotal: number): void;
  onCancel?(cancel: () => void): void;
  log?(msg: string): void;
}): Promise<LargeReport> {
  const t0 = Date.now();
  const size = statSync(file).size;
  const split = splitOf(file, size);
  const running = new Set<Worker>();
  let cancelled = false;
  const progress = new Map<Worker, number>();
  const run = (data: ReportReaderInput): Promise<Extract<ReportReaderToHost, { type: 'done' }>> => new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: data });
    running.add(worker);
    let settled = false;
    const finish = (f: () => void) => { if (!settled) { settled = true; running.delete(worker); f(); } void worker.terminate(); };
    worker.on('message', (m: ReportReaderToHost) => {
      if (m.type === 'progress') {
        progress.set(worker, m.bytesRead);
        let sum = 0;
        for (const b of progress.values()) sum += b;
        if (!cancelled) opts.onProgress?.(Math.min(sum, size), size);
        return;
      }
      if (m.type === 'error') { finish(() => reject(m.reportError ? new ReportFileError(m.message) : new Error(m.message))); return; }
      finish(() => resolve(m));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(cancelled ? new ReadCancelled('cancelled') : new Error(`the report reader stopped (exit code ${code})`))));
  });
  const cancel = new Promise<never>((_, reject) => opts.onCancel?.(() => {
    cancelled = true;
    for (const w of running) void w.terminate();
    reject(new ReadCancelled('cancelled'));
  }));
  cancel.catch(() => undefined);

  const read = async (): Promise<LargeReport> => {
    let report: StreamedReport;
    let how: string;
    if (split === null) {
      const whole = await run({ file });
      report = whole.report;
      how = `one reader (file reads ${whole.readMs.toFixed(0)} ms, scan ${whole.scanMs.toFixed(0)} ms)`;
    } else {
      const secondRun = run({ file, startAt: split });
      secondRun.catch(() => undefined);
      const first = await run({ file, stopAt: split });
      if (first.report.stoppedAt !== split) {
        // The split was not an entry of "files": the first reader read (and checked) the whole file.
        for (const w of running) void w.terminate();
        report = first.report;
        how = `one reader (byte ${split} was not an entry of "files")`;
      } else {
        const second = await secondRun.catch(() => null);
        if (second === null) {
          // The second half failed: read the file whole, so the error names the entry by its index in the whole file.
          report = (await run({ file })).report;
          how = 'one reader, after the second half failed';
        } else {
          report = joinHalves(first.report, second.report, split) ?? first.report;
          how = `two readers split at byte ${split} (scan ${first.scanMs.toFixed(0)} ms and ${second.scanMs.toFixed(0)} ms at once)`;
        }
      }
    }
    const t1 = Date.now();
    const table = new ColumnTable(report.files);
    const large = new LargeReport(report.head, table, file, report.bytes);
    large.summary();
    opts.log?.(`opened report ${file}: ${table.count} files, ${(report.bytes / 2 ** 20).toFixed(1)} MiB read in ${t1 - t0} ms by ${how}, summary and histograms on the host in ${Date.now() - t1} ms`);
    return large;
  };
  return Promise.race([read(), cancel]).finally(() => { for (const w of running) void w.terminate(); });
}

/** Where two readers can split the file (null: read it with one). */
function splitOf(file: string, size: number): number | null {
  if (size < SPLIT_BYTES) return null;
  const fd = openSync(file, 'r');
  try {
    return findSplit((position, length) => {
      const b = Buffer.allocUnsafe(length);
      return b.subarray(0, readSync(fd, b, 0, length, position));
    }, size);
  } finally {
    closeSync(fd);
  }
}
