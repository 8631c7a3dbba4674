// What `ffmpeg -hide_banner -i FILE` prints about a file (on stderr), parsed: ffprobe may not sit next to a user's
// ffmpeg, so the stream line is the one description every ffmpeg build has. Format of the lines: libavformat
// av_dump_format (dump.c) and libavcodec avcodec_string.
import type { Storage } from '../../types';
import { AudioError } from '../source';

export interface FfmpegStreamInfo {
  /** ffmpeg's demuxer name, the first of its list ("mov" of "mov,mp4,m4a,3gp,3g2,mj2"). */
  readonly container: string;
  /** ffmpeg's decoder name ("aac", "wmav2", "alac", "pcm_s24le"). */
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
  /** The channel layout as printed ("stereo", "5.1(side)", "3 channels"). */
  readonly layout: string;
  /** The decoder's sample format ("fltp", "s16p", "s32"). */
  readonly sampleFormat: string;
  /** Bits the decoder says are meaningful in its samples ("s32 (24 bit)"); null when not printed. */
  readonly rawBits: number | null;
  /** The stream's bitrate ("128 kb/s" on the stream line); null when not printed. */
  readonly streamKbps: number | null;
  /** The Duration line; null for "N/A". */
  readonly durationSec: number | null;
  /** ffmpeg guessed the duration from the bitrate (raw ADTS/MP3 streams) instead of reading it from a header. */
  readonly durationEstimated: boolean;
  /** The whole file's bitrate from the Duration line; null for "N/A". */
  readonly fileKbps: number | null;
}

/** Lines every `ffmpeg -i FILE` run without an output prints, and hints that are not errors. */
const NOISE = [/^At least one output file must be specified/, /^Guessed Channel Layout/, /^Estimating duration from bitrate/];

/** Parses the description; null when ffmpeg printed none (it could not open the file: see ffmpegErrorLines). */
export function parseFfmpegInfo(stderr: string): FfmpegStreamInfo | null {
  const input = /^Input #0, (.+?), from '/m.exec(stderr);
  if (!input) return null;
  const container = input[1].split(',')[0];
  const stream = /^\s*Stream #0:\d+\S*: Audio: (.*)$/m.exec(stderr);
  if (!stream) throw new AudioError(`ffmpeg finds no audio stream in this ${container} file`);
  const parts = splitTopLevel(stream[1]);
  const codec = /^[\w-]+/.exec(parts[0])?.[0] ?? parts[0];
  const hz = parts.findIndex((p) => /^\d+ Hz$/.test(p));
  if (hz < 0 || parts.length < hz + 3) {
    throw new AudioError(`ffmpeg describes the ${codec} stream without a sample rate, channel layout and sample format: "${stream[1]}"`);
  }
  const sampleRate = Number.parseInt(parts[hz], 10);
  const layout = parts[hz + 1];
  const channels = channelsOfLayout(layout);
  if (channels === null || channels < 1) {
    throw new AudioError(`ffmpeg gives the ${codec} stream a channel layout this reader cannot count ("${layout}")`);
  }
  const fmt = /^(\w+)(?: \((\d+) bit\))?$/.exec(parts[hz + 2]);
  if (!fmt) throw new AudioError(`ffmpeg gives the ${codec} stream an unknown sample format ("${parts[hz + 2]}")`);
  const kbps = parts.slice(hz + 3).map((p) => /^(\d+) kb\/s/.exec(p)).find(Boolean);
  const duration = /^\s*Duration: (?:(\d+):(\d+):(\d+(?:\.\d+)?)|N\/A)(?:, start: [^,]+)?, bitrate: (?:(\d+) kb\/s|N\/A)/m.exec(stderr);
  return {
    container, codec, sampleRate, channels, layout,
    sampleFormat: fmt[1],
    rawBits: fmt[2] ? Number(fmt[2]) : null,
    streamKbps: kbps ? Number(kbps[1]) : null,
    durationSec: duration?.[1] !== undefined ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : null,
    durationEstimated: /Estimating duration from bitrate/.test(stderr),
    fileKbps: duration?.[4] !== undefined ? Number(duration[4]) : null,
  };
}

/** ", "-separated fields outside parentheses: "aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)". */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth = Math.max(0, depth - 1);
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(s.slice(from).trim());
  return out;
}

