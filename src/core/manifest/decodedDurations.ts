// The decoded duration behind each manifest line that declares one: what "Set duration to the decoded N s" writes.
// Re-parses the manifest with its dialect (the same path resolution and Kaldi joins as the check) and looks each
// entry's audio up in the report; no audio is decoded.
import * as path from 'node:path';
import type { AuditReport, ManifestReport } from '../types';
import { parseManifest } from './detect';
import { sourceOf } from './types';

/**
 * 1-based line of `manifest` → decoded seconds (frames / sample rate) of the audio of the whole-file entry that
 * declares its duration there. Segments (an offset) are left out: their duration is a slice, not the file's.
 */
export async function decodedDurationsByLine(report: AuditReport, manifest: ManifestReport, signal?: AbortSignal): Promise<Map<number, number>> {
  const abs = path.join(report.root, ...manifest.path.split('/'));
  // A Kaldi data dir is parsed from its wav.scp; its utt2dur lines are where the durations are declared.
  const source = manifest.dialect === 'kaldi' ? path.join(path.dirname(abs), 'wav.scp') : abs;
  const byRel = new Map(report.files.map((f) => [f.path, f]));
  const out = new Map<number, number>();
  for await (const item of parseManifest({ dialect: manifest.dialect, path: source })) {
    signal?.throwIfAborted();
    if (item.kind !== 'entry' || item.audioPath === null || item.offsetSec !== null || item.durationSec === null) continue;
    const at = sourceOf(item, 'durationSec');
    if (at.file !== abs) continue;
    const f = byRel.get(path.relative(report.root, item.audioPath).split(path.sep).join('/'));
    if (f && f.error === null && f.format) out.set(at.line, f.format.frames / f.format.sampleRate);
  }
  return out;
}
