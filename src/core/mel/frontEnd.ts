// Per-frame front end of the mel analyzer: window → |FFT|^power → mel filterbank for one frame of the padded signal.
// Two implementations: WebAssembly SIMD sharing PFFFT's memory (fast path), and plain TypeScript over any RealFft.
import { createRealFft, type FftBackendName, type RealFft } from '../fft/realFft';
import { PffftRealFft, pffftRuntime } from '../fft/pffft';
import { wasm } from '../fft/wasmApi';
import { applyFilterbank, type MelFilterbank } from './filterbank';
import type { ResolvedMel } from './params';
import { MEL_KERNEL_WASM_BASE64 } from './wasm/melKernelWasm';

export type MelFrontEndName = 'wasm-simd' | 'js';

export interface MelFrontEnd {
  /** 'wasm-simd' or 'js/<fft backend>'. */
  readonly name: string;
  /** The padded-signal buffer the analyzer streams into; its length is the capacity. */
  readonly buf: Float64Array;
  /** dB values of the last frame (nMels). */
  readonly db: Float64Array;
  /** Per-band Σ dB and Σ dB² over the frames so far. */
  readonly bandSum: Float64Array;
  readonly bandSumSq: Float64Array;
  /** Running [Σ dB, Σ dB², min, max, count > topDb, count <= floorDb] over all values so far. */
  readonly acc: Float64Array;
  /**
   * In place over buf[from, to): raw samples become y = x - a·prev (non-finite x read as 0); returns the last raw x.
   * Tacotron util/audio.py preemphasis = scipy.signal.lfilter([1, -a], [1], x), carried across blocks.
   */
  preemphasis(from: number, to: number, prev: number, a: number): number;
  /**
   * Frame at buf[at .. at + nFft): periodic Hann of winLength centred in nFft, |FFT|^power, filterbank, dB, and the
   * statistics above. Returns true when the frame raised the maximum.
   */
  frame(at: number): boolean;
  /**
   * frame(at + i·hop) for i < count, without the per-frame calls from JavaScript on the WASM path.
   * Returns the index i of the last frame that raised the maximum, or -1.
   */
  frames(at: number, count: number, hop: number): number;
  /** Returns WASM memory; the front end must not be used afterwards. */
  release(): void;
}

export interface FrontEndRequest {
  r: ResolvedMel;
  filterbank: MelFilterbank;
  window: Float64Array;
  capacity: number;
  frontEnd: MelFrontEndName | 'auto';
  fft: FftBackendName | 'auto';
}

/** 'auto' takes the WASM front end when PFFFT and the kernel load and memory is free, else the TypeScript one. */
export async function createMelFrontEnd(q: FrontEndRequest): Promise<MelFrontEnd> {
  if (q.frontEnd !== 'js' && q.fft !== 'fft.js') {
    const fe = await WasmMelFrontEnd.create(q);
    if (fe) return fe;
    if (q.frontEnd === 'wasm-simd') throw new Error('the WASM SIMD mel front end is unavailable');
  }
  return new JsMelFrontEnd(q, await createRealFft(q.r.nFft, q.fft));
}

/** [Σ, Σ², min, max, above, below] before the first frame. */
function initAcc(acc: Float64Array): void {
  acc.set([0, 0, Infinity, -Infinity, 0, 0]);
}

class JsMelFrontEnd implements MelFrontEnd {
  readonly name: string;
  readonly buf: Float64Array;
  readonly db: Float64Array;
  readonly bandSum: Float64Array;
  readonly bandSumSq: Float64Array;
  readonly acc = new Float64Array(6);
  private readonly mel: Float64Array;
  private readonly spec: Float64Array;
  private readonly winOffset: number;

  constructor(
    private readonly q: FrontEndRequest,
    private readonly fft: RealFft,
  ) {
    const n = q.r.nMels;
    this.name = `js/${fft.backend}`;
    this.buf = new Float64Array(q.capacity);
    this.mel = new Float64Array(n);
    this.db = new Float64Array(n);
    this.bandSum = new Float64Array(n);
    this.bandSumSq = new Float64Array(n);
    this.spec = new Float64Array(fft.bins);
    this.winOffset = (q.r.nFft - q.window.length) >> 1; // librosa.util.pad_center
    initAcc(this.acc);
  }

