// Type-only protocol between the extension host and the preview worker (worker_threads).
// Kept apart from preview.ts so the webview's type-check never sees core/mel types.
import type { ResolvedMel } from '../core/mel/params';
import type { AuditSettings } from '../core/types';
import type { HostToWebview } from './preview';

export type HostToWorker =
  /** Opens the file, streams the overview, then (when `audit` is set) runs auditFile for the header and stats. */
  | { readonly type: 'open'; readonly absPath: string; readonly ffmpegPath: string | null; readonly mel: ResolvedMel | null; readonly overviewColumns: number;
      readonly audit: { readonly relPath: string; readonly settings: AuditSettings } | null }
  | { readonly type: 'view'; readonly requestId: number; readonly startFrame: number; readonly endFrame: number;
      readonly columns: number }
  | { readonly type: 'pcm'; readonly requestId: number; readonly startFrame: number; readonly frames: number };

/** What the worker posts is what the webview gets (the host forwards it), plus the request an error answers. */
export type WorkerToHost =
  | Exclude<HostToWebview, { readonly type: 'error' }>
  | { readonly type: 'error'; readonly message: string; readonly requestId?: number };
