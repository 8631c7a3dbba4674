// Near-duplicate search over many files' fingerprints without comparing every pair: the lookup table of Haitsma &
// Kalker (2002), section 4.2. Every sub-fingerprint of a query block is looked up exactly; each hit proposes an
// alignment with one file, and only proposed alignments are verified by the BER over the whole block.
import { compareBlocksWithin } from './ber';

export interface NearDuplicate {
  /** The file added first. */
  readonly a: string;
  readonly b: string;
  /** b's sub-fingerprint n lines up with a's n + offsetFrames (frames of 64/5512 s; b trimmed at the start: > 0). */
  readonly offsetFrames: number;
  /** Bit error rate of the block that matched. */
  readonly ber: number;
}

export interface NearDuplicateOptions {
  /** Frames per query block: 256 = 2.97 s + one frame (the paper's). Shorter files use all their frames. */
  readonly blockFrames?: number;
  /** A block matches at BER <= this (the audit rule: 0.25; the paper: 0.35). */
  readonly maxBer?: number;
  /** Files with fewer sub-fingerprints are not searched (too little evidence): 86 = 1 s. */
  readonly minFrames?: number;
  /**
   * Sub-fingerprints of a block looked up: the ones whose keys the fewest frames hold (rarest first), as those propose
   * the fewest alignments and the right one. Infinity = every one (the paper's). Keys held by one frame only (the
   * block's own) and keys over maxPostings are never looked up: the work per block is at most this · maxPostings.
   */
  readonly lookupsPerBlock?: number;
  /** Keys held by more than this many frames are skipped as lookups (stop words); their frames still verify. */
  readonly maxPostings?: number;
  /**
   * Lookups of a block that must propose the same alignment before it is verified (1 = every hit, the paper's).
   * Unrelated files collide on a common key one lookup at a time, so 2 cuts most verifications.
   */
  readonly minHits?: number;
}

const DEFAULTS: Required<NearDuplicateOptions> = { blockFrames: 256, maxBer: 0.25, minFrames: 86, lookupsPerBlock: Infinity, maxPostings: 4096, minHits: 1 };

/** Frame counts saturate here (Uint16Array): any key held this often is a stop word at every sane maxPostings. */
const COUNT_CAP = 0xffff;
/** Key counts from here on are alike for picking the rarest lookups (ties go to the earlier frames). */
const RARITY_CAP = 255;

/**
 * Fibonacci hashing (Knuth, TAOCP 6.4): spreads keys whose low or high bits are alike over the directory. A product
 * with an odd constant mod 2^32 is a bijection, so the index sorts and searches hashed keys: equal hash, equal key.
 */
function hashOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 0;
}

/** Radix digits of the LSD sort of hashed keys: 3 passes of 11 bits (2048 counters each, a cache-friendly scatter). */
const RADIX_BITS = 11;

/**
 * Holds every file's sub-fingerprints in one Uint32Array and, once searched, a hash directory of them: per stored
 * sub-fingerprint 4 bytes for the value, 8 for its (hashed key, position) entry, 2 for its key's count, plus about
 * 1 byte for the directory (8.3 M sub-fingerprints, 10 000 files of 10 s: about 125 MB; twice the entries while
 * building). Sub-fingerprint 0 (digital silence) is never indexed.
 */
export class FingerprintIndex {
  private readonly ids: string[] = [];
  private pending: Uint32Array[] = [];
  private all = new Uint32Array(0);
  /** fileStart[f] .. fileStart[f+1]: file f's frames in `all`. */
  private fileStart = new Uint32Array(1);
  /**
   * Entry i = (entries[2i], entries[2i+1]) = (hashOf(key), position in `all`) of every frame but key 0, sorted by
   * hashed key, then position: a lookup's binary search and the positions it then reads share cache lines.
   */
  private entries: Uint32Array = new Uint32Array(0);
  /** directory[b] .. directory[b + 1]: the entries whose hashed key has top bits b. */
  private directory: Uint32Array = new Uint32Array(1);
  /** keyCount[i]: how many stored frames hold all[i]'s key (0 for key 0, saturated at COUNT_CAP): lookup selectivity. */
  private keyCount = new Uint16Array(0);
  private shift = 32;
  /** queryBlock's scratch: the frames of the block it looks up, and a histogram of their key counts. */
  private lookups = new Uint32Array(256);
  private readonly rarity = new Uint32Array(RARITY_CAP + 1);
  /** queryBlock's scratch: the alignments its lookups propose, sorted to count them (no Map of heap-number keys). */
  private proposals = new Float64Array(1024);

