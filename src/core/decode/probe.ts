// Probe: the first bytes of a file (magic numbers, never the extension) pick its reader. A new format is one file in
// formats/ and one line in READERS. Formats no bundled decoder reads go through the user's own ffmpeg when one is
// configured, and otherwise get an error that names the codec and the setting that enables it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AudioError, type AudioSource } from './source';
import { wavReader } from './formats/wav';
import { isAiffHead, isFlacHead, isMp3Head, isOggHead } from './formats/signatures';
import type { ForeignKind } from './foreignCodec';

export interface OpenOptions {
  /** The user's ffmpeg executable for formats no bundled decoder reads; null or absent: none. */
  readonly ffmpegPath?: string | null;
}

export interface Probe {
  /** The file's first bytes (HEAD_BYTES, fewer for a short file). */
  readonly head: Uint8Array;
  /** Size of the file in bytes. */
  readonly size: number;
  /** Where the audio stream starts: after an ID3v2 tag, else 0. */
  readonly offset: number;
}

export interface FormatReader {
  /** What the user calls it ("FLAC", "Ogg"). */
  readonly name: string;
  /** True when the bytes at probe.offset are this format's. */
  matches(head: Uint8Array, probe: Probe): boolean;
  open(absPath: string, probe: Probe, opts: OpenOptions): Promise<AudioSource>;
}

/** Formats recognized but read by no bundled decoder (their only npm decoders are GPL, or none exists). */
interface ForeignFormat {
  readonly name: string;
  matches(head: Uint8Array): boolean;
  /** Which sniffer of foreignCodec.ts names the codec inside; none when the container implies it. */
  readonly kind?: ForeignKind;
  /** The codec when the container has only one. */
  readonly codec?: string;
}

const HEAD_BYTES = 4096;

/**
 * A reader whose decoder is imported when a file of its format is first opened (a WAV audit never loads one): its
 * name and signature (./formats/signatures.ts) live here, the module holds only the open function.
 */
function onFirstOpen(name: string, matches: FormatReader['matches'], load: () => Promise<FormatReader['open']>): FormatReader {
  let open: Promise<FormatReader['open']> | undefined;
  return { name, matches, open: async (absPath, probe, opts) => (await (open ??= load()))(absPath, probe, opts) };
}

// MP3 last: its frame-sync test is the loosest of the magic numbers.
const READERS: FormatReader[] = [
  wavReader,
  onFirstOpen('FLAC', isFlacHead, async () => (await import('./formats/flac')).openFlac),
  onFirstOpen('AIFF', isAiffHead, async () => (await import('./formats/aiff')).openAiff),
  onFirstOpen('Ogg', isOggHead, async () => (await import('./formats/ogg')).openOgg),
  onFirstOpen('MP3', isMp3Head, async () => (await import('./formats/mp3')).openMp3),
];
// Consulted only after every bundled reader declined.
const ffmpegReader = onFirstOpen('ffmpeg', () => true, async () => (await import('./formats/ffmpeg')).openWithFfmpeg);

const FOREIGN: ForeignFormat[] = [
  { name: 'an MPEG-4 (M4A/MP4) file', matches: (h) => ascii(h, 4, 4) === 'ftyp', kind: 'mp4' },
  { name: 'a Windows Media (ASF/WMA) file', matches: (h) => hex(h, 0, 4) === '3026b275', kind: 'asf' },
  { name: 'a Matroska/WebM file', matches: (h) => hex(h, 0, 4) === '1a45dfa3', kind: 'matroska' },
  { name: 'a Core Audio (CAF) file', matches: (h) => ascii(h, 0, 4) === 'caff', kind: 'caf' },
  { name: 'a Monkey\'s Audio (APE) file', matches: (h) => ascii(h, 0, 4) === 'MAC ', codec: 'Monkey\'s Audio' },
  { name: 'a WavPack file', matches: (h) => ascii(h, 0, 4) === 'wvpk', codec: 'WavPack' },
  { name: 'an AMR-WB file', matches: (h) => ascii(h, 0, 8) === '#!AMR-WB', codec: 'AMR-WB' },
  { name: 'an AMR file', matches: (h) => ascii(h, 0, 5) === '#!AMR', codec: 'AMR-NB' },
  { name: 'a Sun/NeXT .au file', matches: (h) => ascii(h, 0, 4) === '.snd', kind: 'au' },
];

