// One esbuild script for every target: host, CLI and workers for node (cjs, `vscode` external); webviews for the browser (esm).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, mkdirSync, copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// No LGPL code in the bundles: codec-parser (imported by the Vorbis package for a path the audit does not take) is
// replaced by a stub that throws if it is ever called.
const noLgpl = {
  name: 'no-lgpl',
  setup(build) {
    build.onResolve({ filter: /^codec-parser$/ }, () => ({ path: fileURLToPath(new URL('./stubs/codec-parser.mjs', import.meta.url)) }));
  },
};
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', plugins: [noLgpl] };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
const browser = { ...common, platform: 'browser', format: 'esm', target: 'es2022' };

/** [entry, outfile, options]; an entry that does not exist yet is skipped so partial trees still build. */
const targets = [
  ['src/extension/extension.ts', 'dist/extension.js', node],
  ['src/workers/preview.ts', 'dist/previewWorker.js', node],
  ['src/workers/reportReader.ts', 'dist/reportReader.js', node],
  ['webview/preview/main.ts', 'dist/webview/preview.js', browser],
  ['webview/report/main.ts', 'dist/webview/report.js', browser],
];

// A release build starts from an empty dist/ so no stale source map from a dev build reaches the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
// Chunk names are content hashes: an earlier build's would pile up (and reach the .vsix); the split builds write no
// source maps.
const STALE = /^((cli|worker)-chunk-.*\.js|(cli|worker)\.js\.map)$/;
for (const f of readdirSync('dist')) if (STALE.test(f)) rmSync(`dist/${f}`);
const builds = targets
  .filter(([entry]) => existsSync(entry))
  .map(([entryPoint, outfile, opts]) => ({ ...opts, entryPoints: [entryPoint], outfile }));

// The CLI and the audit worker start in a few tens of milliseconds only if they parse no more than a WAV audit needs:
// split at every `await import()` (subcommands, codec decoders, report writers), a chunk each, loaded on first use.
// esbuild splits only ESM, and node's ESM loader costs a worker ~25 more internal modules than require() does, so
// the split output is turned into CommonJS file by file (import() becomes require(); one module instance per chunk
// as with ESM). Two builds: the .vsix carries the worker's files (dist/worker*.js) and not the CLI's.
async function buildSplitCjs(entryPoints, chunkPrefix, banner = '') {
  const split = await esbuild.build({
    ...common, sourcemap: false, platform: 'node', format: 'esm', target: 'node20', external: ['vscode'],
    splitting: true, write: false, outdir: 'dist', entryNames: '[name]', chunkNames: `${chunkPrefix}-[hash]`,
    entryPoints,
  });
  await Promise.all(split.outputFiles.map(async (f) => {
    const cjs = await esbuild.transform(f.text, {
      format: 'cjs', target: 'node20', supported: { 'dynamic-import': false }, minify: production,
    });
    const isEntry = Object.keys(entryPoints).some((name) => f.path.endsWith(`/${name}.js`));
    writeFileSync(f.path, (isEntry ? banner : '') + cjs.code);
  }));
}
const splitBuilds = () => Promise.all([
  buildSplitCjs({ cli: 'src/cli/bin.ts' }, 'cli-chunk', '#!/usr/bin/env node\n'),
  buildSplitCjs({ worker: 'src/workers/worker.ts' }, 'worker-chunk'),
]);

// Static assets: what the webviews load through asWebviewUri, and the PFFFT WASM the node bundles read from their
// own folder (src/core/fft/pffft.ts PFFFT_WASM_FILE; without it the FFT falls back to fft.js).
const assets = [
  ['node_modules/@echogarden/pffft-wasm/dist/simd/pffft.wasm', 'dist/pffft-simd.wasm'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/media/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/media/codicon.ttf'],
  ['media/report.css', 'dist/media/report.css'],
];
for (const [from, to] of assets) {
  if (!existsSync(from)) continue;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// Node reads the package.json nearest to every .js it loads (for "type"): here a one-line one, not the 38 KB
// manifest, parsed by the CLI and again by every worker thread at start-up.
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');

if (watch) {
  await splitBuilds(); // once: watch mode does not rebuild the split CLI and worker
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), splitBuilds()]);
}
chmodSync('dist/cli.js', 0o755);