  /** Adds one file's sub-fingerprints (copied); ids are reported back as given. */
  add(fileId: string, prints: Uint32Array): void {
    this.ids.push(fileId);
    this.pending.push(prints.slice());
  }

  get files(): number {
    return this.ids.length;
  }

  /** Sub-fingerprints stored. */
  get frames(): number {
    return this.all.length + this.pending.reduce((s, p) => s + p.length, 0);
  }

  /** Bytes held by the typed arrays (the index proper, not the ids). */
  get bytes(): number {
    return this.all.byteLength + this.fileStart.byteLength + this.entries.byteLength + this.directory.byteLength
      + this.keyCount.byteLength
      + this.pending.reduce((s, p) => s + p.byteLength, 0);
  }

  /**
   * Every pair of files with a block that matches at BER <= maxBer, each pair once with its best block and alignment
   * among those the lookups proposed, sorted by the order of adding.
   */
  findNearDuplicates(options: NearDuplicateOptions = {}): NearDuplicate[] {
    // A saturated count is no run length: such keys are stop words at any setting.
    const o = { ...DEFAULTS, ...options, maxPostings: Math.min(options.maxPostings ?? DEFAULTS.maxPostings, COUNT_CAP - 1) };
    this.build();
    const files = this.ids.length;
    const { fileStart } = this;
    const found = new Map<number, { offset: number; ber: number }>();
    for (let f = 0; f < files; f++) {
      const start = fileStart[f];
      const len = fileStart[f + 1] - start;
      if (len < o.minFrames) continue;
      const L = Math.min(o.blockFrames, len);
      // Non-overlapping blocks, the last one flush with the end.
      for (let s = 0; ; s = Math.min(s + L, len - L)) {
        this.queryBlock(f, s, L, o, found);
        if (s === len - L) break;
      }
    }
    // pair = a·files + b with a < b, so numeric order is the order of adding.
    return [...found.keys()].sort((x, y) => x - y).map((pair) => {
      const m = found.get(pair)!;
      return { a: this.ids[Math.floor(pair / files)], b: this.ids[pair % files], offsetFrames: m.offset, ber: m.ber };
    });
  }

