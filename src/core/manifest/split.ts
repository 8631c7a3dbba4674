// The split a manifest feeds, read from its path relative to the audited root (never from folders above the root:
// a home folder called "test" says nothing). Rules, in order:
// 1. Common Voice's pools (validated.tsv, invalidated.tsv, other.tsv, ...) are no split: they overlap the splits
//    by design, whatever folder holds them.
// 2. The file's own name first, then its folders from the innermost out; the first name with a split token decides
//    (data/train/wav.scp -> train; exp/test_run/data/train/wav.scp -> train).
// 3. A name is cut into tokens at every non-alphanumeric character and between letters and digits
//    (test_other -> test other; dev93 -> dev 93; train-clean-100 -> train clean 100). Only whole tokens count:
//    "latest", "contest", "devices", "validated" are not splits.
// 4. Several split tokens in one name: the last wins; it names the part of the earlier one (Kaldi's WSJ test_dev93
//    is a dev set, test_eval92 an eval set; Switchboard's train_dev is held out of train).
import type { Split } from './types';

const SPLIT_TOKENS: ReadonlyMap<string, Split> = new Map<string, Split>([
  ['train', 'train'], ['training', 'train'], ['trainset', 'train'],
  ['dev', 'dev'], ['devel', 'dev'], ['development', 'dev'], ['val', 'dev'], ['valid', 'dev'], ['validation', 'dev'],
  ['test', 'test'], ['testing', 'test'], ['testset', 'test'],
  ['eval', 'eval'], ['evaluation', 'eval'],
]);

/** Common Voice release files that pool clips across splits (cv-corpus-*). */
const COMMON_VOICE_POOLS = new Set(['validated', 'invalidated', 'other', 'reported', 'unvalidated_sentences',
  'validated_sentences', 'clip_durations']);

export function splitOf(relPath: string): Split | null {
  const parts = relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return null;
  const fileStem = stem(parts[parts.length - 1]);
  if (COMMON_VOICE_POOLS.has(fileStem.toLowerCase())) return null;
  const names = [fileStem, ...parts.slice(0, -1).reverse()];
  for (const name of names) {
    const split = splitOfName(name);
    if (split) return split;
  }
  return null;
}

/** The split a single name (no '/') declares: its last split token, or null. */
export function splitOfName(name: string): Split | null {
  let found: Split | null = null;
  for (const token of tokens(name)) found = SPLIT_TOKENS.get(token) ?? found;
  return found;
}

function tokens(name: string): string[] {
  return name.toLowerCase().match(/[a-z]+|[0-9]+|[^\x00-\x7f]+/g) ?? [];
}

/** The name without its extension(s): train.jsonl -> train, 103-1240.trans.txt -> 103-1240.trans. */
function stem(baseName: string): string {
  const dot = baseName.lastIndexOf('.');
  return dot > 0 ? baseName.slice(0, dot) : baseName;
}
