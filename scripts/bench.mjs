// npm run bench [-- --only=duplicates|stats --runs=N …]: bench/run.ts with the arguments, then (without --only) the
// million-file bench. npm appends arguments to the last command of a script, which would hand them to the wrong one.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (file, extra) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('bench/run.ts', args);
if (!args.some((a) => a.startsWith('--only='))) run('bench/million.ts', []);
