// The built CLI end to end: `--shard I/N` parts merged by `audio-audit merge` give the single run's JSON, CSV and
// statistics; a re-run shard reuses its cache and writes the same part; SIGTERM leaves a prefix that merge refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport } from '../../../src/core/types';
import { shardOf } from '../../../src/core/shard/assign';
import { generateDemoDataset, writeDcOffsetCopies } from '../../fixtures/dataset';
import { CLI, runCli } from '../../fixtures/cli';

let tmp: string;
let data: string;
let fileCount: number;
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-shard-cli-'));
  data = path.join(tmp, 'demo');
  fileCount = generateDemoDataset(data).length;
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment without any scheduler variable of the machine running the tests. */
const plainEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_') && k !== 'JOB_COMPLETION_INDEX'));

const withoutCreated = (part: string): string => part.replace(/"created":"[^"]*"/, '"created":""');

test('three shards merged: the same JSON report (but `merged`), CSV, statistics and exit status as one run', () => {
  const out = path.join(tmp, 'three');
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) {
    parts.push(path.join(out, `part-${i}.jsonl`));
    const r = runCli([data, '--shard', `${i}/3`, '--out', parts[i], '--jobs', '1', '--no-progress'], { env: plainEnv() });
    assert.equal(r.status, 0, r.stderr); // a shard succeeds once its part is complete, whatever the findings
    assert.match(r.stdout, new RegExp(`shard ${i}/3 \\(--shard\\) of ${data}: \\d+ of ${fileCount} files audited, part written to ${parts[i]}`));
  }
  const outputs = (dir: string) => ['--out', path.join(dir, 'report.json'), '--csv', path.join(dir, 'report.csv'), '--stats-out', path.join(dir, 'stats.json')];
  const merged = runCli(['merge', ...parts, ...outputs(path.join(out, 'merged'))]);
  const single = runCli([data, '--jobs', '1', '--no-progress', ...outputs(path.join(out, 'single'))]);
  assert.equal(merged.status, 1, merged.stderr); // the demo has error findings: --fail-on error (default)
  assert.equal(single.status, 1, single.stderr);
  assert.equal(merged.stdout, single.stdout, 'the same summary');
  const read = (dir: string, name: string) => readFileSync(path.join(out, dir, name), 'utf8');
  const m = JSON.parse(read('merged', 'report.json')) as AuditReport;
  const s = JSON.parse(read('single', 'report.json')) as AuditReport;
  assert.deepEqual(m.merged, { parts: 3 });
  const { merged: _runMetadata, ...mergedReport } = m;
  assert.deepEqual(mergedReport, s);
  assert.equal(read('merged', 'report.csv'), read('single', 'report.csv'));
  assert.equal(read('merged', 'stats.json'), read('single', 'stats.json'));
  assert.equal(runCli(['merge', ...parts, '--fail-on', 'never']).status, 0);
  // Without --csv the merge streams the report (the files re-indented from the part lines): byte for byte the single
  // run's text, key order included, with "merged" after the last field.
  const streamed = runCli(['merge', ...parts, '--out', path.join(out, 'streamed', 'report.json'), '--stats-out', path.join(out, 'streamed', 'stats.json')]);
  assert.equal(streamed.status, 1, streamed.stderr);
  assert.equal(streamed.stdout, single.stdout, 'the same summary, from the streamed merge');
  const singleText = read('single', 'report.json');
  assert.equal(read('streamed', 'report.json'), `${singleText.slice(0, -3)},\n  "merged": {\n    "parts": 3\n  }\n}\n`);
  assert.equal(read('streamed', 'stats.json'), read('single', 'stats.json'));
  // --json and --csv stream as well: stdout is the streamed report, and `--csv -` the single run's CSV.
  const jsonOut = runCli(['merge', ...parts, '--json', '--fail-on', 'never']);
  assert.equal(jsonOut.status, 0, jsonOut.stderr);
  assert.equal(jsonOut.stdout, read('streamed', 'report.json'));
  const csvOut = runCli(['merge', ...parts, '--csv', '-']);
  assert.equal(csvOut.status, 1, csvOut.stderr);
  assert.equal(csvOut.stdout, read('single', 'report.csv'));

  const refused = runCli(['merge', parts[0], parts[2], '--out', path.join(out, 'never.json')]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, new RegExp(`cannot merge 2 parts:\\n  - missing shard 1/3 of 3; given: 0 \\(${parts[0]}\\), 2 \\(${parts[2]}\\)`));
  assert.equal(existsSync(path.join(out, 'never.json')), false);
  const absent = runCli(['merge', ...parts, path.join(out, 'part-3.jsonl')]);
  assert.equal(absent.status, 2);
  assert.match(absent.stderr, /part-3\.jsonl: no such part file/);
});