  preemphasis(from: number, to: number, prev: number, a: number): number {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      let x = buf[i];
      if (x - x !== 0) x = 0; // NaN or ±Inf
      buf[i] = x - a * prev;
      prev = x;
    }
    return prev;
  }

  frame(at: number): boolean {
    const { fft, buf, spec, winOffset, mel, db, bandSum, bandSumSq, acc } = this;
    const r = this.q.r;
    const window = this.q.window;
    const input = fft.input;
    const winLength = window.length;
    // The FFT is shared per thread and size: clear the zero-padded parts every time.
    input.fill(0, 0, winOffset);
    input.fill(0, winOffset + winLength, fft.size);
    const src = at + winOffset;
    for (let n = 0; n < winLength; n++) input[winOffset + n] = buf[src + n] * window[n];
    if (r.power === 1) fft.magnitude(spec);
    else fft.power(spec);
    applyFilterbank(this.q.filterbank, spec, mel);

    // Tacotron _amp_to_db: 20·log10(max(amin, S)); librosa power_to_db: 10·log10(max(amin, S)); then - refLevelDb.
    const scale = r.power === 1 ? 20 : 10;
    const { amin, refLevelDb, topDb, floorDb } = r;
    let sum = 0;
    let sumSq = 0;
    let min = acc[2];
    let max = acc[3];
    let above = 0;
    let below = 0;
    let newMax = false;
    for (let m = 0, nMels = mel.length; m < nMels; m++) {
      const v = mel[m];
      const d = scale * Math.log10(v > amin ? v : amin) - refLevelDb;
      db[m] = d;
      sum += d;
      sumSq += d * d;
      bandSum[m] += d;
      bandSumSq[m] += d * d;
      if (d < min) min = d;
      if (d > max) {
        max = d;
        newMax = true;
      }
      if (d > topDb) above++;
      if (d <= floorDb) below++;
    }
    acc[0] += sum;
    acc[1] += sumSq;
    acc[2] = min;
    acc[3] = max;
    acc[4] += above;
    acc[5] += below;
    return newMax;
  }

  frames(at: number, count: number, hop: number): number {
    let raised = -1;
    for (let i = 0; i < count; i++) if (this.frame(at + i * hop)) raised = i;
    return raised;
  }

  release(): void {}
}

interface MelKernel {
  preemphasis: (p: number, n: number, prev: number, a: number) => number;
  window: (src: number, win: number, input: number, off: number, n: number, nFft: number) => void;
  spectrum: (fft: number, spec: number, half: number, power: number) => void;
  project: (spec: number, nMels: number, start: number, len: number, woff: number, weights: number, mel: number) => void;
  decibels: (mel: number, db: number, bandSum: number, bandSumSq: number, acc: number, n: number, scale: number,
    amin: number, ref: number, top: number, floor: number, aminDb: number) => number;
  frames: (plan: number, src: number, count: number) => number;
}

/** The `frames` plan (melKernel.wat): 22 i32 then 6 f64 from byte 88. */
const PLAN_BYTES = 136;

/** Filterbank and window tables copied into WASM memory once per thread (bounded; beyond it the JS path is used). */
interface WasmTables {
  start: number;
  len: number;
  woff: number;
  weights: number;
  window: number;
  spec: number;
}

const MAX_TABLES = 64;
let kernel: MelKernel | null | undefined;
const tables = new Map<string, WasmTables>();
// Frees the buffer of an analyzer dropped without finish() (e.g. a file that failed mid-read).
const orphans = new FinalizationRegistry<number>((ptr) => pffftRuntime()?.free(ptr));

