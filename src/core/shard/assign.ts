// Which shard audits a file: FNV-1a (32-bit) of its '/'-separated relative path in UTF-8, modulo the shard count.
// A file's shard depends on its own path only, so adding or removing files never moves another file; changing the
// shard count moves most of them (parts made with different counts are never merged).
// Chosen over rendezvous hashing for being a one-liner in any language (docs/cluster.md shows it in Python).

/** Most shards a run may be split into (a Slurm array's default MaxArraySize is 1001). */
export const MAX_SHARDS = 65536;

const FNV32_OFFSET_BASIS = 0x811c9dc5;
const FNV32_PRIME = 16777619; // 2^24 + 2^8 + 0x93 (http://www.isthe.com/chongo/tech/comp/fnv/)

export interface ShardSpec {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** FNV-1a 32 of the string's UTF-8 bytes, encoded on the fly (a lone surrogate counts as U+FFFD, as TextEncoder does). */
export function fnv1a32(text: string): number {
  let h = FNV32_OFFSET_BASIS;
  const byte = (b: number): void => {
    h = Math.imul(h ^ b, FNV32_PRIME);
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0xfffd;
    }
    if (cp < 0x80) byte(cp);
    else if (cp < 0x800) {
      byte(0xc0 | (cp >> 6));
      byte(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      byte(0xe0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    } else {
      byte(0xf0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 0x3f));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    }
  }
  return h >>> 0;
}

/** The 0-based shard of a file among `count`, from its path relative to the audited root ('/'-separated). */
export function shardOf(relPath: string, count: number): number {
  return fnv1a32(relPath) % count;
}

/** Parses "I/N" (0 <= I < N <= MAX_SHARDS); returns a sentence fragment saying what is wrong, or the spec. */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return `"${text}" is not I/N (e.g. 0/4 for the first of 4 shards) or auto`;
  return checkShard(Number(m[1]), Number(m[2]), text);
}

/** The spec when 0 <= index < count <= MAX_SHARDS, else what is wrong with it. */
export function checkShard(index: number, count: number, shown = `${index}/${count}`): ShardSpec | string {
  if (!Number.isSafeInteger(count) || count < 1) return `${shown}: the shard count must be at least 1`;
  if (count > MAX_SHARDS) return `${shown}: at most ${MAX_SHARDS} shards`;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    return `${shown}: the shard index must be 0 to ${count - 1} (shards are numbered from 0)`;
  }
  return { index, count };
}