  /**
   * Looks up the block's sub-fingerprints, counts the lookups that propose each alignment (file, shift), and verifies
   * each alignment proposed at least minHits times once, in the order of file, then shift.
   */
  private queryBlock(
    f: number,
    s: number,
    L: number,
    o: Required<NearDuplicateOptions>,
    found: Map<number, { offset: number; ber: number }>,
  ): void {
    const { all, fileStart, entries, directory, shift } = this;
    const files = this.ids.length;
    const qStart = fileStart[f];
    const { keyCount } = this;
    // The block's lookups: frames whose key another frame holds too, at most maxPostings; the rarest lookupsPerBlock,
    // picked by a histogram of their counts (a sort of every block's frames cost as much as the lookups).
    if (this.lookups.length < L) this.lookups = new Uint32Array(L);
    const { lookups, rarity } = this;
    rarity.fill(0);
    let candidates = 0;
    for (let j = 0; j < L; j++) {
      const c = keyCount[qStart + s + j];
      if (c < 2 || c > o.maxPostings) continue;
      rarity[Math.min(c, RARITY_CAP)]++;
      candidates++;
    }
    // Counts below `below` are all taken, then `atBelow` frames (in frame order) with count `below`.
    let below = RARITY_CAP + 1;
    let atBelow = 0;
    if (candidates > o.lookupsPerBlock) {
      let taken = 0;
      for (below = 2; taken + rarity[below] < o.lookupsPerBlock; below++) taken += rarity[below];
      atBelow = o.lookupsPerBlock - taken;
    }
    let chosen = 0;
    for (let j = 0; j < L; j++) {
      const c = keyCount[qStart + s + j];
      if (c < 2 || c > o.maxPostings) continue;
      const r = Math.min(c, RARITY_CAP);
      if (r < below || (r === below && atBelow-- > 0)) lookups[chosen++] = j;
    }
    // One entry per lookup hit: alignment g·2^21 + (shift + 2^20), exact in a double; sorted below to count runs.
    let proposed = 0;
    for (let c = 0; c < chosen; c++) {
      const j = lookups[c];
      const key = hashOf(all[qStart + s + j]);
      const bucket = key >>> shift;
      // The run of `key` in its bucket (sorted by key): its lower bound, then its count.
      let lo = directory[bucket];
      let hi = directory[bucket + 1];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (entries[2 * mid] < key) lo = mid + 1;
        else hi = mid;
      }
      const end = lo + keyCount[qStart + s + j];
      for (let p = lo; p < end; p++) {
        const pos = entries[2 * p + 1];
        const g = fileOf(fileStart, pos);
        if (g === f) continue; // the query file itself
        // Block frame s + j of f sits at frame (pos − start of g) of g.
        const gStart = fileStart[g];
        const shiftFrames = pos - gStart - (s + j);
        const at = s + shiftFrames;
        if (at < 0 || at + L > fileStart[g + 1] - gStart) continue;
        const attempt = g * 2 ** 21 + (shiftFrames + 2 ** 20);
        if (proposed === this.proposals.length) {
          const grown = new Float64Array(2 * this.proposals.length);
          grown.set(this.proposals);
          this.proposals = grown;
        }
        this.proposals[proposed++] = attempt;
      }
    }
    const sorted = this.proposals.subarray(0, proposed).sort();
    for (let i = 0; i < proposed; ) {
      const attempt = sorted[i];
      let n = 0;
      for (; i < proposed && sorted[i] === attempt; i++) n++;
      if (n < o.minHits) continue;
      const g = Math.floor(attempt / 2 ** 21);
      const shiftFrames = (attempt % 2 ** 21) - 2 ** 20;
      const pair = f < g ? f * files + g : g * files + f;
      // Repetitive audio can pass at a wrong alignment too: keep the best one seen, so only a lower BER matters.
      const seen = found.get(pair);
      const c = compareBlocksWithin(all, qStart + s, all, fileStart[g] + s + shiftFrames, L, seen ? Math.min(seen.ber, o.maxBer) : o.maxBer);
      if (!c || c.informativeFrames * 2 < L || (seen && seen.ber <= c.ber)) continue;
      // a is the earlier file; a's frame n + offset lines up with b's frame n.
      found.set(pair, { offset: f < g ? 0 - shiftFrames : shiftFrames, ber: c.ber });
    }
  }

  /**
   * Folds pending files into `all` and rebuilds the directory (a counting sort by bucket, then by key per bucket);
   * findNearDuplicates() calls it, a benchmark may call it first to time it apart. Nothing to do when nothing was added.
   */
  build(): void {
    if (this.pending.length === 0 && this.directory.length > 1) return;
    const oldFiles = this.fileStart.length - 1;
    const total = this.all.length + this.pending.reduce((s, p) => s + p.length, 0);
    if (total > 0xffffffff) throw new RangeError(`the index holds at most 2^32 − 1 sub-fingerprints, got ${total}`);
    const all = new Uint32Array(total);
    all.set(this.all);
    const fileStart = new Uint32Array(this.ids.length + 1);
    fileStart.set(this.fileStart.subarray(0, oldFiles + 1));
    let at = this.all.length;
    for (let i = 0; i < this.pending.length; i++) {
      all.set(this.pending[i], at);
      at += this.pending[i].length;
      fileStart[oldFiles + i + 1] = at;
    }
    this.all = all;
    this.fileStart = fileStart;
    this.pending = [];

    // Small functions for the loops below: each is optimized on its own (a cold CLI run builds the index once).
    const entries = sortedEntries(all);
    const indexed = entries.length / 2;
    // About 4 entries per bucket; at least 2^10 buckets. The directory splits the sorted hashes by their top bits.
    let bits = 10;
    while (bits < 28 && 2 ** bits * 4 < total) bits++;
    this.shift = 32 - bits;
    const directory = directoryOf(entries, bits);
    const keyCount = new Uint16Array(total);
    countKeys(entries, indexed, keyCount);
    this.keyCount = keyCount;
    this.entries = entries;
    this.directory = directory;
  }
}

