// Formats no bundled reader handles (M4A/AAC, WMA, WebM, CAF, APE, ...), decoded by the user's own ffmpeg
// (audioAudit.ffmpegPath, CLI --ffmpeg, or ffmpeg on PATH): `ffmpeg -i` describes the stream, then each read() runs
// ffmpeg once more to stream raw samples at the file's own rate and channel count through a pipe.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SampleBlock, SourceFormat, Storage } from '../../types';
import { AudioError, type AudioSource, type ReadOptions, type StreamIntegrity } from '../source';
import type { OpenOptions, Probe } from '../probe';
import { bitsOf, ffmpegMessages, FfmpegMessageLog, parseFfmpegInfo, storageOf, type FfmpegStreamInfo } from './ffmpegInfo';

/** A local file should be described in well under a second; this only stops a hung ffmpeg. */
const DESCRIBE_TIMEOUT_MS = 60_000;
/** Bounded stderr of the describe run (a file with huge tags prints a lot). */
const DESCRIBE_MAX_STDERR = 1 << 20;
/** Frames per block: 256 KiB of stereo float32 from the pipe. */
const BLOCK_FRAMES = 32768;
/** The Duration line is rounded to 10 ms and codecs add or trim a priming delay (AAC 2112, Opus 312 samples). */
const TRUNCATION_TOLERANCE_SEC = 0.2;

/** What ffmpeg writes on the pipe: integer codecs as s32 (codes exact, OR of codes known), float64 sources as f64. */
type PipeSample = 's32' | 'f32' | 'f64';
const PIPE_CODEC: Record<PipeSample, { format: string; codec: string; bytes: number }> = {
  s32: { format: 's32le', codec: 'pcm_s32le', bytes: 4 },
  f32: { format: 'f32le', codec: 'pcm_f32le', bytes: 4 },
  f64: { format: 'f64le', codec: 'pcm_f64le', bytes: 8 },
};

/** 2^31: an s32 code c is the float c / 2^31, which is code / 2^(bits-1) at the codec's own width (README scale). */
const S32_SCALE = 2147483648;

function pipeSampleOf(storage: Storage, bits: number | null): PipeSample {
  if (storage === 'integer') return 's32';
  return storage === 'float' && bits === 64 ? 'f64' : 'f32';
}

/** ffmpeg's environment without FFREPORT, which would make it write a log file: the audit writes nothing. */
function ffmpegEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AV_LOG_FORCE_NOCOLOR: '1' };
  delete env.FFREPORT;
  return env;
}

function cannotRun(ffmpegPath: string, err: unknown): AudioError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ? `${e.code} ` : '';
  return new AudioError(`the configured ffmpeg (${ffmpegPath}) cannot be run: ${code}(${e?.message ?? String(err)}); ` +
    'set audioAudit.ffmpegPath (CLI: --ffmpeg PATH) to an ffmpeg executable');
}

/** Input options: only local files (a playlist inside an audited file must not reach the network). */
function inputArgs(url: string): string[] {
  return ['-nostdin', '-protocol_whitelist', 'file', '-i', url];
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error: Error | null;
}

/** Resolves once the process is gone (or could not start); never rejects. */
function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal, error: null }));
  });
}

function startFfmpeg(ffmpegPath: string, args: string[], stdout: 'pipe' | 'ignore'): ChildProcess {
  try {
    return spawn(ffmpegPath, args, { stdio: ['ignore', stdout, 'pipe'], env: ffmpegEnv(), windowsHide: true });
  } catch (err) {
    // spawn throws synchronously for an unusable path (an empty string, a NUL byte).
    throw cannotRun(ffmpegPath, err);
  }
}

/** `ffmpeg -hide_banner -i FILE`: exits 1 ("At least one output file must be specified") after describing the input. */
async function describe(ffmpegPath: string, url: string): Promise<string> {
  const child = startFfmpeg(ffmpegPath, ['-hide_banner', ...inputArgs(url)], 'ignore');
  const chunks: Buffer[] = [];
  let size = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (size < DESCRIBE_MAX_STDERR) chunks.push(chunk);
    size += chunk.length;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, DESCRIBE_TIMEOUT_MS);
  const exit = await exitOf(child);
  clearTimeout(timer);
  if (exit.error) throw cannotRun(ffmpegPath, exit.error);
  if (timedOut) throw new AudioError(`ffmpeg (${ffmpegPath}) did not describe the file within ${DESCRIBE_TIMEOUT_MS / 1000} s`);
  if (exit.signal) throw new AudioError(`ffmpeg (${ffmpegPath}) was killed by ${exit.signal} while describing the file`);
  return Buffer.concat(chunks).toString('utf8');
}

