// `fix`: corrected copies of audio files in another folder, mirroring the tree; the inputs are never modified.
// Passes: probe every file (output format and path) and refuse before writing anything; the channel means
// (--dc mean); the corpus peak after DC removal and downmix (--gain dataset); then one write per file. fix-log.csv in
// the output folder records what changed.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { openAudio } from '../decode/probe';
import { AudioError } from '../decode/source';
import { DEFAULT_THRESHOLDS } from '../settings';
import { amplitudeToDb } from '../stats/decibels';
import { outputFormatOf, type OutputFormat } from './outputFormat';
import { escapingPathRefusal, outDirRefusal, outputRefusals } from './refusal';
import { channelMeans, transformedPeak } from './passes';
import { writeFixed } from './writeFixed';
import { changesOf, fixLogCsv, type FixRecord } from './fixLog';
import { writeFileAtomic } from './atomicFile';
import type { ChainOptions } from './fixChain';

export interface FixOptions {
  root: string;
  files: readonly string[] /* '/'-separated, relative to root */;
  outDir: string;
  dc?: 'mean' | 'highpass';
  gain?: { mode: 'dataset'; peakDbfs: number };
  mono?: boolean;
  ffmpegPath?: string;
  force?: boolean;
}
/**
 * One input: `file` as given, `out` the copy ('/'-separated, relative to outDir; absent when none was written),
 * `changes` short phrases (those starting "warning:" deserve the user's eye), `error` why it was not written.
 */
export interface FixedFile { file: string; out?: string; changes: string[]; error?: string }
/** Every input in the order given, and the absolute path of fix-log.csv. */
export interface FixResult { files: FixedFile[]; logPath: string }
/** fix will not run: the reasons are the message, one per line. Nothing was written. */
export class FixRefused extends Error {
  override readonly name = 'FixRefused';
}

export const FIX_LOG = 'fix-log.csv';
/** --peak-dbfs default: 1 dB of headroom below full scale. */
export const DEFAULT_PEAK_DBFS = -1;

interface FilePlan {
  readonly rel: string;
  readonly abs: string;
  format?: OutputFormat;
  channels?: number;
  lossy?: boolean;
  outRel?: string;
  means?: number[];
  error?: string;
}

/**
 * Writes the corrected copies. Throws FixRefused (nothing written) for the refusals, the signal's AbortError on cancel
 * (the file in progress removed, finished copies kept and logged). progress counts steps: every file once per pass
 * (probe, means with dc 'mean', peak with gain, write), so total = files × passes.
 */
