// Benchmark: the preview worker on a 1-hour 48 kHz 24-bit stereo file (generated once into the OS temp dir):
// time to the first overview snapshot, to the complete overview, to a zoomed view, and the worker's memory.
import { Worker } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLongWav } from '../test/fixtures/longWav';
import { resolveMel } from '../src/core/mel/params';
import type { WorkerToHost } from '../src/protocol/previewWorker';

const seconds = Number(process.env.PREVIEW_BENCH_SECONDS ?? 3600);
// PREVIEW_BENCH_FORMAT=flac: the same audio encoded by Debian's flac (level 0, fast), decoded by the FLAC reader.
const format = process.env.PREVIEW_BENCH_FORMAT === 'flac' ? 'flac' : 'wav';
const wav = join(tmpdir(), `preview-bench-${seconds}s-48k-24bit-stereo.wav`);
let t = Date.now();
writeLongWav(wav, { seconds, sampleRate: 48000, bits: 24, channels: 2, clipAt: { start: 48000 * 60, frames: 480 } });
const file = format === 'flac' ? wav.replace(/\.wav$/, '.flac') : wav;
if (format === 'flac' && !existsSync(file)) execFileSync('flac', ['-s', '-f', '-0', '-o', file, wav]);
console.log(`fixture ${file} ready in ${Date.now() - t} ms`);

const rss0 = process.memoryUsage().rss;
const worker = new Worker(join(__dirname, '..', 'dist', 'previewWorker.js'),
  process.env.PREVIEW_BENCH_HEAP_MB ? { resourceLimits: { maxOldGenerationSizeMb: Number(process.env.PREVIEW_BENCH_HEAP_MB) } } : {});
t = Date.now();
let first: number | null = null;
let peakRss = rss0;
const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
worker.on('message', (m: WorkerToHost) => {
  if (m.type === 'overview') {
    if (first === null) { first = Date.now() - t; console.log(`first overview snapshot: ${first} ms (${m.envelope.filledColumns}/${m.envelope.columns} columns)`); }
    if (m.done) {
      console.log(`overview complete: ${Date.now() - t} ms`);
      const tv = Date.now();
      worker.postMessage({ type: 'view', requestId: 1, startFrame: 48000 * 60 - 4800, endFrame: 48000 * 60 + 4800, columns: 1600 });
      worker.once('message', (v: WorkerToHost) => {
        console.log(`zoomed view (0.2 s at 1600 columns): ${Date.now() - tv} ms, type ${v.type}`);
        clearInterval(timer);
        console.log(`peak RSS growth: ${((peakRss - rss0) / 2 ** 20).toFixed(0)} MB`);
        void worker.terminate();
      });
    }
  } else if (m.type === 'error') {
    console.error(m.message);
    process.exitCode = 1;
    void worker.terminate();
  }
});
worker.postMessage({ type: 'open', absPath: file, ffmpegPath: null, mel: process.env.PREVIEW_BENCH_NOMEL ? null : resolveMel({ preset: 'tacotron', params: {} }, 48000), overviewColumns: 2048, audit: null });