/** libavutil channel_layout.c names: the standard layouts and "N channels" for the rest. */
const NAMED_LAYOUTS: Record<string, number> = {
  mono: 1, stereo: 2, binaural: 2, downmix: 2, quad: 4, hexagonal: 6, octagonal: 8, cube: 8, hexadecagonal: 16,
};

/** Channels of a layout name: "5.1(side)" = 5 + 1, "7.1.4" = 12, "22.2" = 24, "3 channels (FL+FR+LFE)" = 3. */
export function channelsOfLayout(layout: string): number | null {
  const counted = /^(\d+) channels\b/.exec(layout);
  if (counted) return Number(counted[1]);
  const named = NAMED_LAYOUTS[layout.replace(/\(.*\)$/, '')];
  if (named !== undefined) return named;
  const numeric = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\(.*\))?$/.exec(layout);
  if (numeric) return Number(numeric[1]) + Number(numeric[2]) + Number(numeric[3] ?? 0);
  const ambisonic = /^ambisonic (\d+)$/.exec(layout);
  if (ambisonic) return (Number(ambisonic[1]) + 1) ** 2;
  return null;
}

/** Lossless decoders whose output is integer codes (besides pcm_s*, pcm_u*). */
const LOSSLESS_INTEGER = new Set([
  'alac', 'flac', 'wavpack', 'ape', 'tta', 'tak', 'mlp', 'truehd', 'shorten', 'mp4als', 'ralf', 'wmalossless',
  'pcm_bluray', 'pcm_dvd', 'pcm_lxf', 's302m',
]);

/** How the codec stores samples: every decoder not known to be lossless counts as lossy (ADPCM, GSM, AMR included). */
export function storageOf(codec: string, sampleFormat: string): Storage {
  if (/^pcm_f\d+/.test(codec)) return 'float';
  if (/^pcm_(alaw|mulaw|vidc)/.test(codec)) return 'companded';
  if (/^pcm_[su]\d+/.test(codec) || LOSSLESS_INTEGER.has(codec)) {
    // WavPack and friends also carry IEEE float; their decoders then output flt/dbl.
    return /^(flt|dbl)/.test(sampleFormat) ? 'float' : 'integer';
  }
  return 'lossy';
}

/** Container bits of integer and float storage: "(24 bit)", else the codec name (pcm_s24le), else the sample format. */
export function bitsOf(info: FfmpegStreamInfo, storage: Storage): number | null {
  if (storage === 'lossy') return null;
  if (storage === 'companded') return 8;
  if (info.rawBits !== null) return info.rawBits;
  const named = /^pcm_[suf](\d+)/.exec(info.codec);
  if (named) return Number(named[1]);
  const fmtBits: Record<string, number> = { u8: 8, s16: 16, s32: 32, s64: 64, flt: 32, dbl: 64 };
  return fmtBits[info.sampleFormat.replace(/p$/, '')] ?? 32;
}

/** What ffmpeg said on stderr: the distinct messages (first MAX_MESSAGES) and how many errors it reported. */
export interface FfmpegMessages {
  readonly unique: string[];
  /** Error messages, a decoder's "Error while decoding stream" summary counted once with the line it sums up. */
  readonly count: number;
}

const MAX_MESSAGES = 8;

/** Collects stderr line by line (bounded: a file with a million damaged packets keeps 8 messages and a count). */
export class FfmpegMessageLog {
  private partial = '';
  private readonly unique: string[] = [];
  private summaries = 0;
  private others = 0;

  constructor(private readonly inputUrl: string) {}

  push(text: string): void {
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  finish(): FfmpegMessages {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    return { unique: [...this.unique], count: Math.max(this.summaries, this.others) };
  }

  private line(raw: string): void {
    let line = raw.replace(/^\[[^\]]* @ 0x[0-9a-f]+\] /, '').trim();
    if (line.startsWith(`${this.inputUrl}: `)) line = line.slice(this.inputUrl.length + 2);
    if (line === '' || NOISE.some((re) => re.test(line))) return;
    if (line.startsWith('Error while decoding stream')) this.summaries++;
    else this.others++;
    if (this.unique.length < MAX_MESSAGES && !this.unique.includes(line)) this.unique.push(line);
  }
}

/** The messages of a finished run, without the noise, the path prefix and the "[demuxer @ 0x…] " prefix. */
export function ffmpegMessages(stderr: string, inputUrl: string): FfmpegMessages {
  const log = new FfmpegMessageLog(inputUrl);
  log.push(stderr);
  return log.finish();
}
