// Audits one WAV file in a single streamed pass: per-channel statistics, the mono downmix, min-max quantization, rules.
import type { AuditSettings, ChannelStats, FileReport, WavLayout } from '../types';
import { openWav, WavError, type WavSource } from '../wav/reader';
import { ChannelAccumulator } from '../stats/channelStats';
import { int16Kernel } from '../stats/int16Kernel';
import { MonoDownmix, stereoDownmixLossDb, type MonoLevels } from '../stats/downmix';
import { minMaxQuantization } from '../stats/minMax';
import { effectiveBits } from '../stats/effectiveBits';
import { amplitudeToDb, powerToDb } from '../stats/decibels';
import { fileFindings } from '../rules/fileRules';
import { FindingList } from '../rules/severity';
import { count } from '../rules/format';
import { resolveMel, MelParamError } from '../mel/params';
import { MelAnalyzer } from '../mel/analyzer';

export interface AuditFileOptions {
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number) => void;
}

/** Never throws for a bad file: the report carries `error` and an unreadable/empty finding. Rethrows only an abort. */
export async function auditFile(absPath: string, relPath: string, settings: AuditSettings, opts: AuditFileOptions = {}): Promise<FileReport> {
  let src: WavSource;
  try {
    src = await openWav(absPath);
  } catch (err) {
    return unreadable(relPath, settings, err);
  }
  try {
    if (src.layout.frames === 0) return empty(relPath, settings, src.layout);
    return await measure(src, relPath, settings, opts);
  } catch (err) {
    // An abort or unusable mel settings are the caller's to handle, not a property of this file.
    if (opts.signal?.aborted || err instanceof MelParamError) throw err;
    return unreadable(relPath, settings, err, src.layout);
  } finally {
    await src.close();
  }
}

