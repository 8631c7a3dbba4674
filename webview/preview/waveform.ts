// Waveform of one channel from min/max envelope tiles: one vertical bar per tile column, never thinner than a pixel.
import type { EnvelopeTile } from '../../src/protocol/preview';
import type { Palette } from './theme';
import { frameToX, type TimeView } from './viewport';

/** Horizontal reference lines drawn across the channel (value in [-1, 1] full scale). */
export interface WaveLines {
  readonly dcOffset: number | null;
  /** Where silence lands after per-example min-max quantization and back (SampleRNN linear_dequantize of zeroBin). */
  readonly minMaxZero: number | null;
}

/** ±1 full scale sits at 90 % of the half height, so float overs and the guides stay visible. */
const FULL_SCALE = 0.9;

export function valueToY(v: number, height: number): number {
  const half = height / 2;
  return half - Math.max(-1 / FULL_SCALE, Math.min(1 / FULL_SCALE, v)) * half * FULL_SCALE;
}

export function drawWaveform(
  ctx: CanvasRenderingContext2D, width: number, height: number, view: TimeView,
  tiles: readonly (EnvelopeTile | null)[], channel: number, lines: WaveLines, p: Palette,
  region: { start: number; end: number } | null,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.font = p.font;
  if (region) {
    const x0 = frameToX(region.start, view, width);
    const x1 = Math.max(x0 + 2, frameToX(region.end, view, width));
    ctx.fillStyle = p.region;
    ctx.fillRect(x0, 0, x1 - x0, height);
  }
  // Guides first, the signal over them.
  hline(ctx, width, valueToY(1, height), p.fullScale, [4, 4]);
  hline(ctx, width, valueToY(-1, height), p.fullScale, [4, 4]);
  hline(ctx, width, valueToY(0, height), p.zeroLine, []);
  ctx.fillStyle = p.wave;
  // A finer tile hides the coarser ones under it (their wide columns would show around its thin ones).
  tiles.forEach((tile, i) => {
    if (!tile) return;
    const finer = tiles.slice(i + 1).find((t) => t && t.filledColumns === t.columns) ?? null;
    drawTile(ctx, width, height, view, tile, channel, finer);
  });
  if (lines.dcOffset !== null) hline(ctx, width, valueToY(lines.dcOffset, height), p.dcLine, [2, 2]);
  if (lines.minMaxZero !== null) hline(ctx, width, valueToY(lines.minMaxZero, height), p.minMaxZero, [6, 3]);
  // Labels sit inside the guides so the canvas edge never cuts them.
  label(ctx, '+1 FS', 2, valueToY(1, height) + 11, p.fullScale, p.background);
  label(ctx, '−1 FS', 2, valueToY(-1, height) - 3, p.fullScale, p.background);
  if (lines.dcOffset !== null) {
    label(ctx, `DC ${lines.dcOffset.toFixed(4)}`, width - 90, valueToY(lines.dcOffset, height) - 3, p.dcLine, p.background);
  }
  if (lines.minMaxZero !== null) {
    label(ctx, `min-max zero ${lines.minMaxZero.toFixed(4)}`, width - 200, valueToY(lines.minMaxZero, height) + 12, p.minMaxZero, p.background);
  }
}

function drawTile(
  ctx: CanvasRenderingContext2D, width: number, height: number, view: TimeView, tile: EnvelopeTile, channel: number,
  hidden: EnvelopeTile | null,
): void {
  const ch = tile.channels[channel];
  if (!ch) return;
  const colFrames = (tile.endFrame - tile.startFrame) / tile.columns;
  const first = Math.max(0, Math.floor((view.start - tile.startFrame) / colFrames));
  const last = Math.min(tile.filledColumns, Math.ceil((view.end - tile.startFrame) / colFrames));
  let prevLo = NaN;
  let prevHi = NaN;
  for (let i = first; i < last; i++) {
    let lo = ch.min[i];
    let hi = ch.max[i];
    if (Number.isNaN(lo)) { prevLo = NaN; continue; }
    // Bars reach the neighbour's range, so a jump between columns (e.g. into a clipped run) is drawn as a line.
    const nextLo = lo;
    const nextHi = hi;
    if (!Number.isNaN(prevLo)) { if (lo > prevHi) lo = prevHi; if (hi < prevLo) hi = prevLo; }
    prevLo = nextLo;
    prevHi = nextHi;
    const colStart = tile.startFrame + i * colFrames;
    if (hidden && colStart < hidden.endFrame && colStart + colFrames > hidden.startFrame) continue;
    const x0 = frameToX(colStart, view, width);
    const x1 = frameToX(tile.startFrame + (i + 1) * colFrames, view, width);
    const yTop = valueToY(hi, height);
    const yBot = valueToY(lo, height);
    // At least one pixel wide and tall, so a single sample column is never lost.
    ctx.fillRect(Math.floor(x0), yTop, Math.max(1, Math.ceil(x1) - Math.floor(x0)), Math.max(1, yBot - yTop));
  }
}

function hline(ctx: CanvasRenderingContext2D, width: number, y: number, color: string, dash: number[]): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(0, Math.round(y) + 0.5);
  ctx.lineTo(width, Math.round(y) + 0.5);
  ctx.stroke();
  ctx.restore();
}

/** Text on a patch of the editor background, so it stays readable over the signal. */
function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, backdrop: string): void {
  const w = ctx.measureText(text).width;
  ctx.fillStyle = backdrop;
  ctx.fillRect(x - 2, y - 10, w + 4, 13);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

export function drawPlayhead(ctx: CanvasRenderingContext2D, width: number, height: number, view: TimeView, frame: number | null, color: string): void {
  if (frame === null || frame < view.start || frame > view.end) return;
  const x = Math.round(frameToX(frame, view, width)) + 0.5;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, height);
  ctx.stroke();
  ctx.restore();
}
