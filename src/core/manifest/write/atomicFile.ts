// Output written atomically: into a temporary file beside the target, renamed over it only when complete, so a
// reader (or a crash, or a cancel) never sees half a manifest. The temporary name starts with '.' and ends in .tmp.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export function temporaryPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Lines are collected up to this many bytes per write: one stream write per line costs 25 s on 1M lines. */
const BATCH_BYTES = 256 * 1024;

export class AtomicFile {
  readonly tempPath: string;
  private readonly out: WriteStream;
  private failure: Error | null = null;
  private batch: Buffer[] = [];
  private batchBytes = 0;

  constructor(readonly target: string) {
    this.tempPath = temporaryPath(target);
    this.out = createWriteStream(this.tempPath, { flags: 'wx' });
    this.out.on('error', (e) => (this.failure = e));
  }

  /** Buffers; flushes with backpressure (events.once rejects when the stream fails while waiting for 'drain'). */
  async write(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= BATCH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.batch.length === 0) return;
    const chunk = Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Closes the temporary file and renames it over the target. */
  async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    await fs.rename(this.tempPath, this.target);
  }

  /** Removes the temporary file; the target is untouched. */
  async discard(): Promise<void> {
    this.out.destroy();
    await fs.rm(this.tempPath, { force: true });
  }
}

/** Runs `write` on an AtomicFile for `target`: committed when it returns, discarded when it throws. */
export async function writeAtomically(target: string, write: (file: AtomicFile) => Promise<void>): Promise<void> {
  const file = new AtomicFile(target);
  try {
    await write(file);
  } catch (e) {
    await file.discard();
    throw e;
  }
  await file.commit();
}
