// audio-audit merge PART... : the report of a sharded audit, equal to the report one machine would have written.
// Headers are checked first (a part missing, given twice, or made with other settings is refused before any body is
// read), then the bodies are streamed and checked and the dataset rules decided, then the files are streamed again
// into the report. --out, --stats-out and the summary stream (a million files in bounded memory); --csv, --html and
// --json hold the whole report.
import { createWriteStream, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MergeError } from '../core/shard/merge';
import { openPartFiles } from '../core/shard/readPart';
import { collectReport, type MergedReport } from '../core/shard/streamMerge';
import { streamedReportJsonChunks } from '../core/report/jsonChunks';
import type { CliArgs } from './args';
import { failsAt } from './severity';
import { FindingsDigest, formatSummary } from './summary';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, writeChunks, writeOutputs, writeStatsOut, type CliIo } from './main';

export async function runMerge(args: CliArgs, io: CliIo): Promise<number> {
  const refuse = (problems: readonly string[]): number => {
    io.stderr.write(`audio-audit: cannot merge ${args.paths.length} part${args.paths.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return EXIT_USAGE;
  };
  const missing = args.paths.filter((p) => !existsSync(p));
  if (missing.length > 0) return refuse(missing.map((p) => `${p}: no such part file`));

  let merge: MergedReport;
  const digest = new FindingsDigest();
  try {
    merge = await openPartFiles(args.paths);
    if (args.csv || args.html || args.json) {
      const report = await collectReport(merge);
      await writeOutputs(args, report, io, report.files.length);
      return failsAt(report.files, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
    }
    merge.onFindings = (f) => digest.add(f);
    if (args.out) {
      await fs.mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await writeChunks(createWriteStream(args.out), streamedReportJsonChunks(merge.head, merge.entries(), merge.tail), true);
    } else {
      for await (const _ of merge.entries()); // the findings, for the summary and the exit status
    }
    if (args.statsOut) await writeStatsOut(args.statsOut, { ...merge.head, ...merge.tail });
  } catch (e) {
    if (e instanceof MergeError) return refuse(e.problems);
    io.stderr.write(`audio-audit: cannot write output: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.stdout.write(formatSummary({ ...merge.head, ...merge.tail, findings: digest }, merge.tail.dataset.fileCount));
  // The worst file holds the worst severity of all (most errors first, then warnings), so it decides --fail-on.
  return failsAt(digest.worst.slice(0, 1), args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}
