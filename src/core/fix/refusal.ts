// The checks that make `fix` refuse before writing anything: an output folder inside the audited one, an output that
// is an input, an existing output without --force. Each returns the reason as a full sentence, or null.
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** The real path of p, resolving symlinks in its existing ancestors (p itself need not exist yet). */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let at = abs;
  while (!existsSync(at)) {
    const parent = path.dirname(at);
    if (parent === at) break;
    rest.unshift(path.basename(at));
    at = parent;
  }
  return path.join(realpathSync(at), ...rest);
}

/** True when `inner` is `outer` or lies under it (real paths compared). */
export function isSameOrInside(inner: string, outer: string): boolean {
  const rel = path.relative(realPathOf(outer), realPathOf(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function outDirRefusal(root: string, outDir: string): string | null {
  if (!isSameOrInside(outDir, root)) return null;
  const same = realPathOf(outDir) === realPathOf(root);
  return `--out ${outDir} is ${same ? 'the audited folder itself' : `inside the audited folder ${root}`}: fixed copies are never written into the dataset; choose a folder outside it`;
}

/** Outputs that would replace an input, that two inputs would both write, or that exist (without force). */
export function outputRefusals(pairs: readonly { input: string; output: string }[], force: boolean): string[] {
  const inputs = new Map(pairs.map((p) => [realPathOf(p.input), p.input]));
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { input, output } of pairs) {
    const real = realPathOf(output);
    const hit = inputs.get(real);
    if (hit !== undefined) problems.push(`${output} would overwrite the input ${hit}; inputs are never modified`);
    else if (seen.has(real)) problems.push(`${input} and ${seen.get(real)} would both be written to ${output}`);
    else if (!force && existsSync(output)) problems.push(`${output} exists (give --force to replace it)`);
    seen.set(real, input);
  }
  return problems;
}

/** A relative path that would leave the folder it is relative to ('..' segments, an absolute path), or null. */
export function escapingPathRefusal(rel: string): string | null {
  const parts = rel.split('/');
  if (rel === '' || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || parts.some((p) => p === '..' || p === '')) {
    return `${JSON.stringify(rel)} is not a '/'-separated path inside the audited folder`;
  }
  return null;
}
