// audio-audit merge PART... : the report of a sharded audit, equal to the report one machine would have written.
// Headers are checked first (a part missing, given twice, or made with other settings is refused before any body is
// read), then the bodies are streamed and checked and the dataset rules decided, then the files are streamed again
// into the report. --out, --csv, --json, --stats-out and the summary stream (a million files in bounded memory);
// --html holds the whole report (the standalone page embeds every row).
import { createWriteStream, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MergeError } from '../core/shard/merge';
import { openPartFiles } from '../core/shard/readPart';
import { collectReport, type MergedReport } from '../core/shard/streamMerge';
import { fileEntry, streamedReportJsonBytes, streamedReportJsonChunks } from '../core/report/jsonChunks';
import { csvFileRow, csvHeader, csvManifestRows } from './csv';
import type { CliArgs } from './args';
import { failsAt } from './severity';
import { FindingsDigest, formatSummary } from './summary';
import { BatchedWriter, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, writeOutputs, writeStatsOut, type CliIo } from './main';

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
    if (args.html) {
      const report = await collectReport(merge);
      await writeOutputs(args, report, io, report.files.length);
      return failsAt(report.files, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
    }
    merge.onFindings = (f) => digest.add(f);
    const json: BatchedWriter[] = [];
    if (args.out) {
      await fs.mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      json.push(new BatchedWriter(createWriteStream(args.out), true));
    }
    if (args.json) json.push(new BatchedWriter(io.stdout, false));
    const csv = args.csv ? await csvWriter(args.csv, io) : null;
    // With --csv the files come as objects (a row each, and the same entry text entryBytes() gives); else the
    // entries are re-indented as bytes (no strings to build, join and encode again).
    const chunks = csv ? streamedReportJsonChunks(merge.head, entriesWritingCsv(merge, csv), merge.tail) : streamedReportJsonBytes(merge.head, merge.entryBytes(), merge.tail);
    if (json.length > 0) {
      for await (const chunk of chunks) {
        for (const w of json) if (w.add(chunk)) await w.flush();
      }
      for (const w of json) await w.finish();
    } else {
      for await (const _ of chunks); // the findings, for the summary and the exit status (and the CSV rows)
    }
    if (csv) {
      for (const row of csvManifestRows(merge.tail.manifests)) if (csv.add(row)) await csv.flush();
      await csv.finish();
    }
    if (args.statsOut) await writeStatsOut(args.statsOut, { ...merge.head, ...merge.tail });
  } catch (e) {
    if (e instanceof MergeError) return refuse(e.problems);
    io.stderr.write(`audio-audit: cannot write output: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (!args.json && args.csv !== '-') io.stdout.write(formatSummary({ ...merge.head, ...merge.tail, findings: digest }, merge.tail.dataset.fileCount));
  // The worst file holds the worst severity of all (most errors first, then warnings), so it decides --fail-on.
  return failsAt(digest.worst.slice(0, 1), args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** --csv FILE (or "-", stdout): a writer holding the header, ready for rows. */
async function csvWriter(target: string, io: CliIo): Promise<BatchedWriter> {
  let w = new BatchedWriter(io.stdout, false);
  if (target !== '-') {
    await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true });
    w = new BatchedWriter(createWriteStream(target), true);
  }
  w.add(csvHeader());
  return w;
}

/** The merged files as report entry text, queueing each one's CSV row on the way. */
async function* entriesWritingCsv(merge: MergedReport, csv: BatchedWriter): AsyncGenerator<string> {
  for await (const f of merge.files()) {
    if (csv.add(csvFileRow(f))) await csv.flush();
    yield fileEntry(f);
  }
}
