// The visible time range in frames; zoom keeps the frame under the cursor fixed, pan shifts by pixels.
export interface TimeView {
  readonly start: number;
  readonly end: number;
}

/** Narrowest view: 32 frames across the canvas. */
export const MIN_SPAN = 32;

export function clampView(start: number, end: number, total: number): TimeView {
  let span = Math.min(total, Math.max(MIN_SPAN, end - start));
  let s = Math.max(0, Math.min(total - span, start));
  if (!Number.isFinite(s)) s = 0;
  span = Math.min(span, total - s);
  return { start: s, end: s + span };
}

/** factor < 1 zooms in; `anchor` in [0, 1] is the cursor's position across the canvas. */
export function zoom(v: TimeView, factor: number, anchor: number, total: number): TimeView {
  const span = v.end - v.start;
  const at = v.start + anchor * span;
  const next = span * factor;
  return clampView(at - anchor * next, at - anchor * next + next, total);
}

export function pan(v: TimeView, dxPixels: number, width: number, total: number): TimeView {
  const shift = (-dxPixels / width) * (v.end - v.start);
  return clampView(v.start + shift, v.end + shift, total);
}

/** A view centred on [start, end) with context either side (at least minSpan frames). */
export function around(start: number, end: number, total: number, minSpan: number): TimeView {
  const span = Math.max(minSpan, (end - start) * 6);
  const mid = (start + end) / 2;
  return clampView(mid - span / 2, mid + span / 2, total);
}

export function frameToX(frame: number, v: TimeView, width: number): number {
  return ((frame - v.start) / (v.end - v.start)) * width;
}
