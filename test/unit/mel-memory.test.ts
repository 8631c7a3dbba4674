import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MelAnalyzer } from '../../src/core/mel/analyzer';
import { resolveMel } from '../../src/core/mel/params';

// The WASM front end takes its buffers from PFFFT's fixed 16 MiB heap (growth is refused so views never detach).
test('analyzers beyond the WASM heap fall back to the TypeScript path; finish() returns the memory', async () => {
  const r = resolveMel({ preset: 'tacotron', params: {} }, 48000)!; // nFft 4096: ~260 kB of buffers each
  const x = Float64Array.from({ length: 9600 }, (_, n) => 0.5 * Math.sin(n * 0.13));
  const open: MelAnalyzer[] = [];
  while (open.length < 200 && (open.length === 0 || open[open.length - 1].backend === 'wasm-simd')) {
    open.push(await MelAnalyzer.create(r));
  }
  const last = open[open.length - 1];
  assert.equal(last.backend, 'js/pffft-simd', `still WASM after ${open.length} analyzers`);
  assert.ok(open.length > 20, `only ${open.length} analyzers fit`);
  const reports = open.map((a) => {
    a.push(x, x.length);
    return a.finish();
  });
  // Same input, both paths: same frame count and the same values to within float32 rounding.
  assert.equal(reports[0].frames, last.finish().frames);
  assert.ok(Math.abs(reports[0].maxDb - reports[reports.length - 1].maxDb) < 1e-3);
  // Memory came back: a new analyzer is WASM again.
  assert.equal((await MelAnalyzer.create(r)).backend, 'wasm-simd');
});
