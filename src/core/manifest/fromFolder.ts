// audio-audit filter --from-folder: for a folder without a manifest, a NeMo JSONL of its audio files that pass —
// {"audio_filepath": path relative to the manifest, "duration": frames / sample rate, "text": ""} per line, in the
// report's path order. Files that were not decoded (no format) never pass: NeMo needs their duration.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuditReport } from '../types';
import { DropPolicy, type DropCriteria } from './dropPolicy';
import { FilterError } from './filter';
import { writeAtomically } from './write/atomicFile';
import { pathRelocator } from './write/lineEdits';

export interface FolderManifestResult {
  kept: number;
  /** Files left out (findings, or not decoded). */
  dropped: number;
  outPath: string;
}

export async function writeFolderManifest(
  report: AuditReport, root: string, outPath: string, criteria: DropCriteria & { force?: boolean }, signal?: AbortSignal,
): Promise<FolderManifestResult> {
  const out = path.resolve(outPath);
  if (await fs.stat(out).then(() => true, () => false)) {
    if (!criteria.force) throw new FilterError(`refusing to overwrite ${out}: it exists (pass --force to replace it)`);
    if ((await fs.stat(out)).isDirectory()) throw new FilterError(`refusing to replace ${out}: it is a folder`);
  }
  const policy = new DropPolicy(report, root, criteria);
  let kept = 0;
  const relocate = pathRelocator({ fromDir: root, toDir: path.dirname(out) });
  await fs.mkdir(path.dirname(out), { recursive: true });
  await writeAtomically(out, async (file) => {
    for (const f of report.files) {
      signal?.throwIfAborted();
      const abs = path.join(root, ...f.path.split('/'));
      const duration = policy.decoded(abs);
      if (duration === null || policy.audioFindings(abs).length > 0) continue;
      const audio = relocate(f.path);
      await file.write(JSON.stringify({ audio_filepath: audio, duration, text: '' }) + '\n');
      kept++;
    }
  });
  return { kept, dropped: report.files.length - kept, outPath: out };
}
