// A file opened read-only for positioned reads: the descriptor, its size, and a close() that runs once.
import { closeSync, fstatSync, openSync } from 'node:fs';

export interface ReadOnlyFile {
  readonly fd: number;
  readonly size: number;
  /** Closes the descriptor; later calls do nothing. */
  close(): Promise<void>;
}

export function openReadOnly(absPath: string): ReadOnlyFile {
  const fd = openSync(absPath, 'r');
  let closed = false;
  const close = async () => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  try {
    return { fd, size: fstatSync(fd).size, close };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
