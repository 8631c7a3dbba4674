// npm run demo: writes the deterministic demo dataset to demo/ and audits it with the built CLI, printing the summary.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { generateDemoDataset } = await tsImport('../test/fixtures/dataset.ts', import.meta.url);
const demo = join(repo, 'demo');
const files = generateDemoDataset(demo);
console.log(`demo: wrote ${files.length} files to ${demo} (${files.filter((f) => f.rule === null).length} clean, the rest one per rule)\n`);

// --fail-on never: the demo is meant to have findings; exit 0 unless the CLI itself fails.
const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'demo', '--fail-on', 'never'], { cwd: repo, stdio: 'inherit' });
process.exit(r.status ?? 1);
