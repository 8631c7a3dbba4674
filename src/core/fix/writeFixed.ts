// The writing pass of `fix` for one file: decode → FixChain → requantize (integer outputs) → sink → atomic file.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { openAudio } from '../decode/probe';
import { FixChain, type ChainOptions } from './fixChain';
import { Requantizer, seedOf } from './dither';
import { pcmSink, type SampleSink } from './pcmWriter';
import { flacSink } from './flacSink';
import { AtomicFile } from './atomicFile';
import type { OutputFormat } from './outputFormat';
import type { PassOptions } from './passes';

export interface WriteResult {
  readonly chain: FixChain;
  readonly clipped: number;
  readonly dithered: boolean;
}

/**
 * Writes the fixed copy of absPath to outPath. `requantize` says the values are no longer whole codes (a gain, a DC
 * change, a downmix, a lossy decode): integer outputs are then TPDF-dithered; otherwise codes are copied exactly.
 */
export async function writeFixed(absPath: string, outPath: string, fmt: OutputFormat, chainOpts: ChainOptions,
  requantize: boolean, ditherSeed: string, opts: PassOptions): Promise<WriteResult> {
  const src = await openAudio(absPath, { ffmpegPath: opts.ffmpegPath ?? null });
  let file: AtomicFile | null = null;
  try {
    const { channels, sampleRate } = src.format;
    const chain = new FixChain(channels, sampleRate, chainOpts);
    mkdirSync(path.dirname(outPath), { recursive: true });
    file = new AtomicFile(outPath);
    const out = file;
    const emit = (bytes: Uint8Array): void => out.append(bytes);
    const sink: SampleSink = fmt.container === 'flac'
      ? flacSink(fmt.bits, chain.outChannels, sampleRate, emit)
      : pcmSink(fmt, chain.outChannels, sampleRate, emit);
    out.append(sink.header());
    const dithered = fmt.sample === 'int' && requantize;
    const rq = fmt.sample === 'int' ? new Requantizer(fmt.bits, dithered, seedOf(ditherSeed)) : null;
    let codes: Int32Array[] = [];
    await src.read((block) => {
      opts.signal?.throwIfAborted();
      const planes = chain.process(block);
      const n = block.frames;
      if (!rq) {
        sink.push(planes, n);
        return;
      }
      if (codes.length === 0 || codes[0].length < n) codes = planes.map(() => new Int32Array(n));
      for (let c = 0; c < planes.length; c++) rq.quantize(planes[c], n, codes[c]);
      sink.push(codes, n);
    }, { signal: opts.signal });
    const end = sink.finish();
    out.append(end.trailer);
    out.writeAt(0, end.header);
    out.commit();
    return { chain, clipped: rq?.clipped ?? 0, dithered };
  } finally {
    file?.discard();
    await src.close();
  }
}
