// Run by bench/million.ts in its own process (peak RSS via test/fixtures/record-max-rss.cjs): walks ROOT with
// walkAudio and prints {"firstMs","totalMs","files"} as JSON: when the first file arrived and when the walk ended.
import { performance } from 'node:perf_hooks';
import { walkAudio } from '../src/core/discovery';

async function main(): Promise<void> {
  const t0 = performance.now();
  let firstMs = -1;
  let files = 0;
  for await (const _ of walkAudio(process.argv[2], { include: [], exclude: [] })) {
    if (files++ === 0) firstMs = performance.now() - t0;
  }
  process.stdout.write(`${JSON.stringify({ firstMs, totalMs: performance.now() - t0, files })}\n`);
}

void main();
