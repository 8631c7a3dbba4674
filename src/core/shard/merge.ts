// Checks that part headers belong together before any body is read. Every check names the part files involved;
// nothing is merged unless all of them pass (src/core/shard/streamMerge.ts merges the bodies).
import { stableJson } from '../cache';
import { checkShard } from './assign';
import type { PartHeader } from './part';

export class MergeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** What is inconsistent between the parts' headers (empty when they belong together and none is missing). */
export function headerProblems(parts: readonly { name: string; header: PartHeader }[]): string[] {
  if (parts.length === 0) return ['no part files given'];
  const problems: string[] = [];
  for (const { name, header } of parts) {
    const bad = checkShard(header.shard.index, header.shard.count);
    if (typeof bad === 'string') problems.push(`${name}: shard ${bad}`);
  }
  const differ = (what: string, key: (h: PartHeader) => string, show: (h: PartHeader) => string): boolean => {
    const groups = new Map<string, { shown: string; names: string[] }>();
    for (const { name, header } of parts) {
      const k = key(header);
      const g = groups.get(k) ?? { shown: show(header), names: [] };
      g.names.push(name);
      groups.set(k, g);
    }
    if (groups.size < 2) return false;
    problems.push(`${what}: ${[...groups.values()].map((g) => `${g.shown} (${g.names.join(', ')})`).join('; ')}`);
    return true;
  };
  differ('the parts were written by different audio-audit versions', (h) => h.toolVersion, (h) => h.toolVersion);
  differ('the parts audited different roots', (h) => h.root, (h) => h.root);
  const first = parts[0].header.settings as unknown as Record<string, unknown>;
  differ(
    'the parts were made with different settings',
    (h) => stableJson(h.settings),
    (h) => {
      const s = h.settings as unknown as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(first), ...Object.keys(s)])].filter((k) => stableJson(first[k]) !== stableJson(s[k]));
      return keys.length ? `${keys.join(', ')} differing from ${parts[0].name}` : `the settings of ${parts[0].name}`;
    },
  );
  differ(
    'the dataset changed between the shards (each lists the whole tree)',
    (h) => `${h.dataset.files} ${h.dataset.pathsSha256}`,
    (h) => `${h.dataset.files} files, paths digest ${h.dataset.pathsSha256.slice(0, 12)}`,
  );
  differ('the parts found different manifests', (h) => stableJson(h.manifests ?? []), (h) => `${(h.manifests ?? []).length} manifests`);
  if (differ('the parts split the dataset into different shard counts', (h) => String(h.shard.count), (h) => `${h.shard.count} shards`)) {
    return problems;
  }
  const count = parts[0].header.shard.count;
  const byIndex = new Map<number, string[]>();
  for (const { name, header } of parts) byIndex.set(header.shard.index, [...(byIndex.get(header.shard.index) ?? []), name]);
  for (const [index, names] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (names.length > 1) problems.push(`shard ${index}/${count} was given more than once: ${names.join(', ')}`);
  }
  const missing: number[] = [];
  for (let i = 0; i < count && missing.length <= 20; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).map((i) => `${i}/${count}`).join(', ');
    const given = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i} (${byIndex.get(i)!.join(', ')})`);
    problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${shown}${missing.length > 20 ? ', …' : ''} of ${count}; given: ${given.join(', ')}`);
  }
  return problems;
}

