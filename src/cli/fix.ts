// audio-audit fix PATH --out DIR: corrected copies (src/core/fix) of a folder's audio or of one file, with a progress
// line on stderr, the refusals as exit 2, and a file that could not be fixed as exit 1.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { discoverAudio, discoveryOptions } from '../core/discovery';
import { DEFAULT_PEAK_DBFS, FixRefused, fixFiles } from '../core/fix/fixFiles';
import { UsageError, type CliArgs } from './args';
import { settingsFromArgs } from './config';
import type { CliIo } from './main';

const EXIT_OK = 0;
const EXIT_FAILED_FILES = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;
const MIN_INTERVAL_MS = 100;

export async function runFix(args: CliArgs, io: CliIo): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`audio-audit: ${msg}\n`);
  const input = args.paths[0];
  let root: string;
  let files: string[];
  let ffmpegPath: string;
  try {
    const settings = settingsFromArgs(args);
    ffmpegPath = settings.ffmpegPath;
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      throw new UsageError(`path not found: ${input}`);
    }
    if (isDir) {
      root = path.resolve(input);
      const targets = await discoverAudio(root, { ...discoveryOptions(settings), onWarning: (m) => err(`warning: ${m}`) });
      files = targets.map((t) => t.relPath);
    } else {
      // A single file: the folder holding it is the audited folder (--out may not lie inside it).
      root = path.dirname(path.resolve(input));
      files = [path.basename(input)];
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\nTry 'audio-audit --help'.`);
    return EXIT_USAGE;
  }
  if (files.length === 0) {
    err(`no audio found (*.wav, *.flac, *.mp3, *.ogg, *.opus, *.aiff …) under ${input}`);
    return EXIT_USAGE;
  }

  const controller = new AbortController();
  const onSigint = (): void => {
    err('interrupted: stopping fix (the file being written is removed)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const draw = args.progress && io.stderrIsTty;
  let last = 0;
  const progress = (done: number, total: number, file: string): void => {
    const now = Date.now();
    if (!draw || (now - last < MIN_INTERVAL_MS && done < total)) return;
    last = now;
    io.stderr.write(`\rfix: ${done}/${total} steps  ${file}\x1b[K`);
  };
  try {
    const result = await fixFiles({
      root, files, outDir: args.out!, dc: args.dc ?? undefined, mono: args.mono, force: args.force, ffmpegPath,
      gain: args.gain ? { mode: 'dataset', peakDbfs: args.peakDbfs ?? DEFAULT_PEAK_DBFS } : undefined,
    }, progress, controller.signal);
    if (draw) io.stderr.write('\r\x1b[K');
    const failed = result.files.filter((f) => f.error);
    for (const f of failed) err(`${f.file}: ${f.error}`);
    for (const f of result.files) for (const c of f.changes) if (c.startsWith('warning:')) err(`${f.file}: ${c}`);
    const written = result.files.length - failed.length;
    io.stdout.write(`Wrote ${written} corrected ${written === 1 ? 'copy' : 'copies'} to ${args.out}` +
      `${failed.length ? ` (${failed.length} could not be fixed)` : ''}; what changed per file: ${result.logPath}\n`);
    return failed.length ? EXIT_FAILED_FILES : EXIT_OK;
  } catch (e) {
    if (draw) io.stderr.write('\r\x1b[K');
    if (e instanceof FixRefused) {
      err(`fix refused, nothing was written:\n${e.message.split('\n').map((l) => `  - ${l}\n`).join('')}`.trimEnd());
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