export async function fixFiles(opts: FixOptions, progress?: (done: number, total: number, file: string) => void,
  signal?: AbortSignal): Promise<FixResult> {
  const root = path.resolve(opts.root);
  const outDir = path.resolve(opts.outDir);
  const refusedDir = outDirRefusal(root, outDir);
  if (refusedDir) throw new FixRefused(refusedDir);
  // Outputs mirror the inputs' relative paths: one that climbs out of the root would land outside --out.
  const escaping = opts.files.map(escapingPathRefusal).filter((m): m is string => m !== null);
  if (escaping.length > 0) throw new FixRefused(escaping.join('\n'));
  const pass = { ffmpegPath: opts.ffmpegPath || null, signal };
  const plans: FilePlan[] = opts.files.map((rel) => ({ rel, abs: path.join(root, ...rel.split('/')) }));
  const passes = 2 + (opts.dc === 'mean' ? 1 : 0) + (opts.gain ? 1 : 0);
  const total = plans.length * passes;
  let done = 0;
  const step = (file: string): void => progress?.(++done, total, file);

  // Probe: the output format and path of every file, so every refusal comes before the first write.
  for (const p of plans) {
    signal?.throwIfAborted();
    try {
      const src = await openAudio(p.abs, { ffmpegPath: pass.ffmpegPath });
      await src.close();
      p.format = outputFormatOf(src.format);
      p.channels = src.format.channels;
      p.lossy = src.format.storage === 'lossy';
      p.outRel = p.format.extension ? p.rel.replace(/\.[^./]*$/, '') + p.format.extension : p.rel;
    } catch (e) {
      p.error = reasonOf(e);
    }
    step(p.rel);
  }
  const writable = plans.filter((p) => !p.error);
  const logPath = path.join(outDir, FIX_LOG);
  const problems = outputRefusals([
    ...writable.map((p) => ({ input: p.abs, output: path.join(outDir, ...p.outRel!.split('/')) })),
    { input: '(the fix log)', output: logPath },
  ], opts.force === true);
  if (problems.length > 0) throw new FixRefused(problems.join('\n'));

  const chainBase: ChainOptions = { highpass: opts.dc === 'highpass', mono: opts.mono === true };
  const safely = async (p: FilePlan, run: () => Promise<void>): Promise<void> => {
    if (!p.error) {
      try {
        await run();
      } catch (e) {
        if (signal?.aborted) throw e;
        p.error = reasonOf(e);
      }
    }
    step(p.rel);
  };
  if (opts.dc === 'mean') {
    for (const p of plans) await safely(p, async () => { p.means = await channelMeans(p.abs, pass); });
  }
  let gain = 1;
  let gainNote: string | null = null;
  if (opts.gain) {
    // One gain for the corpus: target / (global peak after DC removal and downmix), target = 10^(peakDbfs/20).
    let globalPeak = 0;
    for (const p of plans) {
      await safely(p, async () => {
        globalPeak = Math.max(globalPeak, await transformedPeak(p.abs, { ...chainBase, means: p.means }, pass));
      });
    }
    if (globalPeak > 0) gain = 10 ** (opts.gain.peakDbfs / 20) / globalPeak;
    else gainNote = 'the corpus is silent: no gain applied';
  }

  const records: FixRecord[] = [];
  try {
    for (const p of plans) {
      if (p.error) {
        records.push(failed(p));
        step(p.rel);
        continue;
      }
      const outPath = path.join(outDir, ...p.outRel!.split('/'));
      const changed = opts.dc !== undefined || gain !== 1 || (opts.mono === true && p.channels! > 1) || p.lossy === true;
      try {
        const r = await writeFixed(p.abs, outPath, p.format!, { ...chainBase, means: p.means, gain }, changed, p.rel, pass);
        const notes = [p.format!.note, gainNote].filter((n): n is string => n !== null);
        const loss = r.chain.downmixLossDb;
        if (loss !== null && loss >= DEFAULT_THRESHOLDS.stereoDownmixLossDb) {
          notes.push(`warning: the channels cancel in the mono downmix (it loses ${loss.toFixed(1)} dB of power; polarity or phase)`);
        }
        const inputMeans = r.chain.sums.map((s) => (r.chain.frames > 0 ? s / r.chain.frames : 0));
        records.push({
          file: p.rel, out: p.outRel!, dcMethod: opts.dc ?? null, dcRemoved: opts.dc === 'mean' ? p.means! : opts.dc ? inputMeans : null,
          gainDb: opts.gain ? amplitudeToDb(gain) : null, nonFiniteZeroed: r.chain.nonFinite, clipped: r.clipped,
          dithered: r.dithered, monoFrom: opts.mono && p.channels! > 1 ? p.channels! : null, notes, error: null,
        });
      } catch (e) {
        if (signal?.aborted) throw e;
        p.error = reasonOf(e);
        records.push(failed(p));
      }
      step(p.rel);
    }
  } finally {
    mkdirSync(outDir, { recursive: true });
    // The log lists what was written, also when a cancel stopped the run (the file in progress left nothing).
    writeFileAtomic(logPath, fixLogCsv(records));
  }
  return {
    logPath,
    files: records.map((r) => ({
      file: r.file, ...(r.out !== null ? { out: r.out } : {}), changes: r.error ? [] : changesOf(r), ...(r.error ? { error: r.error } : {}),
    })),
  };
}

function failed(p: FilePlan): FixRecord {
  return { file: p.rel, out: null, dcMethod: null, dcRemoved: null, gainDb: null, nonFiniteZeroed: 0, clipped: 0,
    dithered: false, monoFrom: null, notes: [], error: p.error ?? 'not written' };
}

function reasonOf(e: unknown): string {
  return e instanceof AudioError ? `not readable audio: ${e.message}` : (e as Error)?.message ?? String(e);
}
