// Preview worker (worker_threads): one per open preview. Streams the file once for a coarse overview
// (envelope + mel, cached), then answers zoomed views by re-reading only the visible range.
import { parentPort } from 'node:worker_threads';
import { openAudio } from '../core/decode/probe';
import { mayBeNonFinite, type AudioSource } from '../core/decode/source';
import { EnvelopeAccumulator, poolEnvelope } from '../core/preview/envelope';
import { MelColumnPool, MelFrameCache, melFrameCount } from '../core/preview/melTiles';
import { computeMelFrames } from '../core/preview/melRange';
import { MonoDownmix } from '../core/stats/downmix';
import { MelAnalyzer } from '../core/mel/analyzer';
import { auditFile } from '../core/audit/auditFile';
import type { ResolvedMel } from '../core/mel/params';
import type { EnvelopeTile, MelTile } from '../protocol/preview';
import type { HostToWorker, WorkerToHost } from '../protocol/previewWorker';

/** Fine envelope bins kept for the whole file (2 × 4 bytes × channels each: 1 MiB for stereo). */
const ENVELOPE_CACHE_BINS = 65536;
/** Memory bound of the whole-file mel cache (Float32, max-pooled over power-of-two frame groups). */
const MEL_CACHE_BYTES = 32 << 20;
/** Mel frames a zoomed view may compute itself (~1 s of FFTs); wider views wait for the mel cache. */
const MAX_VIEW_MEL_FRAMES = 8192;
/** Progressive overview snapshots: often at first (the first view), then rarer (each is ~0.7 MB through the host). */
const OVERVIEW_POST_MS = 200;
const OVERVIEW_POST_LATER_MS = 1000;

const port = parentPort;
if (!port) throw new Error('preview worker: no parentPort');

interface OpenFile {
  /** One source per concurrent reader: the overview pass and the view/pcm requests. */
  readonly overviewSrc: AudioSource;
  readonly rangeSrc: AudioSource;
  readonly mel: ResolvedMel | null;
  readonly envCache: EnvelopeAccumulator;
  readonly melCache: MelFrameCache | null;
  readonly totalMel: number;
}

let file: OpenFile | null = null;
let viewAbort: AbortController | null = null;

