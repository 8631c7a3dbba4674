// A real single-node Slurm cluster (scripts/slurm/start.sh) runs the shipped examples/slurm/audit.sbatch as a 4-task
// array over the demo dataset; `audio-audit merge` of the 4 parts must equal the single-machine report.
// Needs `npm run build` first and root (start.sh installs Slurm with apt-get when missing). Skipped, with the reason
// printed, only when Slurm is missing and cannot be installed (start.sh exit status 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/types';
import { generateDemoDataset } from '../fixtures/dataset';
import { CLI, REPO, runCli } from '../fixtures/cli';

const START = path.join(REPO, 'scripts', 'slurm', 'start.sh');
const STOP = path.join(REPO, 'scripts', 'slurm', 'stop.sh');
const SBATCH = path.join(REPO, 'examples', 'slurm', 'audit.sbatch');
const TASKS = 4;
const POLL_MS = 200;
const JOB_TIMEOUT_MS = 180_000;

/** Two ports nobody listens on, so the test never meets another cluster on 6817/6818. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const r = spawnSync(cmd, args, { env, cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** `scontrol show job -o` of an array: one line per task with ArrayTaskId, JobState and ExitCode. */
function taskStates(jobId: string, env: NodeJS.ProcessEnv): { task: string; state: string; exit: string }[] {
  const r = run('scontrol', ['show', 'job', '-o', jobId], env);
  assert.equal(r.status, 0, `scontrol show job ${jobId}: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((line) => ({
    task: /\bArrayTaskId=(\S+)/.exec(line)?.[1] ?? '?',
    state: /\bJobState=(\S+)/.exec(line)?.[1] ?? '?',
    exit: /\bExitCode=(\S+)/.exec(line)?.[1] ?? '?',
  })).sort((a, b) => Number(a.task) - Number(b.task));
}

test(`Slurm: examples/slurm/audit.sbatch as a ${TASKS}-task array, merged, equals the single-machine report`, async (t) => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'audit-slurm-'));
  chmodSync(tmp, 0o755); // munged wants every folder above its socket searchable by all
  const base = path.join(tmp, 'slurm');
  const data = path.join(tmp, 'demo');
  const out = path.join(tmp, 'out');
  const files = generateDemoDataset(data);
  const [ctldPort, slurmdPort] = await freePorts(2);
  const started = Date.now();
  const start = run('bash', [START, base], { ...process.env, SLURMCTLD_PORT: String(ctldPort), SLURMD_PORT: String(slurmdPort) });
  t.diagnostic(`start.sh (${((Date.now() - started) / 1000).toFixed(1)} s): ${(start.stdout + start.stderr).trim()}`);
  try {
    if (start.status === 3) {
      const reason = start.stderr.trim().split('\n').pop()!;
      console.log(`SKIPPED: ${reason}`);
      t.skip(reason);
      return;
    }
    assert.equal(start.status, 0, `start.sh failed (exit ${start.status}):\n${start.stderr}`);
    const env = { ...process.env, SLURM_CONF: path.join(base, 'etc', 'slurm.conf'), AUDIO_AUDIT: `${process.execPath} ${CLI}` };

    mkdirSync(out); // Slurm opens --output before the script's own mkdir runs
    const submitted = Date.now();
    const sb = run('sbatch', ['--parsable', `--array=0-${TASKS - 1}`, `--output=${out}/slurm-%A_%a.out`, SBATCH, data, out], env, tmp);
    assert.equal(sb.status, 0, `sbatch: ${sb.stderr}`);
    const jobId = sb.stdout.trim().split(';')[0];
    assert.match(jobId, /^\d+$/, `sbatch --parsable printed ${sb.stdout}`);
    // sbatch --wait polls at 2, 10, 42 s then every 32 s; squeue every 0.2 s sees the end at once.
    for (;;) {
      const q = run('squeue', ['-h', '-j', jobId, '-o', '%i %T'], env);
      if (q.status !== 0 || q.stdout.trim() === '') break;
      assert.ok(Date.now() - submitted < JOB_TIMEOUT_MS, `job ${jobId} still queued after ${JOB_TIMEOUT_MS / 1000} s:\n${q.stdout}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const tasks = taskStates(jobId, env);
    const logs = readdirSync(out).filter((f) => f.startsWith('slurm-')).sort().map((f) => `${f}: ${readFileSync(path.join(out, f), 'utf8').trim()}`);
    console.log(`slurm job ${jobId}: array tasks ${tasks.map((x) => `${x.task} ${x.state} exit ${x.exit}`).join(', ')} (${((Date.now() - submitted) / 1000).toFixed(1)} s)`);
    for (const l of logs) console.log(`  ${l.replace(/\n/g, '\n    ')}`);
    assert.deepEqual(tasks.map((x) => x.task), Array.from({ length: TASKS }, (_, i) => String(i)));
    for (const x of tasks) assert.deepEqual([x.state, x.exit], ['COMPLETED', '0:0'], `task ${x.task}\n${logs.join('\n')}`);

    const parts = Array.from({ length: TASKS }, (_, i) => path.join(out, `part-${i}.jsonl`));
    const merged = runCli(['merge', ...parts, '--out', path.join(tmp, 'merged.json'), '--fail-on', 'never']);
    assert.equal(merged.status, 0, merged.stderr);
    const single = runCli([data, '--out', path.join(tmp, 'single.json'), '--fail-on', 'never', '--jobs', '1', '--no-progress']);
    assert.equal(single.status, 0, single.stderr);
    const m = JSON.parse(readFileSync(path.join(tmp, 'merged.json'), 'utf8')) as AuditReport;
    const s = JSON.parse(readFileSync(path.join(tmp, 'single.json'), 'utf8')) as AuditReport;
    assert.deepEqual(m.merged, { parts: TASKS });
    const differing = [...new Set([...Object.keys(m), ...Object.keys(s)])].filter(
      (k) => k !== 'merged' && JSON.stringify(m[k as keyof AuditReport]) !== JSON.stringify(s[k as keyof AuditReport]),
    );
    const filesDiffering = s.files.filter((f, i) => JSON.stringify(f) !== JSON.stringify(m.files[i])).map((f) => f.path);
    const findings = s.files.reduce((n, f) => n + f.findings.length, 0);
    console.log(
      `comparison: merged report of ${TASKS} parts vs single-machine report of ${data}: ${s.files.length} files, ` +
        `${findings} findings; fields differing (besides run metadata "merged"): ${differing.length ? differing.join(', ') : 'none'}; ` +
        `files differing: ${filesDiffering.length ? filesDiffering.join(', ') : 'none'}`,
    );
    assert.equal(s.files.length, files.length);
    assert.deepEqual(differing, []);
    assert.deepEqual(filesDiffering, []);
    const { merged: _runMetadata, ...rest } = m;
    assert.deepEqual(rest, s);
  } finally {
    const stop = run('bash', [STOP, base], process.env);
    t.diagnostic(`stop.sh: ${(stop.stdout + stop.stderr).trim()}`);
    rmSync(tmp, { recursive: true, force: true });
  }
});
