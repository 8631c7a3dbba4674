// --shard auto: this task's shard from the scheduler's environment, checked so a misconfigured array fails loudly
// instead of auditing the wrong share. Slurm job arrays (sbatch --array=0-3) and Kubernetes Indexed Jobs.
import { checkShard, type ShardSpec } from '../core/shard/assign';
import { UsageError } from './args';

export interface ResolvedShard {
  readonly spec: ShardSpec;
  /** Where I and N came from, for the log line: "SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=4". */
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function shardFromEnvironment(env: Env, shards: number | null): ResolvedShard {
  const slurmId = env.SLURM_ARRAY_TASK_ID;
  const k8sIndex = env.JOB_COMPLETION_INDEX;
  if (slurmId !== undefined && k8sIndex !== undefined) {
    throw new UsageError(`--shard auto: both SLURM_ARRAY_TASK_ID (Slurm) and JOB_COMPLETION_INDEX (Kubernetes) are set; give --shard I/N`);
  }
  if (slurmId !== undefined) return fromSlurm(env, shards);
  if (k8sIndex !== undefined) {
    const index = integer('JOB_COMPLETION_INDEX', k8sIndex);
    if (shards === null) {
      throw new UsageError(`--shard auto: JOB_COMPLETION_INDEX=${k8sIndex} (a Kubernetes Indexed Job) gives the index but not the count; add --shards N (the Job's completions)`);
    }
    return { spec: checked(index, shards, `JOB_COMPLETION_INDEX=${index} with --shards ${shards}`), source: `JOB_COMPLETION_INDEX=${index}, --shards ${shards}` };
  }
  throw new UsageError(
    '--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm job array: sbatch --array=0-3 ...) or ' +
      'JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job); none is set. Outside those, give --shard I/N',
  );
}

/** Task ids must be one contiguous range (0-3, or 1-4: shard = id - min), so N tasks cover shards 0..N-1 once. */
function fromSlurm(env: Env, shards: number | null): ResolvedShard {
  const id = integer('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID!);
  const countText = env.SLURM_ARRAY_TASK_COUNT;
  const count = countText === undefined ? null : integer('SLURM_ARRAY_TASK_COUNT', countText);
  if (count === null && shards === null) {
    throw new UsageError('--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT (Slurm before 18.08?); add --shards N');
  }
  if (count !== null && shards !== null && count !== shards) {
    throw new UsageError(`--shard auto: --shards ${shards} disagrees with SLURM_ARRAY_TASK_COUNT=${count}`);
  }
  const n = count ?? shards!;
  const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : integer('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN);
  const max = env.SLURM_ARRAY_TASK_MAX === undefined ? min + n - 1 : integer('SLURM_ARRAY_TASK_MAX', env.SLURM_ARRAY_TASK_MAX);
  const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : integer('SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP);
  if (max - min + 1 !== n || (step !== 1 && n > 1)) {
    throw new UsageError(
      `--shard auto: the job array is not one contiguous range of ${n} tasks (ids ${min} to ${max}, step ${step}); ` +
        `submit it as --array=0-${n - 1} so every shard runs exactly once`,
    );
  }
  const source = `SLURM_ARRAY_TASK_ID=${id}, ${count !== null ? `SLURM_ARRAY_TASK_COUNT=${count}` : `--shards ${n}`}${min !== 0 ? `, SLURM_ARRAY_TASK_MIN=${min}` : ''}`;
  return { spec: checked(id - min, n, source), source };
}

function checked(index: number, count: number, source: string): ShardSpec {
  const spec = checkShard(index, count);
  if (typeof spec === 'string') throw new UsageError(`--shard auto (${source}): ${spec}`);
  return spec;
}

function integer(name: string, text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--shard auto: ${name}="${text}" is not a whole number`);
  return Number(text);
}
