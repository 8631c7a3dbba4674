// Which manifests an audit checks: those recognized among the folder's files by name and shape, plus those the user
// names (settings.manifests: globs relative to the root, or paths, as the CLI's --manifest gives them). The include
// and exclude globs apply to recognized manifests as to audio: an audit narrowed to clean/** checks no manifest elsewhere.
import * as path from 'node:path';
import { compileGlob, makePathFilter } from '../glob';
import type { AuditSettings } from '../types';
import { detectManifests } from './detect';
import type { ManifestSource } from './types';

/**
 * @param otherFiles absolute paths of the folder's non-audio files (discovery's onOtherFile)
 * @param warn called for a named manifest whose dialect cannot be told
 */
export async function findManifests(
  root: string, otherFiles: readonly string[], settings: Pick<AuditSettings, 'manifests' | 'include' | 'exclude'>, warn: (message: string) => void = () => undefined,
): Promise<ManifestSource[]> {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const relPaths = otherFiles.map(rel).sort();
  const found = await detectManifests(root, relPaths.filter(makePathFilter(settings.include, settings.exclude)));
  const have = new Set(found.map((s) => s.path));
  for (const spec of settings.manifests) {
    const named = path.isAbsolute(spec) ? [rel(spec)] : relPaths.filter(compileGlob(spec));
    if (named.length === 0) warn(`no manifest matches ${JSON.stringify(spec)}`);
    for (const r of named) {
      if (have.has(path.join(root, ...r.split('/')))) continue;
      const [source] = await detectManifests(root, [r], true);
      if (source) {
        found.push(source);
        have.add(source.path);
      } else warn(`${r} is not a manifest of any known dialect (NeMo, LJSpeech, Common Voice, Kaldi, LibriSpeech, audiofolder)`);
    }
  }
  return found;
}
