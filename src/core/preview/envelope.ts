// Min/max envelope per pixel column over a frame range: every sample is visited (no decimation by
// skipping), so one full-scale sample among millions still shows in its column.
import type { SampleBlock } from '../types';
import type { EnvelopeTile } from '../../protocol/preview';

/** Column of frame f over [startFrame, endFrame) at `columns`: floor((f - start) · columns / span). */
export function columnOf(frame: number, startFrame: number, endFrame: number, columns: number): number {
  return Math.floor(((frame - startFrame) * columns) / (endFrame - startFrame));
}

/** First frame of column c: the smallest f with columnOf(f) >= c, i.e. start + ceil(c · span / columns). */
export function columnStart(c: number, startFrame: number, endFrame: number, columns: number): number {
  return startFrame + Math.ceil((c * (endFrame - startFrame)) / columns);
}

/** Streams blocks into per-column min/max; the caller feeds blocks in frame order (any block size). */
export class EnvelopeAccumulator {
  readonly min: Float32Array[];
  readonly max: Float32Array[];
  /** Frames consumed so far, from startFrame. */
  private done = 0;

  constructor(
    readonly channelCount: number,
    readonly startFrame: number,
    readonly endFrame: number,
    readonly columns: number,
  ) {
    if (!(endFrame > startFrame) || !(columns >= 1) || !Number.isInteger(columns)) {
      throw new RangeError(`envelope: bad range [${startFrame}, ${endFrame}) at ${columns} columns`);
    }
    // NaN marks a column no sample has reached yet (drawn as a gap).
    this.min = Array.from({ length: channelCount }, () => new Float32Array(columns).fill(NaN));
    this.max = Array.from({ length: channelCount }, () => new Float32Array(columns).fill(NaN));
  }

  /** Adds the part of the block inside [startFrame, endFrame). */
  push(block: SampleBlock): void {
    const from = Math.max(block.startFrame, this.startFrame);
    const to = Math.min(block.startFrame + block.frames, this.endFrame);
    if (to <= from) return;
    const { startFrame, endFrame, columns } = this;
    let col = columnOf(from, startFrame, endFrame, columns);
    let f = from;
    while (f < to) {
      const colEnd = Math.min(to, columnStart(col + 1, startFrame, endFrame, columns));
      const i0 = f - block.startFrame;
      const i1 = colEnd - block.startFrame;
      for (let c = 0; c < this.channelCount; c++) {
        const x = block.channels[c];
        let mn = this.min[c][col];
        let mx = this.max[c][col];
        if (Number.isNaN(mn)) { mn = Infinity; mx = -Infinity; }
        // Comparisons skip NaN samples; ±Inf samples land on the envelope (drawn past full scale).
        for (let i = i0; i < i1; i++) {
          const v = x[i];
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        if (mn !== Infinity) { this.min[c][col] = mn; this.max[c][col] = mx; }
      }
      f = colEnd;
      col++;
    }
    this.done = Math.max(this.done, to - startFrame);
  }

  /** Columns whose frames have all been consumed. */
  get filledColumns(): number {
    if (this.done >= this.endFrame - this.startFrame) return this.columns;
    return columnOf(this.startFrame + this.done, this.startFrame, this.endFrame, this.columns);
  }

  /** A snapshot for the wire (copies, so the accumulator can keep going). */
  tile(): EnvelopeTile {
    return {
      startFrame: this.startFrame, endFrame: this.endFrame, columns: this.columns, filledColumns: this.filledColumns,
      channels: this.min.map((mn, c) => ({ min: mn.slice(), max: this.max[c].slice() })),
    };
  }
}

/**
 * Envelope of [startFrame, endFrame) at `columns` from a finer cached envelope (`cache`, over the whole file):
 * each cache bin goes to the view column holding its first frame, so nothing is skipped; a peak can move by
 * at most one column when a bin straddles a column edge. Valid when each view column spans >= 2 bins.
 * Returns null when the cache has not filled the range yet, unless `partial` (the progressive overview).
 */
export function poolEnvelope(
  cache: EnvelopeTile, startFrame: number, endFrame: number, columns: number, partial = false,
): EnvelopeTile | null {
  const { columns: bins } = cache;
  const firstBin = Math.max(0, columnOf(startFrame, cache.startFrame, cache.endFrame, bins));
  let lastBin = Math.min(bins, columnOf(endFrame - 1, cache.startFrame, cache.endFrame, bins) + 1);
  let filledColumns = columns;
  if (lastBin > cache.filledColumns) {
    if (!partial) return null;
    lastBin = cache.filledColumns;
    const filledTo = columnStart(lastBin, cache.startFrame, cache.endFrame, bins);
    filledColumns = Math.max(0, Math.min(columns, columnOf(filledTo, startFrame, endFrame, columns)));
  }
  const channels = cache.channels.map((ch) => {
    const min = new Float32Array(columns).fill(NaN);
    const max = new Float32Array(columns).fill(NaN);
    for (let b = firstBin; b < lastBin; b++) {
      const binStart = Math.max(startFrame, columnStart(b, cache.startFrame, cache.endFrame, bins));
      const col = columnOf(binStart, startFrame, endFrame, columns);
      if (col < 0 || col >= columns) continue;
      const lo = ch.min[b];
      const hi = ch.max[b];
      if (Number.isNaN(lo)) continue;
      if (Number.isNaN(min[col]) || lo < min[col]) min[col] = lo;
      if (Number.isNaN(max[col]) || hi > max[col]) max[col] = hi;
    }
    return { min, max };
  });
  return { startFrame, endFrame, columns, channels, filledColumns };
}