async function measure(src: WavSource, relPath: string, settings: AuditSettings, opts: AuditFileOptions): Promise<FileReport> {
  const { layout } = src;
  const acc = Array.from({ length: layout.channels }, () => new ChannelAccumulator(settings.clipLevel, layout.encoding === 'float'));
  const mono = new MonoDownmix(layout.channels, layout.encoding === 'float');
  const readOpts = { signal: opts.signal, onBytes: opts.onBytes };
  // The log-mel spectrogram of the mono downmix at the file's own rate (src/core/mel), in the same pass.
  const melParams = resolveMel(settings.mel, layout.sampleRate);
  const mel = melParams ? await MelAnalyzer.create(melParams) : null;
  let codeOr: readonly number[] | null;
  const kernel = isPcm16le(layout) && layout.channels === 1 ? int16Kernel() : null;
  const clipCode = acc[0].clipCode;
  if (kernel && clipCode >= 1 && clipCode <= 32768) {
    // 16-bit mono: WASM SIMD over the codes read straight into its memory (same exact integer sums as pushInt16),
    // and the mel analyzer fed the pcm16le decoder's values.
    let or = 0;
    await src.readRaw((_bytes, frames, startFrame) => {
      const sums = kernel.stats(frames, clipCode, acc[0].openClipRun, acc[0].longestClipRun);
      or |= sums.or;
      acc[0].addInt16Block(sums, frames, startFrame);
      mel?.push(kernel.toFloat(frames), frames);
    }, { ...readOpts, buffer: kernel.block });
    codeOr = [or];
  } else if (isPcm16le(layout) && !mel) {
    // Stats only on 16-bit PCM: integer loops over the stored codes, no float planes (3x faster, same numbers).
    const or = new Array<number>(layout.channels).fill(0);
    await src.readRaw((bytes, frames, startFrame) => {
      const codes = new Int16Array(bytes.buffer, bytes.byteOffset, frames * layout.channels);
      for (let c = 0; c < acc.length; c++) or[c] |= acc[c].pushInt16(codes, layout.channels, c, frames, startFrame);
      if (layout.channels > 1) mono.levelsInt16(codes, frames);
    }, readOpts);
    codeOr = or;
  } else {
    await src.read((block) => {
      for (let c = 0; c < acc.length; c++) acc[c].push(block.channels[c], block.frames, block.startFrame);
      const m = mono.mix(block.channels, block.frames);
      mel?.push(m, block.frames);
    }, readOpts);
    codeOr = src.codeOr;
  }

  const channels: ChannelStats[] = acc.map((a, c) =>
    a.result(codeOr ? effectiveBits(codeOr[c], layout.bitsPerSample, layout.validBits) : null));
  // sox convention: the file's DC offset is the channel value with the largest magnitude.
  const dcOffset = channels.reduce((best, c) => (Math.abs(c.dcOffset) > Math.abs(best) ? c.dcOffset : best), channels[0].dcOffset);
  const peak = Math.max(...channels.map((c) => c.peak));
  const pooledCount = acc.reduce((n, a) => n + a.finiteCount, 0);
  const pooledSumSq = acc.reduce((s, a) => s + a.sumOfSquares, 0);
  const rmsDbfs = pooledCount ? powerToDb(pooledSumSq / pooledCount) : null;
  const meanChannelPower = acc.reduce((s, a) => s + a.meanPower, 0) / acc.length;
  // A mono file is its own downmix: its levels are the channel's.
  const monoLevels: MonoLevels = layout.channels === 1
    ? { min: channels[0].min, max: channels[0].max, meanPower: acc[0].meanPower, finiteCount: acc[0].finiteCount }
    : mono;
  const hasMono = monoLevels.finiteCount > 0;
  const downmixLoss = layout.channels > 1 ? stereoDownmixLossDb(meanChannelPower, monoLevels.meanPower) : null;
  const minMax = hasMono ? minMaxQuantization(monoLevels.min, monoLevels.max, settings.qLevels) : null;
  const peakDbfs = amplitudeToDb(peak);

  const melReport = mel ? mel.finish() : null;
  const findings = fileFindings({
    layout, channels, peakDbfs, stereoDownmixLossDb: downmixLoss, minMax,
    constantValue: hasMono ? monoLevels.min : 0, mel: melReport, melHop: melParams?.hopLength ?? null,
  }, settings);
  return {
    path: relPath,
    error: null,
    format: formatOf(layout),
    channels,
    dcOffset,
    peak,
    peakDbfs,
    rmsDbfs,
    stereoDownmixLossDb: downmixLoss,
    minMax,
    mel: melReport,
    findings,
  };
}

function unreadable(relPath: string, settings: AuditSettings, err: unknown, layout?: WavLayout): FileReport {
  const reason = err instanceof WavError ? err.message : `cannot read the file (${(err as Error)?.message ?? String(err)})`;
  const message = `Not a readable WAV file: ${reason}.`;
  const list = new FindingList(settings);
  list.add('unreadable', message);
  return errorReport(relPath, message, layout ? formatOf(layout) : null, list.items);
}

function empty(relPath: string, settings: AuditSettings, layout: WavLayout): FileReport {
  const message = `The data chunk holds no audio frames (0 of ${count(layout.declaredDataBytes)} declared bytes are readable).`;
  const list = new FindingList(settings);
  list.add('empty', message);
  return errorReport(relPath, message, formatOf(layout), list.items);
}

function errorReport(path: string, error: string, format: FileReport['format'], findings: FileReport['findings']): FileReport {
  return {
    path, error, format, channels: [], dcOffset: null, peak: null, peakDbfs: null, rmsDbfs: null,
    stereoDownmixLossDb: null, minMax: null, mel: null, findings,
  };
}

export function formatOf(l: WavLayout): NonNullable<FileReport['format']> {
  return {
    container: l.container, encoding: l.encoding, bitsPerSample: l.bitsPerSample, validBits: l.validBits,
    sampleRate: l.sampleRate, channels: l.channels, frames: l.frames, durationSec: l.durationSec,
  };
}

function isPcm16le(l: WavLayout): boolean {
  return l.encoding === 'pcm' && l.bitsPerSample === 16 && !l.bigEndian;
}

