// Benchmark (not a test) of the duplicate layer: content hash and fingerprint cost per 10 s file against the Tacotron
// mel analysis, then the near-duplicate index over 10 000 synthetic files of 10 s.
// Run: node --expose-gc --import tsx bench/dedup.ts [index files] [--files=200] [--front-end=auto|wasm-simd|js] [--no-index]
// (times are CPU time of this process, medians)
import { ContentHasher } from '../src/core/dedup/contentHash';
import { FingerprintAccumulator, FINGERPRINT_RATE, HOP_SIZE } from '../src/core/dedup/fingerprint';
import { FingerprintIndex } from '../src/core/dedup/index';
import { MelAnalyzer } from '../src/core/mel/analyzer';
import { resolveMel } from '../src/core/mel/params';
import { BandLimitedResampler } from '../src/core/dedup/resample';
import { speechLike } from '../test/fixtures/dataset';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function median(runs: number, f: () => unknown): Promise<number> {
  await f(); // JIT warm-up (a pass over the whole set)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    await f();
    t.push(cpuMs() - t0);
  }
  t.sort((a, b) => a - b);
  return t[runs >> 1];
}

const BLOCK = 8192;

/**
 * Per-file cost on `files` speech-like 10 s mono files (test/fixtures/dataset.ts speechLike) at `rate`: medians of 5 runs
 * over the whole set, divided by the file count. Front end 'js' times the TypeScript fallbacks (no WASM but PFFFT's). The digest (a running hash of every sub-fingerprint) shows whether two
 * versions of the code give identical bits.
 */
async function corpus(rate: number, files: number, frontEnd: 'wasm-simd' | 'js' | 'auto'): Promise<void> {
  const xs = Array.from({ length: files }, (_, i) => speechLike(rate * 10, rate, i + 1));
  const blocks = (x: Float64Array, f: (b: Float64Array, n: number) => void) => {
    for (let i = 0; i < x.length; i += BLOCK) {
      const n = Math.min(BLOCK, x.length - i);
      f(x.subarray(i, i + n), n);
    }
  };
  let sink = 0;
  let digest = 0;
  const per = async (f: (x: Float64Array) => unknown) => (await median(5, async () => {
    for (const x of xs) await f(x);
  })) / files;
  const resample = await per((x) => {
    const r = new BandLimitedResampler(rate, FINGERPRINT_RATE, (y, n) => { sink += n; }, { engine: frontEnd === 'js' ? 'js' : 'auto' });
    blocks(x, (b, n) => r.push(b, n));
    r.finish();
  });
  const fingerprint = await per(async (x) => {
    const acc = await FingerprintAccumulator.create(rate, { frontEnd });
    blocks(x, (b, n) => acc.push(b, n));
    const p = acc.finish();
    for (let i = 0; i < p.length; i++) digest = (Math.imul(digest, 0x01000193) ^ p[i]) >>> 0;
  });
  const hash = await per((x) => {
    const h = new ContentHasher(rate, 1, { engine: frontEnd === 'js' ? 'js' : 'auto' });
    blocks(x, (b, n) => h.push({ channels: [b], frames: n, startFrame: 0 }));
    sink += h.digest().length;
  });
  const r = resolveMel({ preset: 'tacotron', params: {} }, rate)!;
  const mel = await per(async (x) => {
    const a = await MelAnalyzer.create(r);
    blocks(x, (b, n) => a.push(b, n));
    sink += a.finish().frames;
  });
  const f = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`${files} × 10 s speechLike at ${rate} Hz, per file (front end ${frontEnd}): resample ${f(resample)}, ` +
    `fingerprint ${f(fingerprint)} (digest ${digest.toString(16).padStart(8, '0')}), content hash ${f(hash)}, ` +
    `fingerprint + hash ${f(fingerprint + hash)}, mel tacotron ${f(mel)}` + (Number.isNaN(sink) ? ' (NaN)' : ''));
}

