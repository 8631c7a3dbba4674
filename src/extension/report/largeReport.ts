// A report file too large to read whole (Open Report File… of a merged million-file report): read by the report reader
// worker into columns, kept on the host as a ColumnTable; the panel pages its rows to the webview.
import { Worker } from 'node:worker_threads';
import { ColumnTable, toPagedSummary } from '../../core/report/columnTable';
import type { ReportHead } from '../../core/report/load';
import { ReportFileError } from '../../core/report/load';
import type { PagedSummary } from '../../core/report/pagedView';
import type { AuditReport } from '../../core/types';
import type { ReportReaderInput, ReportReaderToHost } from '../../protocol/reportReader';

/** Report files from this size on are read by the worker and paged (the 100 000-file report, 135 MiB, is not). */
export const LARGE_REPORT_BYTES = 256 * 2 ** 20;

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
 * Reads the file in the reader worker; rejects with ReportFileError (not a report: the reason), ReadCancelled, or an
 * I/O error. `cancelled` terminates the worker.
 */
export function readLargeReport(workerPath: string, file: string, opts: {
  onProgress?(bytesRead: number, bytesTotal: number): void;
  onCancel?(cancel: () => void): void;
  log?(msg: string): void;
}): Promise<LargeReport> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const worker = new Worker(workerPath, { workerData: { file } satisfies ReportReaderInput });
    let settled = false;
    const finish = (f: () => void) => { if (!settled) { settled = true; f(); } void worker.terminate(); };
    opts.onCancel?.(() => finish(() => reject(new ReadCancelled('cancelled'))));
    worker.on('message', (m: ReportReaderToHost) => {
      if (m.type === 'progress') { if (!settled) opts.onProgress?.(m.bytesRead, m.bytesTotal); return; }
      if (m.type === 'error') { finish(() => reject(m.reportError ? new ReportFileError(m.message) : new Error(m.message))); return; }
      const t1 = Date.now();
      const table = new ColumnTable(m.report.files);
      const large = new LargeReport(m.report.head, table, file, m.report.bytes);
      large.summary();
      opts.log?.(`opened report ${file}: ${table.count} files, ${(m.report.bytes / 2 ** 20).toFixed(1)} MiB read in the reader worker in ${t1 - t0} ms (file reads ${m.readMs.toFixed(0)} ms, scan ${m.scanMs.toFixed(0)} ms), summary and histograms on the host in ${Date.now() - t1} ms`);
      finish(() => resolve(large));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the report reader stopped (exit code ${code})`))));
  });
}
