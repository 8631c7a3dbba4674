// NeMo JSON-lines manifests: one object per line with `audio_filepath` (older: `audio_filename`), `duration` and
// `offset` in seconds, `text`. Relative paths are taken from the manifest's folder (NeMo's manifest.get_full_path).
import * as path from 'node:path';
import { jsonLineBatches } from '../lines';
import { headObjects, resolverFrom, seconds } from '../head';
import { problem, type ManifestDialect, type ManifestItem } from '../types';

const PATH_KEYS = ['audio_filepath', 'audio_filename'] as const;

export const nemoDialect: ManifestDialect = {
  id: 'nemo',
  claimsName: (baseName) => /\.jsonl?$/i.test(baseName),
  recognize: (c) => headObjects(c.head).some((o) => PATH_KEYS.some((k) => k in o)),
  parse: parseNemo,
};

async function* parseNemo(file: string): AsyncGenerator<ManifestItem> {
  const resolve = resolverFrom(path.dirname(file));
  for await (const batch of jsonLineBatches(file)) {
    for (const x of batch) {
      if (x.kind === 'problem') {
        yield x;
        continue;
      }
      const { line, object: item } = x;
      const rawPath = item.audio_filepath ?? item.audio_filename;
      let audioPath: string | null = null;
      if (typeof rawPath === 'string' && rawPath !== '') audioPath = resolve(rawPath);
      else yield problem(file, line, rawPath === undefined ? 'no audio_filepath key' : `audio_filepath ${JSON.stringify(rawPath)} is not a path`);
      const durationSec = item.duration === undefined ? null : seconds(item.duration, 'duration');
      const offsetSec = item.offset === undefined ? null : seconds(item.offset, 'offset');
      if (typeof durationSec === 'string') yield problem(file, line, durationSec);
      if (typeof offsetSec === 'string') yield problem(file, line, offsetSec);
      yield {
        kind: 'entry', file, line, audioPath,
        uttId: null,
        offsetSec: typeof offsetSec === 'number' ? offsetSec : null,
        durationSec: typeof durationSec === 'number' ? durationSec : null,
        text: typeof item.text === 'string' ? item.text : null,
      };
    }
  }
}