/** xorshift32 (Marsaglia 2003): fast deterministic words for the synthetic corpus. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/**
 * A file's sub-fingerprints as a Markov chain: each bit flips from one frame to the next with probability 1/16
 * (AND of four random words), close to the 0.065-0.07 measured on espeak-ng speech, so keys repeat like real ones.
 */
function syntheticPrints(n: number, rand: () => number): Uint32Array {
  const p = new Uint32Array(n);
  let v = rand();
  for (let i = 0; i < n; i++) {
    v = (v ^ (rand() & rand() & rand() & rand())) >>> 0;
    p[i] = v;
  }
  return p;
}

/** A copy trimmed by `trim` frames with each bit flipped independently with probability `ber`. */
function distorted(p: Uint32Array, trim: number, ber: number, rand: () => number): Uint32Array {
  const out = p.slice(trim);
  const threshold = ber * 2 ** 32;
  for (let i = 0; i < out.length; i++) {
    let mask = 0;
    for (let b = 0; b < 32; b++) if (rand() < threshold) mask |= 1 << b;
    out[i] = (out[i] ^ mask) >>> 0;
  }
  return out;
}

async function index(files: number): Promise<void> {
  const frames = Math.floor((10 * FINGERPRINT_RATE - 2048) / HOP_SIZE); // 829 per 10 s
  const rand = xorshift(12345);
  const idx = new FingerprintIndex();
  const originals: Uint32Array[] = [];
  const planted = new Map<string, number>(); // "a|b" -> bit error rate of the copy
  const bers = [0.05, 0.1, 0.15, 0.2];
  const copies = Math.floor(files / 50);
  const unique = files - copies;
  global.gc?.();
  const heap0 = process.memoryUsage();
  for (let i = 0; i < unique; i++) {
    const p = syntheticPrints(frames, rand);
    if (i < copies) originals.push(p);
    idx.add(`f${i}`, p);
  }
  for (let c = 0; c < copies; c++) {
    const ber = bers[c % bers.length];
    idx.add(`copy${c}`, distorted(originals[c], rand() % 100, ber, rand));
    planted.set(`f${c}|copy${c}`, ber);
  }
  const t0 = cpuMs();
  const found = idx.findNearDuplicates();
  const t1 = cpuMs();
  const heap1 = process.memoryUsage();
  const hits = new Map<number, number>();
  let falsePairs = 0;
  for (const d of found) {
    const ber = planted.get(`${d.a}|${d.b}`);
    if (ber === undefined) falsePairs++;
    else hits.set(ber, (hits.get(ber) ?? 0) + 1);
  }
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  console.log(`index: ${files} files × ${frames} sub-fingerprints = ${(idx.frames / 1e6).toFixed(2)} M; build + query ${(t1 - t0).toFixed(0)} ms CPU; ` +
    `typed arrays ${mb(idx.bytes)}, heap+external growth ${mb(heap1.heapUsed + heap1.arrayBuffers - heap0.heapUsed - heap0.arrayBuffers)}, rss ${mb(heap1.rss)}`);
  console.log(`planted copies found (independent bit flips, trim 0-99 frames): ` +
    bers.map((b) => `BER ${b}: ${hits.get(b) ?? 0}/${copies / bers.length}`).join(', ') + `; other pairs reported: ${falsePairs}`);
}

(async () => {
  const args = process.argv.slice(2);
  const files = Number(args.find((a) => a.startsWith('--files='))?.slice(8) ?? 200);
  const frontEnd = (args.find((a) => a.startsWith('--front-end='))?.slice(12) ?? 'auto') as 'wasm-simd' | 'js' | 'auto';
  await corpus(22050, files, frontEnd);
  await corpus(16000, files, frontEnd);
  if (!args.includes('--no-index')) await index(Number(args.find((a) => /^\d+$/.test(a)) ?? 10000));
})();
