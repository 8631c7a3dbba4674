// Playback: an <audio> element on the file's webview URI when the browser decodes the WAV (8/16-bit PCM),
// otherwise Float32 PCM chunks from the host through WebAudio, requested only while playing.
import type { PlaybackMode } from '../../src/protocol/preview';

/** Seconds of audio per PCM request, and how far ahead of the playhead chunks are scheduled. */
const CHUNK_SEC = 4;
const AHEAD_SEC = 8;

export interface PcmChunk {
  readonly startFrame: number;
  readonly frames: number;
  readonly sampleRate: number;
  readonly channels: readonly Float32Array[];
}

export interface Player {
  play(fromFrame: number): void;
  pause(): void;
  readonly playing: boolean;
  /** Frame under the playhead, or null when stopped and never played. */
  position(): number | null;
  /** The host's answer to a requestPcm (WebAudio mode). */
  onPcm(requestId: number, chunk: PcmChunk): void;
  onEnded: () => void;
}

export function createPlayer(mode: PlaybackMode, src: string | null, sampleRate: number, totalFrames: number,
  requestPcm: (requestId: number, startFrame: number, frames: number) => void): Player | null {
  if (mode === 'audio' && src) return new ElementPlayer(src, sampleRate);
  if (mode === 'webaudio') return new WebAudioPlayer(sampleRate, totalFrames, requestPcm);
  return null;
}

class ElementPlayer implements Player {
  private readonly audio: HTMLAudioElement;
  onEnded = () => {};

  constructor(src: string, private readonly sampleRate: number) {
    this.audio = new Audio();
    this.audio.preload = 'metadata';
    this.audio.src = src;
    this.audio.addEventListener('ended', () => this.onEnded());
  }

  play(fromFrame: number): void {
    this.audio.currentTime = fromFrame / this.sampleRate;
    void this.audio.play();
  }

  pause(): void { this.audio.pause(); }

  get playing(): boolean { return !this.audio.paused; }

  position(): number | null { return this.audio.currentTime * this.sampleRate; }

  onPcm(): void {}
}

class WebAudioPlayer implements Player {
  private ctx: AudioContext | null = null;
  private readonly sources: AudioBufferSourceNode[] = [];
  /** ctx time at which frame `originFrame` plays. */
  private originTime = 0;
  private originFrame = 0;
  private nextFrame = 0;
  private session = 0;
  private nextRequest = 1;
  private pending = new Map<number, number>();
  private timer: number | undefined;
  private stoppedAt: number | null = null;
  private isPlaying = false;
  onEnded = () => {};

  constructor(private readonly sampleRate: number, private readonly totalFrames: number,
    private readonly requestPcm: (requestId: number, startFrame: number, frames: number) => void) {}

  play(fromFrame: number): void {
    this.stop();
    // The context runs at the device rate; AudioBuffers at the file's rate are resampled by the browser.
    this.ctx ??= new AudioContext();
    void this.ctx.resume();
    this.session++;
    this.isPlaying = true;
    this.originFrame = fromFrame;
    this.originTime = this.ctx.currentTime + 0.15; // time for the first chunk to arrive
    this.nextFrame = Math.floor(fromFrame);
    this.fill();
    this.timer = window.setInterval(() => this.fill(), 250);
  }

  /** Asks for chunks until AHEAD_SEC of audio is requested past the playhead. */
  private fill(): void {
    const pos = this.position() ?? 0;
    if (pos >= this.totalFrames) { this.stop(); this.onEnded(); return; }
    while (this.nextFrame < this.totalFrames && this.nextFrame < pos + AHEAD_SEC * this.sampleRate) {
      const frames = Math.min(CHUNK_SEC * this.sampleRate, this.totalFrames - this.nextFrame);
      const id = this.nextRequest++;
      this.pending.set(id, this.session);
      this.requestPcm(id, this.nextFrame, frames);
      this.nextFrame += frames;
    }
  }

  onPcm(requestId: number, chunk: PcmChunk): void {
    const session = this.pending.get(requestId);
    this.pending.delete(requestId);
    if (session !== this.session || !this.ctx || !this.isPlaying || chunk.frames === 0) return;
    const buf = this.ctx.createBuffer(chunk.channels.length, chunk.frames, chunk.sampleRate);
    chunk.channels.forEach((data, c) => buf.copyToChannel(data as Float32Array<ArrayBuffer>, c));
    const node = this.ctx.createBufferSource();
    node.buffer = buf;
    node.connect(this.ctx.destination);
    const when = this.originTime + (chunk.startFrame - this.originFrame) / this.sampleRate;
    // A late chunk starts part-way through so the audio stays aligned with the playhead.
    const late = Math.max(0, this.ctx.currentTime - when);
    node.start(Math.max(when, this.ctx.currentTime), late);
    this.sources.push(node);
    node.onended = () => { const i = this.sources.indexOf(node); if (i >= 0) this.sources.splice(i, 1); };
  }

  private stop(): void {
    if (this.isPlaying) this.stoppedAt = this.position();
    this.isPlaying = false;
    window.clearInterval(this.timer);
    for (const s of this.sources.splice(0)) { try { s.stop(); } catch { /* already stopped */ } }
    this.pending.clear();
  }

  pause(): void { this.stop(); }

  get playing(): boolean { return this.isPlaying; }

  position(): number | null {
    if (!this.isPlaying || !this.ctx) return this.stoppedAt;
    return Math.min(this.totalFrames, this.originFrame + Math.max(0, this.ctx.currentTime - this.originTime) * this.sampleRate);
  }
}
