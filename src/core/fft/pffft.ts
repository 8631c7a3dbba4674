// PFFFT backend (jpommier/pffft compiled to WASM with SIMD by @echogarden/pffft-wasm), float32.
// The package is ESM with top-level await; our node bundles are CJS, so we instantiate its .wasm ourselves.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RealFft } from './realFft';
import { wasm, type WasmMemory } from './wasmApi';

/** Name of the copy scripts/build.mjs puts next to the bundles in dist/. */
export const PFFFT_WASM_FILE = 'pffft-simd.wasm';

/** The emscripten exports we use (names from the minified export table of pffft.js 0.4.2). */
interface PffftExports {
  memory: WasmMemory;
  initRuntime: () => void;
  alignedMalloc: (bytes: number) => number;
  malloc: (bytes: number) => number;
  free: (ptr: number) => void;
  newSetup: (n: number, transform: number) => number;
  transformOrdered: (setup: number, input: number, output: number, work: number, direction: number) => void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

let loaded: PffftExports | null | undefined;

/** The loaded module for code that shares its memory (the mel WASM front end); null when PFFFT cannot load. */
export function pffftRuntime(): Readonly<Pick<PffftExports, 'memory' | 'malloc' | 'free' | 'transformOrdered'>> | null {
  return loadPffft();
}

let loadError: string | null = null;

function wasmCandidates(): string[] {
  const out = [path.join(__dirname, PFFFT_WASM_FILE)];
  try {
    // Unbundled (tests, tsx): the file inside the package.
    out.push(path.join(path.dirname(require.resolve('@echogarden/pffft-wasm/simd')), 'pffft.wasm'));
  } catch {
    // not installed next to us: only the dist/ copy can work
  }
  return out;
}

/** Instantiates the module once per thread; null (and loadError set) when it cannot load, e.g. no WASM SIMD. */
function loadPffft(): PffftExports | null {
  if (loaded !== undefined) return loaded;
  try {
    const file = wasmCandidates().find((f) => existsSync(f));
    if (!file) throw new Error(`${PFFFT_WASM_FILE} not found`);
    const module = new wasm.Module(readFileSync(file));
    let heap = new Uint8Array(0);
    const imports = {
      a: {
        a: () => {
          throw new Error('pffft assertion failed');
        },
        // emscripten_resize_heap: refuse growth so the views handed out never detach (16 MiB initial is ample).
        b: () => 0,
        c: (dest: number, src: number, num: number) => heap.copyWithin(dest, src, src + num),
      },
    };
    const ex = new wasm.Instance(module, imports).exports;
    const memory = ex.d as WasmMemory;
    heap = new Uint8Array(memory.buffer);
    loaded = {
      memory,
      initRuntime: ex.e as () => void,
      alignedMalloc: ex.f as PffftExports['alignedMalloc'],
      malloc: ex.g as PffftExports['malloc'],
      free: ex.i as PffftExports['free'],
      newSetup: ex.k as PffftExports['newSetup'],
      transformOrdered: ex.p as PffftExports['transformOrdered'],
    };
    loaded.initRuntime();
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    loaded = null;
  }
  return loaded;
}

export function pffftAvailable(): boolean {
  return loadPffft() !== null;
}

/** Why PFFFT is unavailable (for diagnostics), or null. */
export function pffftLoadError(): string | null {
  loadPffft();
  return loadError;
}

export class PffftRealFft implements RealFft {
  readonly backend = 'pffft-simd' as const;
  readonly bins: number;
  readonly input: Float32Array;
  private readonly output: Float32Array;

  private constructor(
    readonly size: number,
    private readonly ex: PffftExports,
    /** Byte addresses in the WASM memory of the setup, `input`, the ordered output and the work area, for the mel front end. */
    readonly setup: number,
    readonly inPtr: number,
    readonly outPtr: number,
    readonly workPtr: number,
  ) {
    this.bins = size / 2 + 1;
    this.input = new Float32Array(ex.memory.buffer, inPtr, size);
    this.output = new Float32Array(ex.memory.buffer, outPtr, size);
  }

  static create(size: number): PffftRealFft {
    const ex = loadPffft();
    if (!ex) throw new Error(`PFFFT unavailable: ${loadError}`);
    const setup = ex.newSetup(size, PFFFT_REAL);
    const bytes = size * 4;
    const inPtr = ex.alignedMalloc(bytes);
    const outPtr = ex.alignedMalloc(bytes);
    const workPtr = ex.alignedMalloc(bytes);
    if (!setup || !inPtr || !outPtr || !workPtr) throw new Error(`PFFFT could not allocate a size-${size} transform`);
    return new PffftRealFft(size, ex, setup, inPtr, outPtr, workPtr);
  }

  /** Ordered real output (pffft.h) at outPtr: [X0.re, X(N/2).re, X1.re, X1.im, X2.re, ...]. */
  transform(): void {
    this.ex.transformOrdered(this.setup, this.inPtr, this.outPtr, this.workPtr, PFFFT_FORWARD);
  }

  magnitude(out: Float64Array): void {
    this.transform();
    const y = this.output;
    const half = this.size >> 1;
    out[0] = Math.abs(y[0]);
    out[half] = Math.abs(y[1]);
    for (let k = 1; k < half; k++) {
      const re = y[2 * k];
      const im = y[2 * k + 1];
      out[k] = Math.sqrt(re * re + im * im);
    }
  }

  power(out: Float64Array): void {
    this.transform();
    const y = this.output;
    const half = this.size >> 1;
    out[0] = y[0] * y[0];
    out[half] = y[1] * y[1];
    for (let k = 1; k < half; k++) {
      const re = y[2 * k];
      const im = y[2 * k + 1];
      out[k] = re * re + im * im;
    }
  }
}
