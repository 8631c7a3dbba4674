// audio-audit merge PART... : the report of a sharded audit, equal to the report one machine would have written.
// Headers are checked first (a part missing, given twice, or made with other settings is refused before any body is
// read), then the bodies are streamed and checked, then the dataset rules and summary are computed over all files.
import { existsSync } from 'node:fs';
import type { PartHeader } from '../core/shard/part';
import { MergeError, headerProblems, mergeParts, type PartContents } from '../core/shard/merge';
import { readPartBody, readPartHeader } from '../core/shard/readPart';
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

  const headers: { name: string; header: PartHeader }[] = [];
  const unreadable: string[] = [];
  for (const name of args.paths) {
    const header = await readPartHeader(name);
    if (typeof header === 'string') unreadable.push(header);
    else headers.push({ name, header });
  }
  if (unreadable.length > 0) return refuse(unreadable);
  const mismatch = headerProblems(headers);
  if (mismatch.length > 0) return refuse(mismatch);

  const parts: PartContents[] = [];
  for (const { name, header } of headers) parts.push(await readPartBody(name, header));
  let report;
  try {
    report = mergeParts(parts);
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