function post(msg: WorkerToHost, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

function buffersOf(env: EnvelopeTile, mel: MelTile | null): ArrayBuffer[] {
  const out = env.channels.flatMap((c) => [c.min.buffer as ArrayBuffer, c.max.buffer as ArrayBuffer]);
  if (mel) out.push(mel.db.buffer as ArrayBuffer);
  return out;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

port.on('message', (msg: HostToWorker) => {
  const run = msg.type === 'open' ? open(msg) : msg.type === 'view' ? view(msg) : pcm(msg);
  run.catch((err) => {
    if ((err as Error)?.name === 'AbortError') return;
    post({ type: 'error', message: reason(err), requestId: 'requestId' in msg ? msg.requestId : undefined });
  });
});

async function open(msg: Extract<HostToWorker, { type: 'open' }>): Promise<void> {
  const overviewSrc = await openAudio(msg.absPath, { ffmpegPath: msg.ffmpegPath });
  const rangeSrc = await openAudio(msg.absPath, { ffmpegPath: msg.ffmpegPath });
  // A codec stream whose header gives no length (FLAC STREAMINFO 0, a raw stream) is counted by one decode first.
  if (overviewSrc.format.frames === 0) await overviewSrc.read(() => undefined);
  const { frames, channels } = overviewSrc.format;
  if (frames === 0) throw new Error('the file holds no audio frames');
  const totalMel = msg.mel ? melFrameCount(frames, msg.mel.hopLength) : 0;
  const melCache = msg.mel
    ? new MelFrameCache(totalMel, msg.mel.nMels, MelFrameCache.framesPerBinFor(totalMel, msg.mel.nMels, MEL_CACHE_BYTES))
    : null;
  const envCache = new EnvelopeAccumulator(channels, 0, frames, Math.min(ENVELOPE_CACHE_BINS, frames));
  file = { overviewSrc, rangeSrc, mel: msg.mel, envCache, melCache, totalMel };
  await overview(file, Math.min(msg.overviewColumns, frames));
  if (msg.audit) {
    const report = await auditFile(msg.absPath, msg.audit.relPath, msg.audit.settings);
    post({ type: 'report', report });
  }
}

/**
 * The overview in two streamed passes: the envelope first (a read at disk speed, so the whole waveform shows
 * within seconds even for an hour of audio), then the mel frames (the FFTs cost ~10x more). Both post
 * progressive snapshots; the caches they fill serve zoomed views.
 */
async function overview(f: OpenFile, columns: number): Promise<void> {
  const { frames, channels } = f.overviewSrc.format;
  const started = Date.now();
  let lastPost = started;
  let melPool: MelColumnPool | null = null;
  const snapshot = (done: boolean): void => {
    const envelope = poolEnvelope(f.envCache.tile(), 0, frames, columns, true)!;
    const mel = melPool ? melPool.tile() : null;
    post({ type: 'overview', envelope, mel, done }, buffersOf(envelope, mel));
    lastPost = Date.now();
  };
  const due = () => {
    const now = Date.now();
    return now - lastPost >= (now - started < 2000 ? OVERVIEW_POST_MS : OVERVIEW_POST_LATER_MS);
  };
  await f.overviewSrc.read((block) => {
    f.envCache.push(block);
    if (due()) snapshot(false);
  });
  if (!f.mel) { snapshot(true); return; }
  snapshot(false);
  const pool = new MelColumnPool(0, frames, columns, f.mel.nMels, f.mel.hopLength, f.totalMel);
  melPool = pool;
  const analyzer = await MelAnalyzer.create(f.mel, { onFrame: (t, db) => { f.melCache!.add(t, db); pool.add(t, db); } });
  // The same downmix as auditFile, so the frames are the core's.
  const mono = new MonoDownmix(channels, mayBeNonFinite(f.overviewSrc.format));
  await f.overviewSrc.read((block) => {
    analyzer.push(mono.mix(block.channels, block.frames), block.frames);
    if (due()) snapshot(false);
  });
  analyzer.finish();
  snapshot(true);
}

async function view(msg: Extract<HostToWorker, { type: 'view' }>): Promise<void> {
  const f = file;
  if (!f) throw new Error('no file open');
  viewAbort?.abort();
  const abort = new AbortController();
  viewAbort = abort;
  const { frames, channels } = f.rangeSrc.format;
  const startFrame = Math.max(0, Math.min(frames - 1, Math.floor(msg.startFrame)));
  const endFrame = Math.max(startFrame + 1, Math.min(frames, Math.ceil(msg.endFrame)));
  const columns = Math.max(1, Math.min(msg.columns, endFrame - startFrame));
  const framesPerColumn = (endFrame - startFrame) / columns;

  // Envelope: pooled from the cache when each column spans >= 2 cached bins and the pass has got there.
  const binFrames = frames / f.envCache.columns;
  let envelope = framesPerColumn >= 2 * binFrames ? poolEnvelope(f.envCache.tile(), startFrame, endFrame, columns) : null;
  const envAcc = envelope ? null : new EnvelopeAccumulator(channels, startFrame, endFrame, columns);

  let mel: MelTile | null = null;
  let melPool: MelColumnPool | null = null;
  if (f.mel && f.melCache) {
    melPool = new MelColumnPool(startFrame, endFrame, columns, f.mel.nMels, f.mel.hopLength, f.totalMel);
    const melPerColumn = framesPerColumn / f.mel.hopLength;
    if (melPerColumn >= 2 * f.melCache.framesPerBin) mel = f.melCache.pool(melPool);
  }

  if (envAcc) await f.rangeSrc.read((b) => envAcc.push(b), { startFrame, endFrame, signal: abort.signal });
  if (f.mel && melPool && !mel) {
    const pool = melPool;
    const { first, last } = pool.neededFrames();
    // Before the mel pass reaches a wide range, the overview's coarse mel stands in (no minute-long FFT runs).
    if (last - first > MAX_VIEW_MEL_FRAMES) {
      envelope = envelope ?? envAcc!.tile();
      post({ type: 'view', requestId: msg.requestId, envelope, mel: null }, buffersOf(envelope, null));
      return;
    }
    await computeMelFrames(f.rangeSrc, f.mel, first, last, (t, db) => pool.add(t, db), abort.signal);
    mel = pool.tile();
  }
  if (abort.signal.aborted) return;
  envelope = envelope ?? envAcc!.tile();
  post({ type: 'view', requestId: msg.requestId, envelope, mel }, buffersOf(envelope, mel));
}

/** Decoded PCM for playback only (WebAudio), as planar Float32. */
async function pcm(msg: Extract<HostToWorker, { type: 'pcm' }>): Promise<void> {
  const f = file;
  if (!f) throw new Error('no file open');
  const { frames: total, channels, sampleRate } = f.rangeSrc.format;
  const startFrame = Math.max(0, Math.min(total, Math.floor(msg.startFrame)));
  const endFrame = Math.min(total, startFrame + Math.max(0, Math.floor(msg.frames)));
  const out = Array.from({ length: channels }, () => new Float32Array(endFrame - startFrame));
  await f.rangeSrc.read((b) => {
    const o = b.startFrame - startFrame;
    for (let c = 0; c < channels; c++) {
      const src = b.channels[c];
      const dst = out[c];
      // NaN/±Inf would make the browser's mixer emit noise or silence for the whole chunk: play them as 0.
      for (let i = 0; i < b.frames; i++) { const v = src[i]; dst[o + i] = v - v === 0 ? v : 0; }
    }
  }, { startFrame, endFrame });
  post({ type: 'pcm', requestId: msg.requestId, startFrame, frames: endFrame - startFrame, sampleRate, channels: out },
    out.map((a) => a.buffer as ArrayBuffer));
}
