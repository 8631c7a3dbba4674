// Loads fingerprintKernel.wat (frame loop and resampler dot products) into PFFFT's memory, once per thread.
import { pffftRuntime } from '../../fft/pffft';
import { wasm } from '../../fft/wasmApi';
import { FINGERPRINT_KERNEL_WASM_BASE64 } from './fingerprintKernelWasm';

export interface FingerprintKernel {
  frames: (plan: number, src: number, count: number, prints: number) => number;
  finite: (p: number, n: number) => void;
  resample: (k: number, fin: number, fout: number, phases: number, W: number, bufStart: number, available: number,
    limitPos: number, buf: number, table: number, idx: number, out: number, max: number) => number;
}

let kernel: FingerprintKernel | null | undefined;

/** The kernel's exports, or null when PFFFT or WASM SIMD is unavailable (callers then run TypeScript). */
export function fingerprintKernel(): FingerprintKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const rt = pffftRuntime();
  if (!rt) return null;
  try {
    const module = new wasm.Module(Buffer.from(FINGERPRINT_KERNEL_WASM_BASE64, 'base64'));
    const ex = new wasm.Instance(module, { env: { memory: rt.memory, transform: rt.transformOrdered } }).exports;
    kernel = {
      frames: ex.frames as FingerprintKernel['frames'],
      finite: ex.finite as FingerprintKernel['finite'],
      resample: ex.resample as FingerprintKernel['resample'],
    };
  } catch {
    kernel = null;
  }
  return kernel;
}
