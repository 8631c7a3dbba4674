// An output written beside its destination under a temporary name and renamed into place only when complete: a reader
// never sees half a file, and a cancelled or failed write leaves nothing (the temporary file is removed).
import { closeSync, openSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

export class AtomicFile {
  readonly tempPath: string;
  private fd: number | null;
  private position = 0;

  /** Creates the temporary file ('wx': never an existing one) in the destination's folder, so rename stays on one file system. */
  constructor(readonly destination: string) {
    this.tempPath = path.join(path.dirname(destination), `.${path.basename(destination)}.${randomBytes(4).toString('hex')}.partial`);
    this.fd = openSync(this.tempPath, 'wx');
  }

  append(bytes: Uint8Array): void {
    this.position += writeAll(this.fd!, bytes, this.position);
  }

  /** Overwrites bytes at `offset` (a header whose sizes are known at the end). */
  writeAt(offset: number, bytes: Uint8Array): void {
    writeAll(this.fd!, bytes, offset);
  }

  /** Flushes to disk and renames into place (replacing an existing destination: the caller checked --force). */
  commit(): void {
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = null;
    renameSync(this.tempPath, this.destination);
  }

  /** Removes the temporary file; safe to call after commit or twice. */
  discard(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
      rmSync(this.tempPath, { force: true });
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return done;
}

/** Writes a whole text file atomically. */
export function writeFileAtomic(destination: string, text: string): void {
  const f = new AtomicFile(destination);
  try {
    f.append(Buffer.from(text, 'utf8'));
    f.commit();
  } finally {
    f.discard();
  }
}
