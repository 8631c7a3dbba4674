// Benchmark (not a test) of the duplicate layer: content hash and fingerprint cost per 10 s of audio against plain
// iteration and the mel analysis, then the near-duplicate index over 10 000 synthetic files of 10 s.
// Run: node --expose-gc --import tsx bench/dedup.ts [files]   (times are CPU time of this process, medians)
import { ContentHasher } from '../src/core/dedup/contentHash';
import { FingerprintAccumulator, FINGERPRINT_RATE, HOP_SIZE } from '../src/core/dedup/fingerprint';
import { FingerprintIndex } from '../src/core/dedup/index';
import { MelAnalyzer } from '../src/core/mel/analyzer';
import { resolveMel } from '../src/core/mel/params';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function median(runs: number, f: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await f(); // JIT warm-up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    await f();
    t.push(cpuMs() - t0);
  }
  t.sort((a, b) => a - b);
  return t[runs >> 1];
}

/** Speech-like test signal: two gliding tones under a syllable-rate envelope plus LCG noise. */
function signal(rate: number, seconds: number): Float64Array {
  let s = 1;
  return Float64Array.from({ length: rate * seconds }, (_, n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const t = n / rate;
    const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    return env * (0.3 * Math.sin(2 * Math.PI * (300 * t + 40 * Math.sin(t))) + 0.1 * Math.sin(2 * Math.PI * 1234 * t)) + 0.01 * (s / 2 ** 31 - 1);
  });
}

const BLOCK = 8192;

async function perTenSeconds(rate: number): Promise<void> {
  const x = signal(rate, 10);
  const blocks = (f: (b: Float64Array, n: number) => void) => {
    for (let i = 0; i < x.length; i += BLOCK) {
      const n = Math.min(BLOCK, x.length - i);
      f(x.subarray(i, i + n), n);
    }
  };
  let sink = 0;
  const iterate = await median(15, () => blocks((b, n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += b[i];
    sink += sum;
  }));
  const hash = await median(15, () => {
    const h = new ContentHasher(rate, 1);
    blocks((b, n) => h.push({ channels: [b], frames: n, startFrame: 0 }));
    sink += h.digest().length;
  });
  const fingerprint = await median(9, async () => {
    const acc = await FingerprintAccumulator.create(rate);
    blocks((b, n) => acc.push(b, n));
    sink += acc.finish().length;
  });
  const mel: Record<string, number> = {};
  for (const preset of ['tacotron', 'librosa'] as const) {
    const r = resolveMel({ preset, params: {} }, rate)!;
    mel[preset] = await median(9, async () => {
      const a = await MelAnalyzer.create(r);
      blocks((b, n) => a.push(b, n));
      sink += a.finish().frames;
    });
  }
  const f = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`per 10 s of ${rate} Hz mono: iterate ${f(iterate)}, content hash ${f(hash)}, fingerprint ${f(fingerprint)}, ` +
    `mel tacotron ${f(mel.tacotron)}, mel librosa ${f(mel.librosa)}` + (Number.isNaN(sink) ? ' (NaN)' : ''));
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
  await perTenSeconds(22050);
  await perTenSeconds(44100);
  await index(Number(process.argv[2] ?? 10000));
})();
