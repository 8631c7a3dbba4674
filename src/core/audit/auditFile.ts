// Audits one audio file in a single streamed pass: per-channel statistics, the mono downmix, min-max quantization, rules.
// Every format comes through src/core/decode (probe -> reader -> planar blocks); only 16-bit PCM WAV takes raw fast paths.
import type { AuditSettings, ChannelStats, FileReport, SourceFormat, WavLayout } from '../types';
import { AudioError, mayBeNonFinite, type AudioSource, type StreamIntegrity } from '../decode/source';
import { openAudio } from '../decode/probe';
import { wavOf, wavTruncation } from '../decode/formats/wav';
import type { FlacAudioSource } from '../decode/formats/flac';
import { ChannelAccumulator } from '../stats/channelStats';
import { int16Kernel, type Int16Kernel } from '../stats/int16Kernel';
import { MonoDownmix, stereoDownmixLossDb, type MonoLevels } from '../stats/downmix';
import { minMaxQuantization } from '../stats/minMax';
import { effectiveBits } from '../stats/effectiveBits';
import { amplitudeToDb, powerToDb } from '../stats/decibels';
import { fileFindings } from '../rules/fileRules';
import { FindingList } from '../rules/severity';
import { count } from '../rules/format';
import { resolveMel, MelParamError } from '../mel/params';
import { ContentHasher } from '../dedup/contentHash';
import { encodeFingerprint } from '../rules/duplicateRules';

export interface AuditFileOptions {
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number) => void;
}

/** Never throws for a bad file: the report carries `error` and an unreadable/empty finding. Rethrows only an abort. */
export async function auditFile(absPath: string, relPath: string, settings: AuditSettings, opts: AuditFileOptions = {}): Promise<FileReport> {
  let src: AudioSource;
  try {
    src = await openAudio(absPath, { ffmpegPath: settings.ffmpegPath || null });
  } catch (err) {
    return unreadable(relPath, settings, err);
  }
  try {
    const wav = wavOf(src)?.layout ?? null;
    if (wav && wav.frames === 0) return empty(relPath, settings, src.format, wav);
    return await measure(src, relPath, settings, opts);
  } catch (err) {
    // An abort or unusable mel settings are the caller's to handle, not a property of this file.
    if (opts.signal?.aborted || err instanceof MelParamError) throw err;
    return unreadable(relPath, settings, err, src.format);
  } finally {
    await src.close();
  }
}

/** The FLAC source behind an AudioSource, when it is one (the 16-bit path reads its codes directly). */
function flacOf(src: AudioSource): FlacAudioSource | null {
  return 'readCodes' in src ? (src as FlacAudioSource) : null;
}

