// The progress bar: one line redrawn on stderr (only when stderr is a terminal), at most 10 times a second.
import type { AuditProgress } from '../workers/runAudit';

const WIDTH = 24;
const MIN_INTERVAL_MS = 100;

export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: AuditProgress): void {
    const now = Date.now();
    if (now - this.last < MIN_INTERVAL_MS && p.filesDone < p.filesTotal) return;
    this.last = now;
    this.stream.write(`\r${formatProgress(p)}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function formatProgress(p: AuditProgress): string {
  const share = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 1;
  const filled = Math.round(Math.min(1, share) * WIDTH);
  const mb = (b: number): string => (b / 1048576).toFixed(1);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.filesDone}/${p.filesTotal} files  ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MiB`;
}
