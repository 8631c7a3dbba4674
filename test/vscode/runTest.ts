// npm run test:vscode: downloads VS Code (needs network access to its CDN, so it is not part of CI here), opens the
// demo dataset as the workspace and runs test/vscode/suite in the extension host with the built extension.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { generateDemoDataset } from '../fixtures/dataset';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const suite = path.join(root, 'out', 'vscode-suite', 'index.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'suite', 'index.ts')], outfile: suite, bundle: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], sourcemap: true, logLevel: 'warning' });
  const workspace = mkdtempSync(path.join(tmpdir(), 'audio-audit-vscode-'));
  generateDemoDataset(workspace);
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
