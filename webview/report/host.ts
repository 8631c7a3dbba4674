// The channel to the extension host: acquireVsCodeApi inside VS Code; a no-op stand-in in the standalone HTML export.
import type { ReportToHost, ReportUiState } from '../../src/protocol/report';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  /** False in the standalone HTML page: no file opening, saving or exporting there. */
  readonly connected: boolean;
  post(msg: ReportToHost): void;
  getState(): ReportUiState | undefined;
  setState(state: ReportUiState): void;
}

export function connectHost(): Host {
  if (typeof acquireVsCodeApi !== 'function') {
    let state: ReportUiState | undefined;
    return { connected: false, post: () => undefined, getState: () => state, setState: (s) => { state = s; } };
  }
  const api = acquireVsCodeApi();
  return {
    connected: true,
    post: (msg) => api.postMessage(msg),
    getState: () => (api.getState() as ReportUiState | undefined) ?? undefined,
    setState: (s) => api.setState(s),
  };
}