export async function openFfmpeg(absPath: string, fileBytes: number, ffmpegPath: string): Promise<AudioSource> {
  // "file:" so that a name like "concat:a|b" or "http:x" is a file name, not a protocol.
  const url = `file:${absPath}`;
  const stderr = await describe(ffmpegPath, url);
  const info = parseFfmpegInfo(stderr);
  if (!info) {
    const { unique } = ffmpegMessages(stderr, url);
    throw new AudioError(unique.length
      ? `ffmpeg (${ffmpegPath}) cannot open it: ${unique.join('; ')}`
      : `the configured ffmpeg (${ffmpegPath}) printed no description of the file; is audioAudit.ffmpegPath (CLI: --ffmpeg) an ffmpeg executable?`);
  }
  const source = new FfmpegSource(ffmpegPath, url, fileBytes, info);
  // No duration in the header (a raw stream, a recorder's unfinished file): count the frames once, so that
  // `frames` is never a guess of 0 that reads as an empty file.
  if (info.durationSec === null) await source.read(() => {});
  return source;
}

class FfmpegSource implements AudioSource {
  readonly format: SourceFormat;
  readonly notes: readonly string[] = [];
  private readonly storage: Storage;
  private readonly bits: number | null;
  private readonly pipe: PipeSample;
  /** Frames: estimated from the Duration line until a whole read has counted them. */
  private frames: number;
  private readonly declaredFrames: number | null;
  private readonly or: number[];
  private readonly running = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly ffmpegPath: string, private readonly url: string, private readonly fileBytes: number,
    private readonly info: FfmpegStreamInfo) {
    this.storage = storageOf(info.codec, info.sampleFormat);
    this.bits = bitsOf(info, this.storage);
    this.pipe = pipeSampleOf(this.storage, this.bits);
    this.declaredFrames = info.durationSec === null ? null : Math.round(info.durationSec * info.sampleRate);
    this.frames = this.declaredFrames ?? 0;
    this.or = new Array<number>(info.channels).fill(0);
    const self = this;
    const lossy = this.storage === 'lossy';
    const kbps = info.streamKbps ?? info.fileKbps
      ?? (info.durationSec ? Math.round((fileBytes * 8) / info.durationSec / 1000) : null);
    this.format = {
      container: info.container, encoding: info.codec, bitsPerSample: this.bits, validBits: this.bits,
      sampleRate: info.sampleRate, channels: info.channels,
      get frames() { return self.frames; },
      get durationSec() { return self.frames / info.sampleRate; },
      bitrateKbps: lossy ? kbps : null,
      storage: this.storage,
    };
  }

  /** Codes at the codec's own width (s32 >> (32 - bits)); integer storage only. */
  get codeOr(): readonly number[] | null {
    if (this.storage !== 'integer') return null;
    const shift = Math.max(0, 32 - (this.bits ?? 32));
    return this.or.map((v) => v >> shift);
  }

  async read(onBlock: (block: SampleBlock) => void, opts: ReadOptions = {}): Promise<StreamIntegrity> {
    opts.signal?.throwIfAborted();
    if (this.closed) throw new AudioError('the ffmpeg source is closed');
    const { info } = this;
    const ch = info.channels;
    const start = Math.max(0, Math.floor(opts.startFrame ?? 0));
    const end = opts.endFrame ?? Infinity;
    const blockFrames = Math.max(1, Math.floor(opts.blockFrames ?? BLOCK_FRAMES));
    const pipe = PIPE_CODEC[this.pipe];
    const frameBytes = ch * pipe.bytes;
    if (end <= start) return { frames: 0, truncated: null, decodeErrors: null };
    // Decoding from the start and dropping frames is exact; ffmpeg's -ss lands on timestamps, not on frames.
    const child = startFfmpeg(this.ffmpegPath, ['-v', 'error', ...inputArgs(this.url), '-map', '0:a:0',
      '-f', pipe.format, '-acodec', pipe.codec, 'pipe:1'], 'pipe');
    this.running.add(child);
    const exited = exitOf(child);
    const kill = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', kill, { once: true });

    const log = new FfmpegMessageLog(this.url);
    let decoded = 0;
    let firstErrorFrame: number | null = null;
    // Once this read stops ffmpeg, its complaints about the closed pipe are not the file's errors.
    let listening = true;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      if (!listening) return;
      firstErrorFrame ??= decoded;
      log.push(text);
    });

    // allocUnsafeSlow: an unpooled buffer at byteOffset 0, one block of interleaved frames.
    const staging = Buffer.allocUnsafeSlow(blockFrames * frameBytes);
    const view = new DataView(staging.buffer, staging.byteOffset, staging.length);
    const planes = Array.from({ length: ch }, () => new Float64Array(blockFrames));
    let fill = 0;
    let delivered = 0;
    let stoppedEarly = false;

    const emit = (frames: number) => {
      opts.signal?.throwIfAborted();
      if (this.closed) throw new AudioError('the ffmpeg source was closed during a read');
      const first = decoded;
      decoded += frames;
      const from = Math.max(0, start - first);
      const to = Math.min(frames, end - first);
      if (to <= from) return;
      this.deinterleave(view, planes, from, to);
      onBlock({ channels: planes, frames: to - from, startFrame: first + from });
      delivered += to - from;
      opts.onBytes?.(Math.min(this.fileBytes, Math.round((this.fileBytes * decoded) / Math.max(1, this.frames))));
    };

    // An error here is the consumer's (or an abort): ffmpeg is stopped and the error rethrown as it is.
    let failure: unknown = null;
    try {
      reading: for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length; ) {
          const n = Math.min(chunk.length - at, staging.length - fill);
          chunk.copy(staging, fill, at, at + n);
          fill += n;
          at += n;
          if (fill === staging.length) {
            fill = 0;
            emit(blockFrames);
            if (decoded >= end) {
              stoppedEarly = true;
              listening = false;
              break reading;
            }
          }
        }
      }
      // ffmpeg closed its output: the last, partial block.
      if (!stoppedEarly && fill >= frameBytes) {
        const tail = Math.floor(fill / frameBytes);
        fill -= tail * frameBytes;
        emit(tail);
      }
    } catch (err) {
      failure = err;
    }
    if (stoppedEarly || failure) {
      listening = false;
      kill();
    }
    const exit = await exited;
    this.running.delete(child);
    opts.signal?.removeEventListener('abort', kill);
    opts.signal?.throwIfAborted();
    if (exit.error) throw cannotRun(this.ffmpegPath, exit.error);
    if (failure) throw failure;
    if (this.closed) throw new AudioError('the ffmpeg source was closed during a read');
    const messages = log.finish();
    const what = `the ${info.codec} stream of this ${info.container} file`;
    if (!stoppedEarly) {
      if (exit.code !== 0) {
        const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}`;
        throw new AudioError(`ffmpeg (${this.ffmpegPath}) cannot decode ${what} (${how}): ${messages.unique.join('; ') || 'it printed no message'}`);
      }
      if (fill > 0) {
        throw new AudioError(`ffmpeg's output for ${what} ends ${fill} bytes into a frame, so it does not hold the ` +
          `${ch} channels of the layout "${info.layout}"`);
      }
    }
    const decodeErrors = messages.count > 0
      ? { count: messages.count, firstFrame: firstErrorFrame ?? 0, detail: `ffmpeg's ${info.codec} decoding reports: ${messages.unique.join('; ')}` }
      : null;
    let truncated: StreamIntegrity['truncated'] = null;
    // ffmpeg's output ended before endFrame: a read from frame 0 has seen every frame.
    if (start === 0 && !stoppedEarly) {
      this.frames = decoded;
      truncated = this.truncation(decoded);
    }
    return { frames: delivered, truncated, decodeErrors };
  }

  /** The header's Duration promised clearly more than ffmpeg decoded (a cut file whose index survived). */
  private truncation(decoded: number): StreamIntegrity['truncated'] {
    const { info, declaredFrames } = this;
    if (declaredFrames === null || info.durationEstimated) return null;
    if (declaredFrames - decoded <= TRUNCATION_TOLERANCE_SEC * info.sampleRate) return null;
    const sec = (n: number) => (n / info.sampleRate).toFixed(2);
    return {
      declaredFrames,
      detail: `the ${info.container} header gives a duration of ${sec(declaredFrames)} s but ffmpeg decodes only ${sec(decoded)} s ` +
        `(${decoded} frames)`,
    };
  }

  /** Frames [from, to) of the interleaved staging block into planes[c][0 ..]; allocation-free. */
  private deinterleave(view: DataView, planes: Float64Array[], from: number, to: number): void {
    const ch = planes.length;
    const n = to - from;
    if (this.pipe === 's32') {
      for (let c = 0; c < ch; c++) {
        const p = planes[c];
        let or = this.or[c];
        for (let i = 0, o = (from * ch + c) * 4; i < n; i++, o += ch * 4) {
          const v = view.getInt32(o, true);
          or |= v;
          p[i] = v / S32_SCALE;
        }
        this.or[c] = or;
      }
    } else if (this.pipe === 'f32') {
      for (let c = 0; c < ch; c++) {
        const p = planes[c];
        for (let i = 0, o = (from * ch + c) * 4; i < n; i++, o += ch * 4) p[i] = view.getFloat32(o, true);
      }
    } else {
      for (let c = 0; c < ch; c++) {
        const p = planes[c];
        for (let i = 0, o = (from * ch + c) * 8; i < n; i++, o += ch * 8) p[i] = view.getFloat64(o, true);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const children = [...this.running];
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : exitOf(child))));
  }
}

/** probe.ts's last resort, after every bundled reader declined, and only when an ffmpeg is configured. */
export async function openWithFfmpeg(absPath: string, probe: Probe, opts: OpenOptions): Promise<AudioSource> {
  if (!opts.ffmpegPath) throw new AudioError('no ffmpeg is configured (audioAudit.ffmpegPath, CLI: --ffmpeg PATH)');
  return openFfmpeg(absPath, probe.size, opts.ffmpegPath);
}
