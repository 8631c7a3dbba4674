// Output written atomically: into a temporary file beside the target, renamed over it only when complete, so a
// reader (or a crash, or a cancel) never sees half a manifest. The temporary name starts with '.' and ends in .tmp.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export function temporaryPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export class AtomicFile {
  readonly tempPath: string;
  private readonly out: WriteStream;
  private failure: Error | null = null;

  constructor(readonly target: string) {
    this.tempPath = temporaryPath(target);
    this.out = createWriteStream(this.tempPath, { flags: 'wx' });
    this.out.on('error', (e) => (this.failure = e));
  }

  /** Writes with backpressure. */
  async write(data: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(data)) await Promise.race([once(this.out, 'drain'), once(this.out, 'error')]);
    if (this.failure) throw this.failure;
  }

  /** Closes the temporary file and renames it over the target. */
  async commit(): Promise<void> {
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
