// worker_threads entry (dist/worker.js): audits the files the pool sends, one at a time, and posts progress and results.
import { parentPort } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';
import { auditJob } from './auditJob';

const port = parentPort;
if (!port) throw new Error('worker.js must run as a worker thread');

const post = (msg: WorkerToHost): void => port.postMessage(msg);

async function handle(msg: HostToWorker): Promise<void> {
  if (msg.type !== 'audit') return;
  const report = await auditJob(msg.absPath, msg.relPath, msg.settings, {
    onBytes: msg.progress === false ? undefined : (bytesRead) => post({ type: 'progress', id: msg.id, bytesRead }),
  });
  post({ type: 'result', id: msg.id, report });
}

// The pool sends a request ahead; files are still audited one after another, never interleaved.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: HostToWorker) => {
  queue = queue.then(() => handle(msg));
});
// Loaded and listening: a pool with a lane of its own sends files only from now on (src/workers/pool.ts).
post({ type: 'ready' });
