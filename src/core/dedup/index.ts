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

/** Fibonacci hashing (Knuth, TAOCP 6.4): spreads keys whose low or high bits are alike over the directory. */
function bucketOf(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

/**
 * Holds every file's sub-fingerprints in one Uint32Array and, once searched, a hash directory of them: per stored
 * sub-fingerprint 4 bytes for the value, 4 for its position, 4 for its file and 4 for its key in the directory's
 * order, plus about 1 byte for the directory (8.3 M sub-fingerprints, 10 000 files of 10 s: about 140 MB).
 * Sub-fingerprint 0 (digital silence) is never indexed.
 */
export class FingerprintIndex {
  private readonly ids: string[] = [];
  private pending: Uint32Array[] = [];
  private all = new Uint32Array(0);
  /** fileStart[f] .. fileStart[f+1]: file f's frames in `all`. */
  private fileStart = new Uint32Array(1);
  /** Positions in `all`, grouped by bucket and sorted by key inside a bucket. */
  private postings = new Uint32Array(0);
  /** postingFile[i]: the file holding postings[i]. */
  private postingFile = new Uint32Array(0);
  /** keys[i] = all[postings[i]]: the binary search reads one contiguous run instead of scattered frames. */
  private keys = new Uint32Array(0);
  private directory = new Uint32Array(1);
  /** keyCount[i]: how many stored frames hold all[i]'s key (0 for key 0, saturated at COUNT_CAP): lookup selectivity. */
  private keyCount = new Uint16Array(0);
  private shift = 32;
  /** queryBlock's scratch: count·2^32 + frame of the block's candidate lookups, sorted to take the rarest. */
  private lookups = new Float64Array(256);
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
    return this.all.byteLength + this.fileStart.byteLength + this.postings.byteLength + this.keys.byteLength + this.postingFile.byteLength + this.directory.byteLength
      + this.keyCount.byteLength
      + this.pending.reduce((s, p) => s + p.byteLength, 0);
  }

  /**
   * Every pair of files with a block that matches at BER <= maxBer, each pair once with its best block and alignment
   * among those the lookups proposed, sorted by the order of adding.
   */
  findNearDuplicates(options: NearDuplicateOptions = {}): NearDuplicate[] {
    const o = { ...DEFAULTS, ...options };
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
    const { all, fileStart, postings, postingFile, keys, directory, shift } = this;
    const files = this.ids.length;
    const qStart = fileStart[f];
    const { keyCount } = this;
    // The block's lookups: frames whose key another frame holds too, at most maxPostings; the rarest lookupsPerBlock.
    if (this.lookups.length < L) this.lookups = new Float64Array(L);
    let candidates = 0;
    for (let j = 0; j < L; j++) {
      const c = keyCount[qStart + s + j];
      if (c >= 2 && c <= o.maxPostings) this.lookups[candidates++] = c * 2 ** 32 + j;
    }
    let chosen = this.lookups.subarray(0, candidates);
    if (candidates > o.lookupsPerBlock) chosen = chosen.sort().subarray(0, o.lookupsPerBlock);
    // One entry per lookup hit: alignment g·2^21 + (shift + 2^20), exact in a double; sorted below to count runs.
    let proposed = 0;
    for (let c = 0; c < chosen.length; c++) {
      const j = chosen[c] % 2 ** 32;
      const key = all[qStart + s + j];
      const bucket = bucketOf(key, shift);
      // The run of `key` in its bucket (sorted by key): lower and upper bound.
      let lo = directory[bucket];
      let hi = directory[bucket + 1];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
      }
      let end = directory[bucket + 1];
      for (let l = lo; l < end; ) {
        const mid = (l + end) >>> 1;
        if (keys[mid] <= key) l = mid + 1;
        else end = mid;
      }
      for (let p = lo; p < end; p++) {
        const g = postingFile[p];
        if (g === f) continue; // the query file itself
        const pos = postings[p];
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

  /** Folds pending files into `all` and rebuilds the directory (a counting sort by bucket, then by key per bucket). */
  private build(): void {
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

    // About 4 postings per bucket; at least 2^10 buckets.
    let bits = 10;
    while (bits < 28 && 2 ** bits * 4 < total) bits++;
    this.shift = 32 - bits;
    const buckets = 2 ** bits;
    const directory = new Uint32Array(buckets + 1);
    let indexed = 0;
    for (let i = 0; i < total; i++) {
      const key = all[i];
      if (key === 0) continue;
      directory[bucketOf(key, this.shift) + 1]++;
      indexed++;
    }
    for (let b = 0; b < buckets; b++) directory[b + 1] += directory[b];
    const postings = new Uint32Array(indexed);
    const keys = new Uint32Array(indexed);
    const fill = directory.slice(0, buckets);
    for (let i = 0; i < total; i++) {
      const key = all[i];
      if (key === 0) continue;
      const at = fill[bucketOf(key, this.shift)]++;
      postings[at] = i;
      keys[at] = key;
    }
    sortBuckets(keys, postings, directory);
    // Each frame's key count, from the runs of equal keys (adjacent after the sort).
    const keyCount = new Uint16Array(total);
    for (let p = 0; p < indexed; ) {
      let end = p + 1;
      while (end < indexed && keys[end] === keys[p]) end++;
      const c = Math.min(end - p, COUNT_CAP);
      for (; p < end; p++) keyCount[postings[p]] = c;
    }
    this.keyCount = keyCount;
    // The file of each posting, so a lookup does not binary-search fileStart per hit (mispredicted branches).
    const fileOfFrame = new Uint32Array(total);
    for (let f = 0; f + 1 < fileStart.length; f++) fileOfFrame.fill(f, fileStart[f], fileStart[f + 1]);
    const postingFile = new Uint32Array(indexed);
    for (let i = 0; i < indexed; i++) postingFile[i] = fileOfFrame[postings[i]];
    this.postingFile = postingFile;
    this.postings = postings;
    this.keys = keys;
    this.directory = directory;
  }
}

/** Sorts each bucket's (key, position) pairs by key, keeping position order among equal keys. */
function sortBuckets(keys: Uint32Array, postings: Uint32Array, directory: Uint32Array): void {
  let scratch = new Float64Array(64);
  let original = new Uint32Array(64);
  for (let b = 0; b + 1 < directory.length; b++) {
    const lo = directory[b];
    const hi = directory[b + 1];
    const n = hi - lo;
    if (n < 2) continue;
    if (n <= 16) {
      // Insertion sort: stable, and buckets hold ~4 entries.
      for (let i = lo + 1; i < hi; i++) {
        const k = keys[i];
        const p = postings[i];
        let j = i - 1;
        while (j >= lo && keys[j] > k) {
          keys[j + 1] = keys[j];
          postings[j + 1] = postings[j];
          j--;
        }
        keys[j + 1] = k;
        postings[j + 1] = p;
      }
      continue;
    }
    // key·2^21 + rank is exact in a double for buckets under 2^21 entries; larger ones use a comparator.
    if (n >= 2 ** 21) {
      const order = Array.from({ length: n }, (_, i) => lo + i).sort((x, y) => keys[x] - keys[y] || x - y);
      const k = order.map((i) => keys[i]);
      const p = order.map((i) => postings[i]);
      keys.set(k, lo);
      postings.set(p, lo);
      continue;
    }
    if (scratch.length < n) {
      scratch = new Float64Array(n);
      original = new Uint32Array(n);
    }
    const view = scratch.subarray(0, n);
    original.set(postings.subarray(lo, hi));
    for (let i = 0; i < n; i++) view[i] = keys[lo + i] * 2 ** 21 + i;
    view.sort();
    for (let i = 0; i < n; i++) {
      const rank = view[i] % 2 ** 21;
      keys[lo + i] = (view[i] - rank) / 2 ** 21;
      postings[lo + i] = original[rank];
    }
  }
}