export function readProbe(absPath: string): Probe {
  const fd = openSync(absPath, 'r');
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    const { size } = fstatSync(fd);
    const offset = id3v2Length(head.subarray(0, n));
    if (offset === 0 || offset >= size) return { head: head.subarray(0, n), size, offset: 0 };
    const after = new Uint8Array(HEAD_BYTES);
    const m = readSync(fd, after, 0, HEAD_BYTES, offset);
    return { head: after.subarray(0, m), size, offset };
  } finally {
    closeSync(fd);
  }
}

/** Opens any supported audio file read-only; throws AudioError naming what the file is when it cannot. */
export async function openAudio(absPath: string, opts: OpenOptions = {}): Promise<AudioSource> {
  const probe = readProbe(absPath);
  if (probe.size === 0) throw new AudioError('the file is empty (0 bytes)');
  const head = probe.head;
  const reader = READERS.find((r) => r.matches(head, probe));
  if (reader) return reader.open(absPath, probe, opts);
  const foreign = FOREIGN.find((f) => f.matches(head));
  // The user's ffmpeg reads everything else when one is configured (formats/ffmpeg.ts).
  if (opts.ffmpegPath) {
    try {
      return await ffmpegReader.open(absPath, probe, opts);
    } catch (err) {
      // What the file starts with tells a user more than ffmpeg's "Invalid data" (a text or HTML file under an audio name).
      if (foreign || !(err instanceof AudioError)) throw err;
      throw new AudioError(`not a recognized audio file: it starts with ${describeBytes(head)}; ${err.message}`);
    }
  }
  if (foreign) throw new AudioError(await foreignMessage(foreign, absPath));
  throw new AudioError(`not a recognized audio file: it starts with ${describeBytes(head)}`);
}

/** What the file is, the codec inside when its header says, and the setting that lets the user's ffmpeg decode it. */
async function foreignMessage(foreign: ForeignFormat, absPath: string): Promise<string> {
  const sniff = foreign.kind && !foreign.codec ? (await import('./foreignCodec')).foreignCodec : null;
  const codec = foreign.codec ?? (sniff && foreign.kind ? sniff(absPath, foreign.kind) : null);
  const what = codec && !foreign.codec ? `${foreign.name} with ${codec} audio` : foreign.name;
  return `${what}: no bundled decoder reads it; install ffmpeg on the PATH or set audioAudit.ffmpegPath ` +
    '(CLI: --ffmpeg PATH) to decode it with your own ffmpeg';
}

/** `"hell" (68 65 6c 6c)`: what a user needs to recognize a text or HTML file saved under an audio name. */
export function describeBytes(head: Uint8Array): string {
  const b = head.subarray(0, 4);
  const text = Array.from(b, (v) => (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '?')).join('');
  return `${JSON.stringify(text)} (${Array.from(b, (v) => v.toString(16).padStart(2, '0')).join(' ')})`;
}

/** Bytes taken by an ID3v2 tag at the start (header + syncsafe size + footer), or 0. MP3 and some FLACs carry one. */
export function id3v2Length(h: Uint8Array): number {
  if (h.length < 10 || ascii(h, 0, 3) !== 'ID3' || h[3] === 0xff || h[4] === 0xff) return 0;
  if ((h[6] | h[7] | h[8] | h[9]) & 0x80) return 0;
  const size = (h[6] << 21) | (h[7] << 14) | (h[8] << 7) | h[9];
  return 10 + size + (h[5] & 0x10 ? 10 : 0);
}

function ascii(h: Uint8Array, at: number, n: number): string {
  return h.length < at + n ? '' : String.fromCharCode(...h.subarray(at, at + n));
}
function hex(h: Uint8Array, at: number, n: number): string {
  return h.length < at + n ? '' : Array.from(h.subarray(at, at + n), (v) => v.toString(16).padStart(2, '0')).join('');
}