/** `int16Paths: false` measures through the decoder's float blocks (a 16-bit FLAC whose codes leave the 16-bit range). */
async function measure(src: AudioSource, relPath: string, settings: AuditSettings, opts: AuditFileOptions, int16Paths = true): Promise<FileReport> {
  const layout = src.format;
  const nonFinite = mayBeNonFinite(layout);
  const acc = Array.from({ length: layout.channels }, () => new ChannelAccumulator(settings.clipLevel, nonFinite));
  const mono = new MonoDownmix(layout.channels, nonFinite);
  const readOpts = { signal: opts.signal, onBytes: opts.onBytes };
  // The log-mel spectrogram of the mono downmix at the file's own rate (src/core/mel), in the same pass.
  const melParams = resolveMel(settings.mel, layout.sampleRate);
  // The spectral code is imported on first use: a stats-only audit (`mel: none`) never loads it.
  const mel = melParams ? await (await import('../mel/analyzer')).MelAnalyzer.create(melParams) : null;
  // The effective bandwidth (src/core/stats/bandwidth.ts) is the other spectral analysis: `mel: none` skips both.
  const bandwidth = melParams && settings.severities['band-limited'] !== 'off'
    ? new (await import('../stats/bandwidth')).BandwidthAccumulator() : null;
  // Duplicates: a hash of the decoded samples (cheap), and the fingerprint, a spectral analysis like the two above.
  const hasher = settings.severities['duplicate-audio'] !== 'off' || settings.severities['split-leakage'] !== 'off'
    ? new ContentHasher(layout.sampleRate, layout.channels) : null;
  const fingerprint = melParams && settings.severities['near-duplicate-audio'] !== 'off'
    ? await (await import('../dedup/fingerprint')).FingerprintAccumulator.create(layout.sampleRate) : null;
  let codeOr: readonly number[] | null;
  let integrity: StreamIntegrity;
  const wav = wavOf(src);
  const pcm16le = wav !== null && isPcm16le(wav.layout);
  // 16-bit FLAC holds the same codes as a 16-bit WAV: the same integer kernel (and the same exact sums).
  const flac16 = flacOf(src);
  const mono16 = layout.channels === 1 && (pcm16le || (flac16 !== null && flac16.info.bits === 16));
  const kernel = mono16 && int16Paths ? int16Kernel() : null;
  const clipCode = acc[0].clipCode;
  if (kernel && clipCode >= 1 && clipCode <= 32768) {
    // 16-bit mono: WASM SIMD over the codes in its memory (same exact integer sums as pushInt16), the content hash
    // mixed from the codes there, and the mel analyzer fed the pcm16le decoder's values.
    let or = 0;
    const onCodes = (frames: number, startFrame: number): void => {
      const sums = kernel.stats(frames, clipCode, acc[0].openClipRun, acc[0].longestClipRun);
      or |= sums.or;
      acc[0].addInt16Block(sums, frames, startFrame);
      if (mel || bandwidth || fingerprint) {
        const m = kernel.toFloat(frames);
        mel?.push(m, frames);
        bandwidth?.push(m, frames);
        fingerprint?.push(m, frames);
      }
      hasher?.pushInt16(kernel, frames);
    };
    if (pcm16le) {
      await wav!.readRaw((_bytes, frames, startFrame) => onCodes(frames, startFrame), { ...readOpts, buffer: kernel.block });
      integrity = wavIntegrity(wav!.layout);
    } else {
      const read = await readFlacInto(kernel, flac16!, onCodes, readOpts);
      // A damaged stream can predict codes past 16 bits; the float path reports them as they decode.
      if (read === null) return measure(src, relPath, settings, opts, false);
      integrity = read;
    }
    codeOr = [or];
  } else if (pcm16le && !mel && !bandwidth && !fingerprint) {
    // Stats only on 16-bit PCM: integer loops over the stored codes, no float planes (3x faster, same numbers).
    const or = new Array<number>(layout.channels).fill(0);
    let planes: Float64Array[] = [];
    await wav!.readRaw((bytes, frames, startFrame) => {
      const codes = new Int16Array(bytes.buffer, bytes.byteOffset, frames * layout.channels);
      for (let c = 0; c < acc.length; c++) or[c] |= acc[c].pushInt16(codes, layout.channels, c, frames, startFrame);
      if (layout.channels > 1) mono.levelsInt16(codes, frames);
      if (hasher) {
        if (planes.length === 0 || planes[0].length < frames) planes = Array.from({ length: layout.channels }, () => new Float64Array(frames));
        int16ToPlanes(codes, layout.channels, frames, planes);
        hasher.pushPlanar(planes, frames);
      }
    }, readOpts);
    codeOr = or;
    integrity = wavIntegrity(wav!.layout);
  } else {
    integrity = await src.read((block) => {
      for (let c = 0; c < acc.length; c++) acc[c].push(block.channels[c], block.frames, block.startFrame);
      const m = mono.mix(block.channels, block.frames);
      mel?.push(m, block.frames);
      bandwidth?.push(m, block.frames);
      hasher?.push(block);
      fingerprint?.push(m, block.frames);
    }, readOpts);
    codeOr = src.codeOr;
  }

  if (integrity.frames === 0) return empty(relPath, settings, src.format, null);
  const bits = layout.bitsPerSample !== null && layout.validBits !== null ? { container: layout.bitsPerSample, valid: layout.validBits } : null;
  const channels: ChannelStats[] = acc.map((a, c) =>
    a.result(codeOr && bits ? effectiveBits(codeOr[c], bits.container, bits.valid) : null));
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
  const bandwidthHz = bandwidth ? bandwidth.finish(layout.sampleRate) : null;
  const findings = fileFindings({
    format: src.format, integrity, notes: src.notes, channels, peakDbfs, stereoDownmixLossDb: downmixLoss, minMax,
    constantValue: hasMono ? monoLevels.min : 0, mel: melReport, melHop: melParams?.hopLength ?? null, bandwidthHz,
  }, settings);
  return {
    path: relPath,
    error: null,
    format: formatOf(src.format),
    channels,
    dcOffset,
    peak,
    peakDbfs,
    rmsDbfs,
    stereoDownmixLossDb: downmixLoss,
    minMax,
    mel: melReport,
    bandwidthHz,
    contentHash: hasher ? hasher.digest() : null,
    fingerprint: fingerprint ? encodeFingerprint(fingerprint.finish()) : null,
    findings,
  };
}

