// WAV (RIFF, RIFX, RF64) behind the AudioSource interface: the streamed reader of src/core/wav, exact frame counts
// from the header, truncation known at open.
import type { SourceFormat, Storage, WavLayout } from '../../types';
import { openWav, type WavSource } from '../../wav/reader';
import type { AudioSource, StreamIntegrity } from '../source';
import type { FormatReader } from '../probe';
import { count } from '../../rules/format';

/** An AudioSource that also hands out the WAV reader, for the audit's raw 16-bit fast paths. */
export interface WavAudioSource extends AudioSource {
  readonly wav: WavSource;
}

const STORAGE: Record<WavLayout['encoding'], Storage> = { pcm: 'integer', float: 'float', alaw: 'companded', mulaw: 'companded' };

/** The WAV reader behind a source, when it is a WAV or AIFF file (the audit's raw 16-bit paths read it directly). */
export function wavOf(src: AudioSource): WavSource | null {
  return 'wav' in src ? (src as WavAudioSource).wav : null;
}

export function wavFormat(l: WavLayout): SourceFormat {
  return {
    container: l.container, encoding: l.encoding, bitsPerSample: l.bitsPerSample, validBits: l.validBits,
    sampleRate: l.sampleRate, channels: l.channels, frames: l.frames, durationSec: l.durationSec, bitrateKbps: null,
    storage: STORAGE[l.encoding],
  };
}

/** What the header says of a cut data chunk (a sentence fragment for the truncated finding). */
export function wavTruncation(l: WavLayout): StreamIntegrity['truncated'] {
  if (!l.truncated) return null;
  const unknown = l.declaredDataBytes === 0xffffffff;
  const declared = unknown
    ? 'declares 0xFFFFFFFF data bytes (a streaming recorder\'s placeholder)'
    : `declares ${count(l.declaredDataBytes)} data bytes`;
  return { declaredFrames: unknown ? null : Math.floor(l.declaredDataBytes / l.blockAlign),
    detail: `the header ${declared} but the file holds ${count(l.dataBytes)}` };
}

export function wavAudioSource(wav: WavSource): WavAudioSource {
  const format = wavFormat(wav.layout);
  return {
    wav,
    format,
    get codeOr() { return wav.codeOr; },
    notes: wav.layout.notes ?? [],
    async read(onBlock, opts = {}) {
      let frames = 0;
      await wav.read((b) => { frames += b.frames; onBlock(b); }, opts);
      return { frames, truncated: wavTruncation(wav.layout), decodeErrors: null };
    },
    close: () => wav.close(),
  };
}

export const wavReader: FormatReader = {
  name: 'WAV',
  matches: (head) => ['RIFF', 'RIFX', 'RF64'].includes(String.fromCharCode(...head.subarray(0, 4))),
  open: async (absPath) => wavAudioSource(await openWav(absPath)),
};
