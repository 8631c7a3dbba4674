// The CLI's main thread as one more audit lane (src/workers/pool.ts LocalLane); the audit code loads on first use.
import type { LocalLane } from './pool';

export interface MainThreadLane {
  readonly lane: LocalLane;
  /** Starts loading the audit code now, so it overlaps the walk instead of delaying the first file. */
  warm(): void;
}

export function mainThreadLane(): MainThreadLane {
  let code: Promise<typeof import('./auditJob')> | undefined;
  const load = () => (code ??= import('./auditJob'));
  return {
    warm: () => void load(),
    lane: async (job, signal) =>
      (await load()).auditJob(job.absPath, job.relPath, job.settings, { onBytes: job.onBytes, signal }),
  };
}
