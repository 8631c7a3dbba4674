// --shard auto: Slurm job arrays and Kubernetes Indexed Jobs, and the clear errors when the variables are wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shardFromEnvironment } from '../../../src/cli/shardEnv';
import { parseArgs, UsageError } from '../../../src/cli/args';

// What Slurm 22.05 sets for task 2 of `sbatch --array=0-3`.
const slurm = { SLURM_ARRAY_JOB_ID: '41', SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_STEP: '1' };

const fails = (env: Record<string, string>, shards: number | null, re: RegExp): void => {
  assert.throws(() => shardFromEnvironment(env, shards), (e: unknown) => e instanceof UsageError && re.test(e.message), JSON.stringify(env));
};

test('Slurm: the task id of a 0-based array is the shard, the task count is N', () => {
  const r = shardFromEnvironment(slurm, null);
  assert.deepEqual(r.spec, { index: 2, count: 4 });
  assert.equal(r.source, 'SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=4');
  assert.deepEqual(shardFromEnvironment(slurm, 4).spec, { index: 2, count: 4 });
  // --array=1-4: task 4 is the last of 4 shards, 3 (ids minus the array's first id).
  const oneBased = { ...slurm, SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' };
  assert.deepEqual(shardFromEnvironment(oneBased, null).spec, { index: 3, count: 4 });
  // Older Slurm without SLURM_ARRAY_TASK_COUNT: --shards gives N.
  assert.deepEqual(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '1' }, 3).spec, { index: 1, count: 3 });
});

test('Slurm: arrays that would not run each shard exactly once are refused', () => {
  fails({ ...slurm, SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2' }, null, /not one contiguous range of 4 tasks \(ids 0 to 6, step 2\); submit it as --array=0-3/);
  fails({ ...slurm, SLURM_ARRAY_TASK_MAX: '5' }, null, /not one contiguous range/); // --array=0,1,2,5
  fails(slurm, 3, /--shards 3 disagrees with SLURM_ARRAY_TASK_COUNT=4/);
  fails({ SLURM_ARRAY_TASK_ID: '1' }, null, /SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT.*add --shards N/);
  fails({ ...slurm, SLURM_ARRAY_TASK_ID: 'x' }, null, /SLURM_ARRAY_TASK_ID="x" is not a whole number/);
  fails({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '4' }, null, /index must be 0 to 3/);
});

test('Kubernetes: JOB_COMPLETION_INDEX with --shards N', () => {
  const r = shardFromEnvironment({ JOB_COMPLETION_INDEX: '7' }, 8);
  assert.deepEqual(r.spec, { index: 7, count: 8 });
  assert.equal(r.source, 'JOB_COMPLETION_INDEX=7, --shards 8');
  fails({ JOB_COMPLETION_INDEX: '7' }, null, /gives the index but not the count; add --shards N/);
  fails({ JOB_COMPLETION_INDEX: '8' }, 8, /JOB_COMPLETION_INDEX=8 with --shards 8\): 8\/8: the shard index must be 0 to 7/);
});

test('no scheduler variables, or both kinds: a usage error naming them', () => {
  fails({}, null, /--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT .* or JOB_COMPLETION_INDEX with --shards N .*none is set/);
  fails({ ...slurm, JOB_COMPLETION_INDEX: '0' }, 4, /both SLURM_ARRAY_TASK_ID \(Slurm\) and JOB_COMPLETION_INDEX \(Kubernetes\)/);
});

test('command line: --shard needs --out, refuses the whole-report outputs; merge takes only output options', () => {
  const a = parseArgs(['data', '--shard', '1/4', '--out', 'p.jsonl', '--cache', 'c.json']);
  assert.deepEqual(a.shard, { index: 1, count: 4 });
  assert.equal(parseArgs(['data', '--shard=auto', '--shards', '8', '--out', 'p']).shard, 'auto');
  const m = parseArgs(['merge', 'a.jsonl', 'b.jsonl', '--out', 'r.json', '--fail-on', 'warning', '--csv', 'r.csv']);
  assert.equal(m.command, 'merge');
  assert.deepEqual(m.paths, ['a.jsonl', 'b.jsonl']);
  assert.equal(parseArgs(['./merge']).command, 'audit');
  const cases: [string[], RegExp][] = [
    [['data', '--shard', '1/4'], /--shard writes a part file: give --out PART.jsonl/],
    [['data', '--shard', '4/4', '--out', 'p'], /--shard 4\/4: the shard index must be 0 to 3/],
    [['data', '--shard', 'two', '--out', 'p'], /--shard "two" is not I\/N/],
    [['data', '--shard', '1/4', '--out', 'p', '--fail-on', 'warning'], /--fail-on applies to the merged report \(audio-audit merge PART\.\.\. --fail-on/],
    [['data', '--shard', '1/4', '--out', 'p', '--json'], /--json applies to the merged report/],
    [['data', '--shard', '1/4', '--out', 'p', '--html', 'r.html'], /--html applies to the merged report/],
    [['data', '--shard', '1/4', '--shards', '3', '--out', 'p'], /--shards 3 disagrees with --shard 1\/4/],
    [['data', '--shards', '3', '--out', 'p'], /--shards N goes with --shard auto/],
    [['merge'], /no part given: audio-audit merge PART\.\.\. --out report\.json/],
    [['merge', 'a.jsonl', '--mel', 'none'], /--mel does not apply to merge: the parts carry the settings/],
    [['merge', 'a.jsonl', '--shard', '0/2'], /--shard does not apply to merge/],
  ];
  for (const [argv, re] of cases) assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && re.test(e.message), argv.join(' '));
});
