// audio-audit merge PART... : the report of a sharded audit, equal to the report one machine would have written.
// Headers are checked first (a part missing, given twice, or made with other settings is refused before any body is
// read), then the bodies are streamed and checked, then the dataset rules and summary are computed over all files.
import { existsSync } from 'node:fs';
import { MergeError } from '../core/shard/merge';
import { mergePartFiles } from '../core/shard/readPart';
import type { CliArgs } from './args';
import { failsAt } from './severity';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, writeOutputs, type CliIo } from './main';

export async function runMerge(args: CliArgs, io: CliIo): Promise<number> {
  const refuse = (problems: readonly string[]): number => {
    io.stderr.write(`audio-audit: cannot merge ${args.paths.length} part${args.paths.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return EXIT_USAGE;
  };
  const missing = args.paths.filter((p) => !existsSync(p));
  if (missing.length > 0) return refuse(missing.map((p) => `${p}: no such part file`));

  let report;
  try {
    report = await mergePartFiles(args.paths);
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    return refuse(e.problems);
  }
  try {
    await writeOutputs(args, report, io, report.files.length);
  } catch (e) {
    io.stderr.write(`audio-audit: cannot write output: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  return failsAt(report.files, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}
