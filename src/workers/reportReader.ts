// Report reader worker (worker_threads): reads one report file with the streaming reader and hands the columns back
// (typed arrays transferred, not copied). Off the extension host's thread: a million-file report takes seconds to
// scan, and terminating the worker is the cancel.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ReportFileError } from '../core/report/load';
import { COLUMN_METRICS, readReportRange } from '../core/report/streamReader';
import type { ReportReaderInput, ReportReaderToHost } from '../protocol/reportReader';

/** Progress at most this often (the panel's bar, by bytes). */
const PROGRESS_MS = 100;

const port = parentPort;
if (!port) throw new Error('report reader: no parentPort');
const post = (m: ReportReaderToHost, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const { file, startAt, stopAt } = workerData as ReportReaderInput;
try {
  const t0 = performance.now();
  const fd = openSync(file, 'r');
  let readMs = 0;
  try {
    const bytesTotal = fstatSync(fd).size;
    let at = startAt ?? 0;
    let lastPost = 0;
    // Without startAt/stopAt this is the whole report, checked; with them one half of a split read (splitRead.ts).
    const report = readReportRange((into, offset, length) => {
      const r0 = performance.now();
      const n = readSync(fd, into, offset, length, at);
      readMs += performance.now() - r0;
      at += n;
      return n;
    }, {
      chunkBytes: 16 << 20,
      startAt,
      stopAt,
      onProgress: (bytesRead) => {
        const now = performance.now();
        if (now - lastPost >= PROGRESS_MS) { lastPost = now; post({ type: 'progress', bytesRead, bytesTotal }); }
      },
    });
    const f = report.files;
    const transfer = [f.pathStart, f.entryOffset, f.sampleRate, f.channels, f.bits, f.findingStart, f.findingRule, f.findingSeverity,
      f.findingMessage, f.messageStart, ...COLUMN_METRICS.map((m) => f.metrics[m])].map((a) => a.buffer as ArrayBuffer);
    post({ type: 'done', report, readMs, scanMs: performance.now() - t0 - readMs }, transfer);
  } finally {
    closeSync(fd);
  }
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e), reportError: e instanceof ReportFileError });
}
