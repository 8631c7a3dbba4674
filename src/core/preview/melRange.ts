// The core's mel frames [first, last) of a file without reading all of it: a range read with enough left
// context that every kept frame sees exactly the samples (and pre-emphasis history) the whole-file pass sees.
import { mayBeNonFinite, type AudioSource } from '../decode/source';
import type { ResolvedMel } from '../mel/params';
import { MelAnalyzer } from '../mel/analyzer';
import { MonoDownmix } from '../stats/downmix';
import { melFrameCount } from './melTiles';

/**
 * Sample range to read for mel frames [first, last): frame t spans [t·hop − nFft/2, t·hop + nFft/2)
 * (librosa.stft center=True). Starting m = floor(nFft/2 / hop) + 1 frames early puts the start of the read
 * strictly before the first kept window, so the analyzer's own start padding and pre-emphasis state only
 * touch frames that are dropped.
 */
export function melReadRange(r: ResolvedMel, totalFrames: number, first: number, last: number):
  { startMel: number; startFrame: number; endFrame: number } {
  const half = Math.floor(r.nFft / 2);
  const m = Math.floor(half / r.hopLength) + 1;
  const startMel = Math.max(0, first - m);
  const startFrame = startMel * r.hopLength;
  // The last kept window ends (exclusive) at (last−1)·hop + nFft/2; past that the read's end padding is harmless.
  const endFrame = Math.min(totalFrames, (last - 1) * r.hopLength + half + 1);
  return { startMel, startFrame, endFrame };
}

/** Calls onFrame(t, db) for the core's mel frames t in [first, last) of `source`, in order. */
export async function computeMelFrames(
  source: AudioSource, r: ResolvedMel, first: number, last: number,
  onFrame: (t: number, db: Float64Array) => void, signal?: AbortSignal,
): Promise<void> {
  const total = melFrameCount(source.format.frames, r.hopLength);
  last = Math.min(last, total);
  if (last <= first) return;
  const { startMel, startFrame, endFrame } = melReadRange(r, source.format.frames, first, last);
  const analyzer = await MelAnalyzer.create(r, {
    onFrame: (j, db) => {
      const t = startMel + j;
      if (t >= first && t < last) onFrame(t, db);
    },
  });
  // The same downmix as auditFile (mean of the channels, non-finite → 0), so the frames match the core's.
  const mono = new MonoDownmix(source.format.channels, mayBeNonFinite(source.format));
  await source.read((block) => analyzer.push(mono.mix(block.channels, block.frames), block.frames),
    { startFrame, endFrame, signal });
  analyzer.finish();
}
