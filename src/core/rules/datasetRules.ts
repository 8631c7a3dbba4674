// Rules decided across the dataset: a file's format against the most common one, its loudness against the median.
import type { AuditSettings, FileFacts, FileReport, Finding } from '../types';
import { FindingList } from './severity';
import { count, db, dbfs } from './format';
import { median, mode } from '../audit/distribution';

/**
 * What a training loader sees, compared by bit-depth-mismatch: "pcm/16", "float/32", "mulaw/8" for stored samples
 * (16-bit integers are "pcm/16" whether the file is WAV, AIFF or FLAC), the codec name ("mp3", "opus") for lossy files.
 */
export function bitDepthKey(f: NonNullable<FileReport['format']>): string {
  if (f.validBits === null) return f.encoding;
  return `${f.encoding === 'flac' ? 'pcm' : f.encoding}/${f.validBits}`;
}

/** Dataset-level findings per file path (only files that have some). */
export function datasetFindings(files: readonly FileFacts[], settings: AuditSettings): Map<string, Finding[]> {
  const readable = files.filter((f) => f.error === null && f.format !== null);
  const out = new Map<string, Finding[]>();
  if (readable.length === 0) return out;
  const fmt = (f: FileFacts) => f.format!;
  const rate = mode(readable.map((f) => String(fmt(f).sampleRate)));
  const chans = mode(readable.map((f) => String(fmt(f).channels)));
  const depth = mode(readable.map((f) => bitDepthKey(fmt(f))));
  const levels = readable.map((f) => f.rmsDbfs).filter((x): x is number => x !== null);
  const medianRms = median(levels);
  const of = (m: { count: number }) => `${count(m.count)} of ${count(readable.length)} files`;

  for (const f of readable) {
    const list = new FindingList(settings);
    const format = fmt(f);
    if (String(format.sampleRate) !== rate.value) {
      list.add('sample-rate-mismatch', `Sample rate ${format.sampleRate} Hz differs from the dataset's most common ${rate.value} Hz (${of(rate)}).`);
    }
    if (String(format.channels) !== chans.value) {
      list.add('channel-mismatch', `${format.channels} channel(s) differ from the dataset's most common ${chans.value} (${of(chans)}).`);
    }
    if (bitDepthKey(format) !== depth.value) {
      list.add('bit-depth-mismatch', `Encoding ${bitDepthKey(format)} (${format.container} ${format.encoding}) differs from the dataset's most common ${depth.value} (${of(depth)}).`);
    }
    if (f.rmsDbfs !== null && medianRms !== null && Math.abs(f.rmsDbfs - medianRms) >= settings.thresholds.loudnessOutlierDb) {
      const diff = f.rmsDbfs - medianRms;
      list.add('loudness-outlier', `RMS level ${dbfs(f.rmsDbfs)} is ${db(Math.abs(diff))} ${diff > 0 ? 'above' : 'below'} the dataset median ${dbfs(medianRms)}; per-example normalization would erase that difference.`);
    }
    if (list.items.length) out.set(f.path, list.items);
  }
  return out;
}
