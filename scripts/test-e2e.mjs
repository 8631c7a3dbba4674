// End-to-end tests in a real VS Code: build, package the .vsix, install code-server (the project's installer,
// idempotent), then run every test/e2e/*.e2e.ts with node:test through tsx. Screenshots go to one folder, printed.
import { readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`test-e2e: ${cmd} ${args.join(' ')} failed (status ${r.status})`);
    process.exit(r.status ?? 1);
  }
  return r;
};

run('npm', ['run', '--silent', 'package']);
const install = run('bash', ['scripts/install-code-server.sh'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const entry = install.stdout.trim().split('\n').pop();

const screenshots = process.env.AUDIO_AUDIT_SCREENSHOTS ?? join(root, 'test-results', 'e2e-screenshots');
rmSync(screenshots, { recursive: true, force: true });
mkdirSync(screenshots, { recursive: true });
console.log(`test-e2e: code-server ${entry}`);
console.log(`test-e2e: screenshots in ${screenshots}`);

const only = process.argv.slice(2);
const files = only.length ? only : readdirSync(join(root, 'test/e2e')).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => join('test/e2e', f));
// One file at a time: each starts its own code-server and Chromium (2 cores are shared).
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root, stdio: 'inherit',
  env: { ...process.env, AUDIO_AUDIT_CODE_SERVER: entry, AUDIO_AUDIT_SCREENSHOTS: screenshots, AUDIO_AUDIT_VSIX: join(root, 'audio-dataset-audit.vsix') },
});
console.log(`test-e2e: screenshots in ${screenshots}`);
process.exit(r.status ?? 1);
