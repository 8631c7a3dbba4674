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
// Chunk names are content hashes: an earlier build's would pile up (and reach the .vsix); cli.js and worker.js are
// written below without a map.
for (const f of readdirSync('dist')) if (/^((cli|worker)-chunk-.*\.mjs(\.map)?|cli\.js\.map|worker\.js\.map)$/.test(f)) rmSync(`dist/${f}`);
const builds = targets
  .filter(([entry]) => existsSync(entry))
  .map(([entryPoint, outfile, opts]) => ({ ...opts, entryPoints: [entryPoint], outfile }));

// The CLI and the audit worker start in a few tens of milliseconds only if they parse no more than a WAV audit needs:
// ESM builds with code splitting, so every `await import()` (subcommands, codec decoders, report writers) is a chunk
// loaded on first use. Two builds, not one: the .vsix carries the worker's files (dist/worker-*) and not the CLI's.
// ESM has no require/__dirname/__filename: the prelude gives every chunk its own (they all sit in dist/, so
// __dirname means the same folder as in the CJS bundles).
const ESM_PRELUDE = [
  "import { createRequire as __aaCreateRequire } from 'node:module';",
  "import { fileURLToPath as __aaFileURLToPath } from 'node:url';",
  "import { dirname as __aaDirname } from 'node:path';",
  'const require = __aaCreateRequire(import.meta.url);',
  'const __filename = __aaFileURLToPath(import.meta.url);',
  'const __dirname = __aaDirname(__filename);',
].join('\n');
const nodeEsm = {
  ...common, platform: 'node', format: 'esm', target: 'node20', external: ['vscode'], splitting: true,
  outdir: 'dist', entryNames: '[name]', outExtension: { '.js': '.mjs' }, banner: { js: ESM_PRELUDE },
};
builds.push(
  { ...nodeEsm, entryPoints: { 'cli-main': 'src/cli/bin.ts' }, chunkNames: 'cli-chunk-[hash]' },
  { ...nodeEsm, entryPoints: { 'worker-main': 'src/workers/worker.ts' }, chunkNames: 'worker-chunk-[hash]' },
);

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

// dist/cli.js (the bin) and dist/worker.js (what the extension's and the CLI's pools spawn) keep their names: each
// is a CommonJS file that imports its ESM entry.
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// audio-audit: the code is in cli-main.mjs and the chunks it imports (scripts/build.mjs).\nimport('./cli-main.mjs');\n");
writeFileSync('dist/worker.js', "// Audit worker thread: the code is in worker-main.mjs and its chunks (scripts/build.mjs).\nimport('./worker-main.mjs');\n");
chmodSync('dist/cli.js', 0o755);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
