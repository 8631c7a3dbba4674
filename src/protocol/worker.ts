// Messages between the host (CLI or extension) and an audit worker thread. Type-only: no runtime code.
import type { AuditSettings, FileReport } from '../core/types';

/** Host -> worker: audit one file. */
export interface AuditRequest {
  readonly type: 'audit';
  readonly id: number;
  readonly absPath: string;
  readonly relPath: string;
  readonly settings: AuditSettings;
  /** false: no progress messages for this file (nobody shows them; each is a thread round trip). Default true. */
  readonly progress?: boolean;
}

export type HostToWorker = AuditRequest;

/** Worker -> host: bytes of the file read so far (cumulative), for the progress bar. */
export interface ProgressMessage {
  readonly type: 'progress';
  readonly id: number;
  readonly bytesRead: number;
}

/** Worker -> host: the finished report (auditFile never throws, so every request gets one). */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly report: FileReport;
}

/** Worker -> host, once: its code is loaded and it takes requests (sent earlier they wait in its port). */
export interface ReadyMessage {
  readonly type: 'ready';
}

export type WorkerToHost = ProgressMessage | ResultMessage | ReadyMessage;
