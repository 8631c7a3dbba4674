import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { PFFFT_WASM_FILE } from '../../src/core/fft/pffft';

const root = resolve(__dirname, '../..');

// Our node bundles are CJS (scripts/build.mjs); PFFFT's package is ESM with top-level await. This checks that the
// bundled analyzer finds dist/pffft-simd.wasm next to itself, in the main thread and in a worker_thread, and falls
// back to fft.js when the file is missing (the bundle lives outside the repo, so node_modules cannot help).
test('a CJS bundle runs PFFFT in the main thread and a worker, and falls back to fft.js without the wasm', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mel-bundle-'));
  try {
    const entry = `
      import { isMainThread, Worker, parentPort } from 'node:worker_threads';
      import { MelAnalyzer } from ${JSON.stringify(join(root, 'src/core/mel/analyzer'))};
      import { resolveMel } from ${JSON.stringify(join(root, 'src/core/mel/params'))};
      async function run() {
        const a = await MelAnalyzer.create(resolveMel({ preset: 'tacotron', params: {} }, 22050)!);
        const x = new Float64Array(22050).map((_, n) => 0.5 * Math.sin(n * 0.2));
        a.push(x, x.length);
        return a.backend + ' ' + a.finish().frames;
      }
      if (isMainThread) {
        const w = new Worker(__filename);
        w.once('message', async (m) => { console.log(JSON.stringify([await run(), m])); await w.terminate(); });
      } else run().then((m) => parentPort!.postMessage(m));
    `;
    await esbuild.build({
      stdin: { contents: entry, loader: 'ts', resolveDir: root },
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'probe.js'), logLevel: 'error',
    });
    copyFileSync(join(root, 'node_modules/@echogarden/pffft-wasm/dist/simd/pffft.wasm'), join(dir, PFFFT_WASM_FILE));
    const withWasm = JSON.parse(execFileSync(process.execPath, [join(dir, 'probe.js')], { cwd: dir, encoding: 'utf8' }));
    // 22050 samples, hop 275: 1 + floor(22050/275) = 81 frames
    assert.deepEqual(withWasm, ['wasm-simd 81', 'wasm-simd 81']);
    rmSync(join(dir, PFFFT_WASM_FILE));
    const without = JSON.parse(execFileSync(process.execPath, [join(dir, 'probe.js')], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(without, ['js/fft.js 81', 'js/fft.js 81']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
