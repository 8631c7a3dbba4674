// The reading passes of `fix` over one file: the channel means (--dc mean), and the peak after the transform (--gain
// dataset's first pass over the corpus). Each pass decodes the file from the start; nothing is held in memory.
import { openAudio } from '../decode/probe';
import { FixChain, type ChainOptions } from './fixChain';

export interface PassOptions {
  readonly ffmpegPath?: string | null;
  readonly signal?: AbortSignal;
}

/** Reads the whole file through a chain and returns it (sums, peak, non-finite count filled in). */
export async function runChain(absPath: string, chain: (channels: number, sampleRate: number) => FixChain, opts: PassOptions): Promise<FixChain> {
  const src = await openAudio(absPath, { ffmpegPath: opts.ffmpegPath ?? null });
  try {
    const c = chain(src.format.channels, src.format.sampleRate);
    await src.read((block) => {
      opts.signal?.throwIfAborted();
      c.process(block);
    }, { signal: opts.signal });
    return c;
  } finally {
    await src.close();
  }
}

/** Per-channel mean after non-finite samples are set to 0: mean_c = Σ x_c[n] / N over all N frames. */
export async function channelMeans(absPath: string, opts: PassOptions): Promise<number[]> {
  const c = await runChain(absPath, (ch, rate) => new FixChain(ch, rate, {}), opts);
  return c.sums.map((s) => (c.frames > 0 ? s / c.frames : 0));
}

/** max |y| of the file after non-finite → 0, DC removal and mono, before any gain. */
export async function transformedPeak(absPath: string, chainOpts: ChainOptions, opts: PassOptions): Promise<number> {
  const c = await runChain(absPath, (ch, rate) => new FixChain(ch, rate, { ...chainOpts, gain: 1 }), opts);
  return c.peak;
}
