// Type-only protocol of the audio preview: host <-> webview and host <-> preview worker.
// Each message is a union member with a string `type`; typed arrays travel as transferables.
import type { AudioFormat, FileReport, Finding, FindingLocation, MelPresetName } from '../core/types';
import type { FindingActionId } from '../core/fix/findingActions';

/** Min/max of one channel per pixel column, over [startFrame, endFrame). Empty columns hold NaN. */
export interface ChannelEnvelope {
  readonly min: Float32Array;
  readonly max: Float32Array;
}

/** Envelope of every channel over a frame range at a column count. */
export interface EnvelopeTile {
  readonly startFrame: number;
  readonly endFrame: number;
  readonly columns: number;
  readonly channels: readonly ChannelEnvelope[];
  /** Columns filled so far, from the left (a progressive overview); equals columns when complete. */
  readonly filledColumns: number;
}

/** Mel dB (max-pooled over the mel frames of each column), column-major: db[col * nMels + band]. NaN = not yet computed. */
export interface MelTile {
  readonly startFrame: number;
  readonly endFrame: number;
  readonly columns: number;
  readonly nMels: number;
  readonly db: Float32Array;
  readonly filledColumns: number;
}

/** What the view needs to draw the mel colour scale and map mel frames to time. */
export interface MelScale {
  readonly preset: MelPresetName;
  readonly sampleRate: number;
  readonly hopLength: number;
  readonly nMels: number;
  readonly fmin: number;
  readonly fmax: number;
  readonly topDb: number;
  readonly floorDb: number;
}

/** How the webview plays the file: the browser decodes it (`audio`), or the host sends Float32 PCM (`webaudio`). */
export type PlaybackMode = 'audio' | 'webaudio' | 'none';

/** Initial state, passed as escaped JSON in the page's data-init attribute. */
export interface PreviewInit {
  readonly fileName: string;
  /** null when the header could not be read; `error` then says why. */
  readonly format: AudioFormat | null;
  readonly error: string | null;
  readonly findings: readonly Finding[];
  /** null until the single-file audit has run (then a `report` message follows). */
  readonly report: FileReport | null;
  readonly mel: MelScale | null;
  /** sox-style clip level and the SampleRNN q_levels, for the guide lines. */
  readonly clipLevel: number;
  readonly qLevels: number;
  readonly playback: PlaybackMode;
  /** Webview URI of the file when playback is `audio`. */
  readonly audioSrc: string | null;
}

// ---- host -> webview ----
export type HostToWebview =
  | { readonly type: 'overview'; readonly envelope: EnvelopeTile; readonly mel: MelTile | null; readonly done: boolean }
  | { readonly type: 'view'; readonly requestId: number; readonly envelope: EnvelopeTile; readonly mel: MelTile | null }
  | { readonly type: 'report'; readonly report: FileReport }
  | { readonly type: 'pcm'; readonly requestId: number; readonly startFrame: number; readonly frames: number;
      readonly sampleRate: number; readonly channels: readonly Float32Array[] }
  | { readonly type: 'error'; readonly message: string }
  /** Zoom to a finding's frames (the lightbulb's "Show in preview"); null shows the whole file. */
  | { readonly type: 'locate'; readonly location: FindingLocation | null };

// ---- webview -> host ----
export type WebviewToHost =
  | { readonly type: 'ready' }
  /** Draw [startFrame, endFrame) at `columns` pixel columns. */
  | { readonly type: 'requestView'; readonly requestId: number; readonly startFrame: number; readonly endFrame: number;
      readonly columns: number }
  /** Decoded PCM for playback only, one chunk per request. */
  | { readonly type: 'requestPcm'; readonly requestId: number; readonly startFrame: number; readonly frames: number }
  /** An action from a finding's lightbulb menu (src/core/fix/findingActions.ts), with the finding it was asked on. */
  | { readonly type: 'findingAction'; readonly action: FindingActionId; readonly rule: string; readonly location: FindingLocation | null }
  /** Metrics for the E2E (first render time). */
  | { readonly type: 'rendered'; readonly what: 'overview' | 'view'; readonly complete: boolean };