/** The file holding frame `pos`: the last f with fileStart[f] <= pos (a binary search of a small, cached array). */
function fileOf(fileStart: Uint32Array, pos: number): number {
  let lo = 0;
  let hi = fileStart.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fileStart[mid] <= pos) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** (hashOf(key), position) of every frame but key 0, sorted by hashed key, then position: an LSD radix sort (stable). */
function sortedEntries(all: Uint32Array): Uint32Array {
  const histograms = new Uint32Array(3 << RADIX_BITS);
  const indexed = radixHistograms(all, histograms);
  let entries = new Uint32Array(2 * indexed);
  let entriesTo = new Uint32Array(2 * indexed);
  for (let pass = 0; pass < 3; pass++) {
    const fill = histograms.subarray(pass << RADIX_BITS, (pass + 1) << RADIX_BITS);
    for (let d = 0, sum = 0; d < fill.length; d++) {
      const c = fill[d];
      fill[d] = sum;
      sum += c;
    }
    if (pass === 0) scatterFrames(all, fill, entriesTo);
    else scatterEntries(entries, fill, pass * RADIX_BITS, entriesTo);
    [entries, entriesTo] = [entriesTo, entries];
  }
  return entries;
}

/** The three digit histograms of the hashed keys but key 0; returns how many frames are indexed. */
function radixHistograms(all: Uint32Array, histograms: Uint32Array): number {
  let indexed = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i] === 0) continue;
    const h = hashOf(all[i]);
    histograms[h & 0x7ff]++;
    histograms[2048 + ((h >>> 11) & 0x7ff)]++;
    histograms[4096 + (h >>> 22)]++;
    indexed++;
  }
  return indexed;
}

/** The first pass reads the frames themselves: entry (hash, position) goes to 2·fill[low digit]++. */
function scatterFrames(all: Uint32Array, fill: Uint32Array, to: Uint32Array): void {
  for (let i = 0; i < all.length; i++) {
    if (all[i] === 0) continue;
    const h = hashOf(all[i]);
    const at = 2 * fill[h & 0x7ff]++;
    to[at] = h;
    to[at + 1] = i;
  }
}

function scatterEntries(from: Uint32Array, fill: Uint32Array, shift: number, to: Uint32Array): void {
  for (let i = 0; i < from.length; i += 2) {
    const h = from[i];
    const at = 2 * fill[(h >>> shift) & 0x7ff]++;
    to[at] = h;
    to[at + 1] = from[i + 1];
  }
}

/** directory[b] = the first entry whose hashed key has top `bits` bits >= b; directory[2^bits] = the entry count. */
function directoryOf(entries: Uint32Array, bits: number): Uint32Array {
  const shift = 32 - bits;
  const directory = new Uint32Array(2 ** bits + 1);
  for (let i = 0; i < entries.length; i += 2) directory[(entries[i] >>> shift) + 1]++;
  for (let b = 0; b + 1 < directory.length; b++) directory[b + 1] += directory[b];
  return directory;
}

/** keyCount[position] = how many entries hold its key (saturated at COUNT_CAP), from the runs of equal hashes. */
function countKeys(entries: Uint32Array, indexed: number, keyCount: Uint16Array): void {
  for (let p = 0; p < indexed; ) {
    let end = p + 1;
    while (end < indexed && entries[2 * end] === entries[2 * p]) end++;
    const c = Math.min(end - p, COUNT_CAP);
    for (; p < end; p++) keyCount[entries[2 * p + 1]] = c;
  }
}
