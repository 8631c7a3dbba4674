// Mel spectrogram from mel tiles: dB mapped from the preset's floor to its top (0 dB) through the theme's chart
// colours; values above the top (what Tacotron's _normalize clips) in a distinct highlight colour.
import type { MelScale, MelTile } from '../../src/protocol/preview';
import { bandLimitLabel, melAxisY } from './melAxis';
import { melColor, parseColor, type Palette } from './theme';
import type { TimeView } from './viewport';

/** Each tile is turned into pixels once per palette (a theme change reads a new palette). */
const rendered = new WeakMap<MelTile, { palette: Palette; canvas: HTMLCanvasElement }>();

/** One pixel per tile column and mel band (band 0 at the bottom). */
function tileImage(tile: MelTile, scale: MelScale, p: Palette): HTMLCanvasElement {
  const cached = rendered.get(tile);
  if (cached && cached.palette === p) return cached.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = tile.columns;
  canvas.height = tile.nMels;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(tile.columns, tile.nMels);
  const above = parseColor(p.melAboveTop);
  const range = scale.topDb - scale.floorDb;
  for (let c = 0; c < tile.columns; c++) {
    for (let b = 0; b < tile.nMels; b++) {
      const db = tile.db[c * tile.nMels + b];
      if (Number.isNaN(db)) continue;
      const rgb = db > scale.topDb ? above : melColor(p.melStops, (db - scale.floorDb) / range);
      const o = ((tile.nMels - 1 - b) * tile.columns + c) * 4;
      img.data[o] = rgb[0];
      img.data[o + 1] = rgb[1];
      img.data[o + 2] = rgb[2];
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  rendered.set(tile, { palette: p, canvas });
  return canvas;
}

/** `bandLimitHz`: the file's effective bandwidth when below sr/2 (see melAxis.bandLimitHz), else null. */
export function drawSpectrogram(
  ctx: CanvasRenderingContext2D, width: number, height: number, view: TimeView,
  tiles: readonly (MelTile | null)[], scale: MelScale, p: Palette, bandLimitHz: number | null = null,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  for (const tile of tiles) {
    if (!tile || tile.filledColumns === 0) continue;
    const img = tileImage(tile, scale, p);
    const colFrames = (tile.endFrame - tile.startFrame) / tile.columns;
    // Source columns visible in the view, and where they land.
    const s0 = Math.max(0, (view.start - tile.startFrame) / colFrames);
    const s1 = Math.min(tile.filledColumns, (view.end - tile.startFrame) / colFrames);
    if (s1 <= s0) continue;
    const x0 = ((tile.startFrame + s0 * colFrames - view.start) / (view.end - view.start)) * width;
    const x1 = ((tile.startFrame + s1 * colFrames - view.start) / (view.end - view.start)) * width;
    ctx.drawImage(img, s0, 0, s1 - s0, tile.nMels, x0, 0, Math.max(1, x1 - x0), height);
  }
  // Band edges of the mel axis: fmax at the top, fmin at the bottom.
  ctx.font = p.font;
  ctx.fillStyle = p.foreground;
  ctx.fillText(`${Math.round(scale.fmax)} Hz`, 4, 12);
  ctx.fillText(`${Math.round(scale.fmin)} Hz`, 4, height - 4);
  if (bandLimitHz !== null) drawBandLimit(ctx, width, height, scale, bandLimitHz, p);
}

/** Dashed line across the spectrogram at the cutoff, labelled at the right end, above the line (below it at the top). */
function drawBandLimit(ctx: CanvasRenderingContext2D, width: number, height: number, scale: MelScale, hz: number, p: Palette): void {
  const y = melAxisY(hz, scale, height);
  if (y === null) return;
  ctx.save();
  ctx.strokeStyle = p.bandLimit;
  ctx.fillStyle = p.bandLimit;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(0, y);
  ctx.lineTo(width, y);
  ctx.stroke();
  const label = bandLimitLabel(hz);
  ctx.textAlign = 'right';
  ctx.textBaseline = y < 16 ? 'top' : 'bottom';
  ctx.fillText(label, width - 4, y < 16 ? y + 3 : y - 3);
  ctx.restore();
}

/** The dB colour scale: floor at the left, top (0 dB) at the right, then the "above top" swatch. */
export function drawMelScale(ctx: CanvasRenderingContext2D, width: number, height: number, scale: MelScale, p: Palette): void {
  ctx.clearRect(0, 0, width, height);
  ctx.font = p.font;
  const swatch = 70;
  const barW = width - swatch - 8;
  const barH = Math.max(6, height - 14);
  for (let x = 0; x < barW; x++) {
    const rgb = melColor(p.melStops, x / (barW - 1));
    ctx.fillStyle = `rgb(${rgb[0] | 0}, ${rgb[1] | 0}, ${rgb[2] | 0})`;
    ctx.fillRect(x, 0, 1, barH);
  }
  ctx.fillStyle = p.melAboveTop;
  ctx.fillRect(barW + 8, 0, swatch, barH);
  ctx.fillStyle = p.foreground;
  ctx.textBaseline = 'top';
  ctx.fillText(`floor ${scale.floorDb} dB`, 0, barH + 2);
  const top = `top ${scale.topDb} dB`;
  ctx.fillText(top, barW - ctx.measureText(top).width, barH + 2);
  ctx.fillText('> top', barW + 8, barH + 2);
  ctx.textBaseline = 'alphabetic';
}
