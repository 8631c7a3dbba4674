// Spectrogram tiles: the core's mel dB frames (MelAnalyzer onFrame, active preset) max-pooled into pixel columns.
// Mel frame t is centred on sample t·hop (librosa.stft center=True), so a frame belongs to the column of its centre.
import type { MelTile } from '../../protocol/preview';
import { columnOf } from './envelope';

/** librosa.stft(center=True) frame count: 1 + floor(N / hop). */
export function melFrameCount(frames: number, hopLength: number): number {
  return frames > 0 ? 1 + Math.floor(frames / hopLength) : 0;
}

/**
 * Max-pools mel frames into `columns` over the audio frame range [startFrame, endFrame).
 * A column that holds no frame centre (zoomed in past one hop per column) shows the frame nearest its centre.
 */
export class MelColumnPool {
  readonly db: Float32Array;
  /** Per column: the mel frame it copies when it holds no frame centre, else -1. */
  private readonly nearest: Int32Array;
  private lastFrame = -1;

  constructor(
    readonly startFrame: number,
    readonly endFrame: number,
    readonly columns: number,
    readonly nMels: number,
    readonly hopLength: number,
    readonly totalMelFrames: number,
  ) {
    if (!(endFrame > startFrame) || !(columns >= 1) || !(nMels >= 1) || !(hopLength >= 1)) {
      throw new RangeError(`mel tile: bad range [${startFrame}, ${endFrame}) at ${columns}×${nMels}, hop ${hopLength}`);
    }
    this.db = new Float32Array(columns * nMels).fill(NaN);
    this.nearest = new Int32Array(columns).fill(-1);
    const span = endFrame - startFrame;
    for (let c = 0; c < columns; c++) {
      const lo = startFrame + (c * span) / columns;
      const hi = startFrame + ((c + 1) * span) / columns;
      // Smallest frame centre t·hop >= lo; the column is empty when that centre is >= hi.
      if (Math.ceil(lo / hopLength) * hopLength >= hi) {
        this.nearest[c] = Math.min(totalMelFrames - 1, Math.round((lo + hi) / 2 / hopLength));
      }
    }
  }

  /** Mel frames [first, last) this tile needs: the centres inside the range plus the nearest ones of empty columns. */
  neededFrames(): { first: number; last: number } {
    let first = Math.ceil(this.startFrame / this.hopLength);
    let last = Math.ceil(this.endFrame / this.hopLength);
    for (const t of [this.nearest[0], this.nearest[this.columns - 1]]) {
      if (t >= 0) { first = Math.min(first, t); last = Math.max(last, t + 1); }
    }
    return { first: Math.max(0, first), last: Math.min(this.totalMelFrames, last) };
  }

  /** Adds mel frame t (dB per band, as MelAnalyzer's onFrame gives it); frames arrive in order. */
  add(t: number, db: ArrayLike<number>): void {
    const { nMels, hopLength, startFrame, endFrame, columns } = this;
    const centre = t * hopLength;
    if (centre >= startFrame && centre < endFrame) {
      const o = columnOf(centre, startFrame, endFrame, columns) * nMels;
      for (let b = 0; b < nMels; b++) {
        const v = db[b];
        const cur = this.db[o + b];
        if (Number.isNaN(cur) || v > cur) this.db[o + b] = v;
      }
    }
    // Empty columns whose nearest frame is t sit within half a hop of its centre.
    const span = endFrame - startFrame;
    const c0 = Math.max(0, Math.floor((((t - 1) * hopLength - startFrame) * columns) / span));
    const c1 = Math.min(columns - 1, Math.ceil((((t + 1) * hopLength - startFrame) * columns) / span));
    for (let c = c0; c <= c1; c++) {
      if (this.nearest[c] !== t) continue;
      for (let b = 0; b < nMels; b++) this.db[c * nMels + b] = db[b];
    }
    this.lastFrame = Math.max(this.lastFrame, t);
  }

  /** Columns every frame of which has arrived (frames come in order). */
  get filledColumns(): number {
    const next = (this.lastFrame + 1) * this.hopLength;
    if (this.lastFrame + 1 >= this.neededFrames().last) return this.columns;
    if (next <= this.startFrame) return 0;
    return Math.min(this.columns, columnOf(next, this.startFrame, this.endFrame, this.columns));
  }

  tile(): MelTile {
    return { startFrame: this.startFrame, endFrame: this.endFrame, columns: this.columns, nMels: this.nMels,
      db: this.db.slice(), filledColumns: this.filledColumns };
  }
}

/**
 * Whole-file mel cache at `framesPerBin` frames per bin (max-pooled), bounded in memory; zoomed views at
 * >= 2 bins per column are pooled from it instead of re-reading the file.
 */
export class MelFrameCache {
  readonly bins: number;
  readonly db: Float32Array;
  /** Frames stored so far (they arrive in order from the overview pass). */
  framesDone = 0;

  constructor(readonly totalMelFrames: number, readonly nMels: number, readonly framesPerBin: number) {
    this.bins = Math.ceil(totalMelFrames / framesPerBin);
    this.db = new Float32Array(this.bins * nMels).fill(NaN);
  }

  /** Smallest power-of-two pooling that keeps the cache within maxBytes (Float32). */
  static framesPerBinFor(totalMelFrames: number, nMels: number, maxBytes: number): number {
    let p = 1;
    while (Math.ceil(totalMelFrames / p) * nMels * 4 > maxBytes) p *= 2;
    return p;
  }

  add(t: number, db: ArrayLike<number>): void {
    const o = Math.floor(t / this.framesPerBin) * this.nMels;
    for (let b = 0; b < this.nMels; b++) {
      const cur = this.db[o + b];
      if (Number.isNaN(cur) || db[b] > cur) this.db[o + b] = db[b];
    }
    this.framesDone = Math.max(this.framesDone, t + 1);
  }

  /** The tile from cached bins (each bin goes to the column of its first frame's centre), or null if not cached yet. */
  pool(pool: MelColumnPool): MelTile | null {
    const { first, last } = pool.neededFrames();
    if (last > this.framesDone) return null;
    const p = this.framesPerBin;
    const binDb = new Float64Array(this.nMels);
    for (let bin = Math.floor(first / p); bin * p < last; bin++) {
      for (let b = 0; b < this.nMels; b++) binDb[b] = this.db[bin * this.nMels + b];
      pool.add(Math.max(first, bin * p), binDb);
    }
    return { ...pool.tile(), filledColumns: pool.columns };
  }
}