/**
 * Decodes 16-bit mono FLAC into the kernel's block, handing over each full block (and the last part) of codes.
 * Null when a code falls outside -32768..32767 (only a damaged stream predicts one): the caller measures again.
 */
async function readFlacInto(kernel: Int16Kernel, flac: FlacAudioSource, onCodes: (frames: number, startFrame: number) => void,
  readOpts: { signal?: AbortSignal; onBytes?: (bytesRead: number) => void }): Promise<StreamIntegrity | null> {
  const block = kernel.codes;
  let filled = 0;
  let blockStart = 0;
  const integrity = await flac.readInt16((codes, frames, startFrame) => {
    if (filled === 0) blockStart = startFrame;
    let from = 0;
    while (frames > 0) {
      const take = Math.min(frames, block.length - filled);
      block.set(codes.subarray(from, from + take), filled);
      filled += take;
      from += take;
      frames -= take;
      if (filled === block.length) {
        onCodes(filled, blockStart);
        blockStart += filled;
        filled = 0;
      }
    }
  }, readOpts);
  if (integrity === null) return null;
  if (filled > 0) onCodes(filled, blockStart);
  return integrity;
}

/** The pcm16le decoder's scale (code / 2^15) into planar buffers, for the content hash of the integer fast path. */
function int16ToPlanes(codes: Int16Array, channels: number, frames: number, planes: Float64Array[]): void {
  for (let c = 0; c < channels; c++) {
    const out = planes[c];
    for (let i = 0, j = c; i < frames; i++, j += channels) out[i] = codes[j] * (1 / 32768);
  }
}

/** The 16-bit fast paths read the WAV directly: its integrity is the header's. */
function wavIntegrity(l: WavLayout): StreamIntegrity {
  return { frames: l.frames, truncated: wavTruncation(l), decodeErrors: null };
}

function unreadable(relPath: string, settings: AuditSettings, err: unknown, format?: SourceFormat): FileReport {
  const reason = err instanceof AudioError ? err.message : `cannot read the file (${(err as Error)?.message ?? String(err)})`;
  const message = `Not readable audio: ${reason}.`;
  const list = new FindingList(settings);
  list.add('unreadable', message);
  return errorReport(relPath, message, format ? formatOf(format) : null, list.items);
}

function empty(relPath: string, settings: AuditSettings, format: SourceFormat, wav: WavLayout | null): FileReport {
  const message = wav
    ? `The ${wav.container.startsWith('AIF') ? 'SSND' : 'data'} chunk holds no audio frames (0 of ${count(wav.declaredDataBytes)} declared bytes are readable).`
    : `The ${format.encoding} stream decodes to no audio frames.`;
  const list = new FindingList(settings);
  list.add('empty', message);
  return errorReport(relPath, message, formatOf(format), list.items);
}

function errorReport(path: string, error: string, format: FileReport['format'], findings: FileReport['findings']): FileReport {
  return {
    path, error, format, channels: [], dcOffset: null, peak: null, peakDbfs: null, rmsDbfs: null,
    stereoDownmixLossDb: null, minMax: null, mel: null, findings,
  };
}

/** The report's format: what the user sees, frames as decoded (read after the whole-file pass). */
export function formatOf(l: SourceFormat): NonNullable<FileReport['format']> {
  return {
    container: l.container, encoding: l.encoding, bitsPerSample: l.bitsPerSample, validBits: l.validBits,
    sampleRate: l.sampleRate, channels: l.channels, frames: l.frames, durationSec: l.durationSec,
    bitrateKbps: l.bitrateKbps ?? null,
  };
}

function isPcm16le(l: WavLayout): boolean {
  return l.encoding === 'pcm' && l.bitsPerSample === 16 && !l.bigEndian;
}

