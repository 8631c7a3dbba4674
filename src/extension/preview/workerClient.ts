// The host's side of one preview worker: started lazily, terminated on dispose.
import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../../protocol/previewWorker';

export class PreviewWorkerClient {
  private worker: Worker | undefined;

  constructor(private readonly workerPath: string, private readonly onMessage: (msg: WorkerToHost) => void) {}

  send(msg: HostToWorker): void {
    if (!this.worker) {
      this.worker = new Worker(this.workerPath);
      this.worker.on('message', this.onMessage);
      this.worker.on('error', (err) => this.onMessage({ type: 'error', message: `preview worker failed: ${err.message}` }));
    }
    this.worker.postMessage(msg);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
