// audio-audit PATH --shard I/N --out part-I.jsonl: audits this shard's share of the files and writes them as a part,
// line by line in path order, ending with the end record only when every file of the share is in it.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import * as path from 'node:path';
import type { AuditSettings } from '../core/types';
import { discoverMany, discoveryOptions } from '../core/discovery';
import { findManifests } from '../core/manifest/find';
import { AuditCache } from '../core/cache';
import { shardOf } from '../core/shard/assign';
import { datasetIdentity, endLine, fileLine, headerLine, makePartHeader } from '../core/shard/part';
import { PathOrder } from '../core/shard/pathOrder';
import { auditTargets } from '../workers/runAudit';
import { defaultWorkerPath } from '../workers/pool';
import { mainThreadLane } from '../workers/localLane';
import { UsageError, type CliArgs } from './args';
import { shardFromEnvironment, type ResolvedShard } from './shardEnv';
import { ProgressBar } from './progress';
import { version } from '../../package.json';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, type CliIo } from './main';

/** 128 + SIGTERM: Slurm sends SIGTERM at the time limit, on scancel and before a requeue. */
export const EXIT_TERMINATED = 143;

export async function runShard(args: CliArgs, settings: AuditSettings, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`audio-audit: ${msg}\n`);
  let shard: ResolvedShard;
  try {
    shard = args.shard === 'auto' ? shardFromEnvironment(env, args.shards) : { spec: args.shard!, source: '--shard' };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\nTry 'audio-audit --help'.`);
    return EXIT_USAGE;
  }
  const { index, count } = shard.spec;
  const out = args.out!;

  // Every shard lists the whole tree: the share is a function of the relative paths, and the list's digest lets the
  // merge check that all shards saw the same dataset.
  const otherFiles: string[] = [];
  const { root, targets } = await discoverMany(args.paths, {
    ...discoveryOptions(settings), onWarning: (m) => err(`warning: ${m}`), onOtherFile: (f) => otherFiles.push(f),
  });
  if (targets.length === 0) {
    err(`no audio found (*.wav, *.flac, *.mp3, *.ogg, *.opus, *.aiff …) under ${args.paths.join(', ')}`);
    return EXIT_USAGE;
  }
  const mine = targets.filter((t) => shardOf(t.relPath, count) === index);
  const header = makePartHeader({
    toolVersion: version,
    shard: shard.spec,
    root,
    dataset: datasetIdentity(targets.map((t) => t.relPath)),
    settings,
    created: new Date(),
    manifests: await findManifests(root, otherFiles, settings, (m) => err(`warning: ${m}`)),
  });

  const controller = new AbortController();
  let part: WriteStream;
  try {
    await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
    const stream = createWriteStream(out);
    await once(stream, 'open');
    part = stream;
  } catch (e) {
    err(`cannot write the part ${out}: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  let writeError: Error | null = null;
  part.on('error', (e: Error) => {
    writeError ??= e;
    controller.abort();
  });
  part.write(headerLine(header));
  const order = new PathOrder(mine.map((t) => t.relPath));

  const cache = args.cache ? await AuditCache.load(args.cache, (m) => err(`warning: ${m}`)) : undefined;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled === 'SIGINT' && sig === 'SIGINT') process.exit(EXIT_INTERRUPTED);
    signalled ??= sig;
    err(`${sig === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping shard ${index}/${count}${cache ? ' (finished files are saved to the cache)' : ''}`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = args.progress && io.stderrIsTty ? new ProgressBar(io.stderr) : null;
  let done = 0;
  try {
    const { files } = await auditTargets(mine, {
      settings,
      jobs: args.jobs ?? undefined,
      signal: controller.signal,
      cache,
      workerPath: io.workerPath ?? defaultWorkerPath(),
      localLane: mainThreadLane().lane,
      onProgress: bar ? (p) => bar.update(p) : undefined,
      onWarning: (m) => err(`warning: ${m}`),
      onFile: (r) => {
        for (const line of order.add(r.path, fileLine(r))) part.write(line);
      },
    });
    done = files.length;
  } finally {
    bar?.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const complete = done === mine.length && order.released === mine.length && writeError === null;
  if (complete) part.write(endLine(mine.length));
  part.end();
  await finished(part).catch((e: Error) => void (writeError ??= e));
  if (writeError !== null) {
    err(`cannot write the part ${out}: ${(writeError as Error).message}`);
    return EXIT_USAGE;
  }
  const what = `shard ${index}/${count} (${shard.source}) of ${root}`;
  if (!complete) {
    err(`${what}: the part ${out} holds ${order.released} of ${mine.length} files and no end record; run the shard again to finish it${args.cache ? ' (files already audited come from the cache)' : ''}`);
    return signalled === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
  io.stdout.write(`audio-audit: ${what}: ${mine.length} of ${targets.length} files audited, part written to ${out}\n`);
  return EXIT_OK;
}