test('--shard auto from Slurm variables; a clear error without them', () => {
  const part = path.join(tmp, 'auto', 'part-1.jsonl');
  const env = { ...plainEnv(), SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1' };
  const r = runCli([data, '--shard', 'auto', '--out', part, '--jobs', '1'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /shard 1\/2 \(SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=2\)/);
  const header = JSON.parse(readFileSync(part, 'utf8').split('\n')[0]);
  assert.deepEqual(header.shard, { index: 1, count: 2 });
  const lines = readFileSync(part, 'utf8').trimEnd().split('\n');
  const paths = lines.slice(1, -1).map((l) => JSON.parse(l).report.path as string);
  assert.ok(paths.length > 0 && paths.every((p) => shardOf(p, 2) === 1));
  assert.deepEqual(paths, [...paths].sort(), 'file records in path order');
  assert.deepEqual(JSON.parse(lines[lines.length - 1]), { type: 'end', files: paths.length });

  const none = runCli([data, '--shard', 'auto', '--out', part], { env: plainEnv() });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT/);
});

test('a re-run shard reads no audio its cache holds and writes the same part (but the start time)', () => {
  const dir = path.join(tmp, 'rerun');
  const cache = path.join(dir, 'cache-1.json');
  // A file of shard 1 of 2 is later swapped for different audio of the same size and mtime: only a cache hit
  // reports the old values for it.
  const candidates = ['rules/dc-offset-plus-0.05.wav', 'rules/minmax-zero-shift-skewed-peaks.wav', 'rules/clipping-overdriven-4x.wav', 'rules/near-silent-peak-minus-60dbfs.wav'];
  const swapped = candidates.find((p) => shardOf(p, 2) === 1)!;
  assert.ok(swapped, 'a rules file in shard 1');
  const abs = path.join(data, ...swapped.split('/'));
  const clean = path.join(data, 'clean', 'pcm16-22k-mono-speech-01.wav');
  assert.equal(statSync(abs).size, statSync(clean).size);
  const original = readFileSync(abs);
  utimesSync(abs, 1_700_000_000, 1_700_000_000);
  try {
    const args = [data, '--shard', '1/2', '--out', path.join(dir, 'part-1.jsonl'), '--cache', cache, '--jobs', '1'];
    assert.equal(runCli(args, { env: plainEnv() }).status, 0);
    const first = readFileSync(path.join(dir, 'part-1.jsonl'), 'utf8');
    writeFileSync(abs, readFileSync(clean));
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    assert.equal(runCli(args, { env: plainEnv() }).status, 0);
    const second = readFileSync(path.join(dir, 'part-1.jsonl'), 'utf8');
    assert.notEqual(second, first, 'the start time differs');
    assert.equal(withoutCreated(second), withoutCreated(first));
    // Without the cache the swapped file is read again and its record changes: the equality above came from the cache.
    const fresh = runCli([...args.slice(0, 4), path.join(dir, 'fresh.jsonl'), '--jobs', '1'], { env: plainEnv() });
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.notEqual(withoutCreated(readFileSync(path.join(dir, 'fresh.jsonl'), 'utf8')), withoutCreated(first));
  } finally {
    writeFileSync(abs, original);
  }
});

test('SIGTERM (a Slurm time limit or requeue): the part keeps a prefix without end record, merge refuses it, the re-run finishes it from the cache', async () => {
  const slow = path.join(tmp, 'slow');
  writeDcOffsetCopies(slow, 400);
  const part = path.join(tmp, 'slow-part-0.jsonl');
  const cache = path.join(tmp, 'slow-cache.json');
  const args = [CLI, slow, '--shard', '0/1', '--out', part, '--cache', cache, '--jobs', '1', '--no-progress'];
  const child = spawn(process.execPath, args, { env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = once(child, 'exit');
  // Stop it once a few files are in the part, long before the 400th.
  for (let i = 0; i < 2000; i++) {
    if (existsSync(part) && readFileSync(part, 'utf8').split('\n').length > 4) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 143, stderr);
  const lines = readFileSync(part, 'utf8').trimEnd().split('\n');
  const kept = lines.length - 1;
  assert.ok(kept >= 3 && kept < 400, `kept ${kept} file records`);
  for (const l of lines) JSON.parse(l); // every line written is whole
  assert.equal(JSON.parse(lines[lines.length - 1]).type, 'file');
  assert.match(stderr, new RegExp(`terminated: stopping shard 0/1[\\s\\S]*the part ${part} holds ${kept} of 400 files and no end record; run the shard again`));
  const cached = Object.keys(JSON.parse(readFileSync(cache, 'utf8')).entries).length;
  assert.ok(cached >= kept, `the cache saved on SIGTERM holds ${cached} results, the part ${kept}`);

  const refused = runCli(['merge', part]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, new RegExp(`${part} is truncated: no end record after its ${kept} file records`));

  const rerun = runCli(args.slice(1), { env: plainEnv() });
  assert.equal(rerun.status, 0, rerun.stderr);
  const done = readFileSync(part, 'utf8').trimEnd().split('\n');
  assert.equal(done.length, 402);
  assert.equal(done.slice(1, kept + 1).join('\n'), lines.slice(1).join('\n'), 'the re-run starts with the same records');
  assert.equal(runCli(['merge', part, '--fail-on', 'never']).status, 0);
});