function loadKernel(): MelKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const rt = pffftRuntime();
  if (!rt) return null;
  try {
    const module = new wasm.Module(Buffer.from(MEL_KERNEL_WASM_BASE64, 'base64'));
    kernel = new wasm.Instance(module, { env: { memory: rt.memory, transform: rt.transformOrdered } }).exports as unknown as MelKernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

function wasmTables(q: FrontEndRequest): WasmTables | null {
  const fb = q.filterbank;
  const key = `${q.r.sampleRate}/${q.r.nFft}/${q.r.nMels}/${q.r.fmin}/${q.r.fmax}/${q.window.length}`;
  const hit = tables.get(key);
  if (hit) return hit;
  const rt = pffftRuntime();
  if (!rt || tables.size >= MAX_TABLES) return null;
  const n = fb.nMels;
  // + 5 × 15 bytes of 16-byte alignment padding, rounded up
  const ptr = rt.malloc(12 * n + 4 * fb.weights.length + 8 * q.window.length + 4 * fb.bins + 96);
  if (!ptr) return null;
  const base = (ptr + 15) & ~15;
  const t: WasmTables = { start: base, len: base + 4 * n, woff: base + 8 * n, weights: 0, window: 0, spec: 0 };
  t.weights = (t.woff + 4 * n + 15) & ~15;
  t.window = (t.weights + 4 * fb.weights.length + 15) & ~15;
  t.spec = (t.window + 8 * q.window.length + 15) & ~15;
  const mem = rt.memory.buffer;
  new Int32Array(mem, t.start, n).set(fb.start);
  new Int32Array(mem, t.len, n).set(Int32Array.from(fb.end, (e, m) => e - fb.start[m]));
  new Int32Array(mem, t.woff, n).set(fb.offset);
  new Float32Array(mem, t.weights, fb.weights.length).set(fb.weights);
  new Float64Array(mem, t.window, q.window.length).set(q.window);
  tables.set(key, t);
  return t;
}

class WasmMelFrontEnd implements MelFrontEnd {
  readonly name = 'wasm-simd';
  readonly buf: Float64Array;
  readonly db: Float64Array;
  readonly bandSum: Float64Array;
  readonly bandSumSq: Float64Array;
  readonly acc: Float64Array;
  private readonly mel: Float64Array;
  private readonly scale: number;
  private readonly aminDb: number;
  private released = false;
  private readonly winOffset: number;
  private readonly half: number;
  private readonly powerFlag: number;
  /** Byte address of the `frames` plan, after the buffers. */
  private readonly plan: number;

  private constructor(
    private readonly q: FrontEndRequest,
    private readonly k: MelKernel,
    private readonly fft: PffftRealFft,
    private readonly t: WasmTables,
    private readonly block: number,
  ) {
    const mem = pffftRuntime()!.memory.buffer;
    const n = q.r.nMels;
    let p = (block + 7) & ~7;
    const take = (len: number): Float64Array => {
      const view = new Float64Array(mem, p, len);
      p += 8 * len;
      return view;
    };
    this.buf = take(q.capacity);
    this.mel = take(n);
    this.db = take(n);
    this.bandSum = take(n).fill(0);
    this.bandSumSq = take(n).fill(0);
    this.acc = take(6);
    initAcc(this.acc);
    this.plan = p;
    this.scale = q.r.power === 1 ? 20 : 10;
    this.aminDb = this.scale * Math.log10(q.r.amin) - q.r.refLevelDb;
    this.winOffset = (q.r.nFft - q.window.length) >> 1;
    this.half = q.r.nFft >> 1;
    this.powerFlag = q.r.power === 2 ? 1 : 0;
    this.writePlan(mem);
    orphans.register(this, block, this);
  }

  static async create(q: FrontEndRequest): Promise<WasmMelFrontEnd | null> {
    const k = loadKernel();
    const rt = pffftRuntime();
    if (!k || !rt || q.r.nFft < 32) return null;
    const fft = await createRealFft(q.r.nFft, 'pffft-simd');
    if (!(fft instanceof PffftRealFft)) return null;
    const t = wasmTables(q);
    if (!t) return null;
    const block = rt.malloc(8 * (q.capacity + 4 * q.r.nMels + 6) + 8 + PLAN_BYTES);
    if (!block) return null;
    return new WasmMelFrontEnd(q, k, fft, t, block);
  }

  preemphasis(from: number, to: number, prev: number, a: number): number {
    return this.k.preemphasis(this.buf.byteOffset + 8 * from, to - from, prev, a);
  }

  frame(at: number): boolean {
    const { k, t, fft, winOffset, q } = this;
    const r = q.r;
    k.window(this.buf.byteOffset + 8 * (at + winOffset), t.window, fft.inPtr, winOffset, q.window.length, fft.size);
    fft.transform();
    k.spectrum(fft.outPtr, t.spec, this.half, this.powerFlag);
    k.project(t.spec, r.nMels, t.start, t.len, t.woff, t.weights, this.mel.byteOffset);
    // Same formula and accumulation order as JsMelFrontEnd.frame, with log10 from the kernel's series.
    return k.decibels(this.mel.byteOffset, this.db.byteOffset, this.bandSum.byteOffset, this.bandSumSq.byteOffset,
      this.acc.byteOffset, r.nMels, this.scale, r.amin, r.refLevelDb, r.topDb, r.floorDb, this.aminDb) !== 0;
  }

  frames(at: number, count: number, hop: number): number {
    if (hop !== this.q.r.hopLength) throw new RangeError(`hop ${hop} is not the planned ${this.q.r.hopLength}`);
    return this.k.frames(this.plan, this.buf.byteOffset + 8 * (at + this.winOffset), count);
  }

  /** The arguments frame() passes to each kernel function, in the layout melKernel.wat's `frames` reads. */
  private writePlan(mem: ArrayBuffer): void {
    const { q, t, fft } = this;
    const r = q.r;
    new Int32Array(mem, this.plan, 22).set([
      t.window, fft.inPtr, this.winOffset, q.window.length, fft.size, fft.setup, fft.outPtr, fft.workPtr,
      t.spec, this.half, this.powerFlag, r.nMels, t.start, t.len, t.woff, t.weights, this.mel.byteOffset,
      this.db.byteOffset, this.bandSum.byteOffset, this.bandSumSq.byteOffset, this.acc.byteOffset, r.hopLength,
    ]);
    new Float64Array(mem, this.plan + 88, 6).set([this.scale, r.amin, r.refLevelDb, r.topDb, r.floorDb, this.aminDb]);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    orphans.unregister(this);
    pffftRuntime()?.free(this.block);
  }
}
