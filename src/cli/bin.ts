// audio-audit process entry (dist/cli-main.mjs, imported by dist/cli.js): node flags, a closed stdout, exit code.
import { setFlagsFromString } from 'node:v8';
import { EXIT_USAGE, main } from './main';

/**
 * A merge parses a million part lines: with V8's default 16 MiB semi-space most of them survive a scavenge and are
 * copied into the old generation; with 64 MiB they die young (bench/million.ts, 1 000 000 entries: 62 s of CPU
 * down to 37 s). V8 reads the flag only at start-up, so a merge runs itself again with it.
 */
const MERGE_NODE_FLAG = '--max-semi-space-size=64';

async function rerunMergeWithFlag(): Promise<number | null> {
  if (process.argv[2] !== 'merge' || process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return null;
  const { spawnSync } = await import('node:child_process');
  const { constants } = await import('node:os');
  // argv[1]: the script node was started with (dist/cli.js).
  const argv = [...process.execArgv, MERGE_NODE_FLAG, process.argv[1], ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (r.error) return null; // could not start a node: merge in this process
  return r.status ?? 128 + (r.signal ? (constants.signals[r.signal] ?? 0) : 0);
}

async function run(): Promise<void> {
  const rerun = await rerunMergeWithFlag();
  if (rerun !== null) process.exit(rerun);
  // Workers created from here on compile optimized code on their own thread, so terminating one can never race a
  // concurrent TurboFan job (a Node 20 abort, see IDLE_GRACE_MS) and the pool needs no grace period at the end.
  setFlagsFromString('--no-concurrent-recompilation');
  // A closed pipe (audio-audit ... | head) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout, stderr: process.stderr, stderrIsTty: process.stderr.isTTY === true, idleGraceMs: 0,
  });
}

run().catch((e: unknown) => {
  process.stderr.write(`audio-audit: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = EXIT_USAGE;
});
