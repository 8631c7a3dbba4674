;; 16-bit PCM kernels in WebAssembly SIMD over its own memory (src/core/stats/int16Kernel.ts lays it out).
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates int16KernelWasm.ts.
(module
  ;; 29 pages: a 256 KiB block of codes, its 1 MiB f64 plane, the result slots, and the content hash's two
  ;; 65536-entry tables of mixed words (int16Kernel.ts)
  (memory (export "memory") 29)

  ;; Statistics of n mono codes at p, as ChannelAccumulator.pushInt16 computes them, into out (9 f64):
  ;; [Σ code, Σ code², min, max, OR of codes, clipped, run, longest, longestEnd]. Sums are exact (i64 lanes).
  ;; A code is clipped when code > clipHi or code < clipLo; run and longest carry the clip run across blocks.
  (func (export "stats") (param $p i32) (param $n i32) (param $clipHi i32) (param $clipLo i32) (param $run f64)
      (param $longest f64) (param $out i32)
    (local $i i32) (local $j i32) (local $x i32) (local $v v128) (local $sum v128) (local $sq v128) (local $mn v128)
    (local $mx v128) (local $or v128) (local $hi v128) (local $lo v128) (local $clipped f64) (local $longestEnd f64)
    (local $sumS i64) (local $sqS i64) (local $mnS i32) (local $mxS i32) (local $orS i32)
    (local.set $mn (i16x8.splat (i32.const 32767)))
    (local.set $mx (i16x8.splat (i32.const -32768)))
    (local.set $hi (i16x8.splat (local.get $clipHi)))
    (local.set $lo (i16x8.splat (local.get $clipLo)))
    (local.set $longestEnd (f64.const -1))
    ;; eight codes per step
    (block $done
      (loop $vectors
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $x (i32.const 0))
        ;; pairwise sums (|.| <= 2^16) and squares (dot of two squares <= 2^31, so read as unsigned) widened to i64
        (local.set $sum (i64x2.add (local.get $sum) (i64x2.add
          (i64x2.extend_low_i32x4_s (i32x4.extadd_pairwise_i16x8_s (local.get $v)))
          (i64x2.extend_high_i32x4_s (i32x4.extadd_pairwise_i16x8_s (local.get $v))))))
        (local.set $sq (i64x2.add (local.get $sq) (i64x2.add
          (i64x2.extend_low_i32x4_u (i32x4.dot_i16x8_s (local.get $v) (local.get $v)))
          (i64x2.extend_high_i32x4_u (i32x4.dot_i16x8_s (local.get $v) (local.get $v))))))
        (local.set $mn (i16x8.min_s (local.get $mn) (local.get $v)))
        (local.set $mx (i16x8.max_s (local.get $mx) (local.get $v)))
        (local.set $or (v128.or (local.get $or) (local.get $v)))
        (if (v128.any_true (v128.or (i16x8.gt_s (local.get $v) (local.get $hi)) (i16x8.lt_s (local.get $v) (local.get $lo))))
          (then
            ;; rare: walk the eight codes for the clip run
            (local.set $j (local.get $i))
            (block $laneDone
              (loop $lanes
                (br_if $laneDone (i32.ge_u (local.get $j) (i32.add (local.get $i) (i32.const 8))))
                (local.set $x (i32.load16_s (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 1)))))
                (if (i32.or (i32.gt_s (local.get $x) (local.get $clipHi)) (i32.lt_s (local.get $x) (local.get $clipLo)))
                  (then
                    (local.set $clipped (f64.add (local.get $clipped) (f64.const 1)))
                    (local.set $run (f64.add (local.get $run) (f64.const 1)))
                    (if (f64.gt (local.get $run) (local.get $longest))
                      (then
                        (local.set $longest (local.get $run))
                        (local.set $longestEnd (f64.convert_i32_u (local.get $j))))))
                  (else (local.set $run (f64.const 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $lanes))))
          (else (local.set $run (f64.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $vectors)))
    ;; fold the lanes
    (local.set $sumS (i64.add (i64x2.extract_lane 0 (local.get $sum)) (i64x2.extract_lane 1 (local.get $sum))))
    (local.set $sqS (i64.add (i64x2.extract_lane 0 (local.get $sq)) (i64x2.extract_lane 1 (local.get $sq))))
    (local.set $mnS (i32.const 32767))
    (local.set $mxS (i32.const -32768))
    (local.set $j (i32.const 0))
    (block $foldDone
      (loop $fold
        (br_if $foldDone (i32.ge_u (local.get $j) (i32.const 8)))
        ;; lane j of each vector, through memory (extract_lane needs a constant index)
        (v128.store (local.get $out) (local.get $mn))
        (local.set $x (i32.load16_s (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 1)))))
        (if (i32.lt_s (local.get $x) (local.get $mnS)) (then (local.set $mnS (local.get $x))))
        (v128.store (local.get $out) (local.get $mx))
        (local.set $x (i32.load16_s (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 1)))))
        (if (i32.gt_s (local.get $x) (local.get $mxS)) (then (local.set $mxS (local.get $x))))
        (v128.store (local.get $out) (local.get $or))
        (local.set $orS (i32.or (local.get $orS)
          (i32.load16_s (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 1))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $fold)))
    ;; the last n mod 8 codes one by one
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.load16_s (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $sumS (i64.add (local.get $sumS) (i64.extend_i32_s (local.get $x))))
        (local.set $sqS (i64.add (local.get $sqS) (i64.extend_i32_s (i32.mul (local.get $x) (local.get $x)))))
        (if (i32.lt_s (local.get $x) (local.get $mnS)) (then (local.set $mnS (local.get $x))))
        (if (i32.gt_s (local.get $x) (local.get $mxS)) (then (local.set $mxS (local.get $x))))
        (local.set $orS (i32.or (local.get $orS) (local.get $x)))
        (if (i32.or (i32.gt_s (local.get $x) (local.get $clipHi)) (i32.lt_s (local.get $x) (local.get $clipLo)))
          (then
            (local.set $clipped (f64.add (local.get $clipped) (f64.const 1)))
            (local.set $run (f64.add (local.get $run) (f64.const 1)))
            (if (f64.gt (local.get $run) (local.get $longest))
              (then
                (local.set $longest (local.get $run))
                (local.set $longestEnd (f64.convert_i32_u (local.get $i))))))
          (else (local.set $run (f64.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (f64.store (local.get $out) (f64.convert_i64_s (local.get $sumS)))
    (f64.store offset=8 (local.get $out) (f64.convert_i64_s (local.get $sqS)))
    (f64.store offset=16 (local.get $out) (f64.convert_i32_s (local.get $mnS)))
    (f64.store offset=24 (local.get $out) (f64.convert_i32_s (local.get $mxS)))
    (f64.store offset=32 (local.get $out) (f64.convert_i32_s (local.get $orS)))
    (f64.store offset=40 (local.get $out) (local.get $clipped))
    (f64.store offset=48 (local.get $out) (local.get $run))
    (f64.store offset=56 (local.get $out) (local.get $longest))
    (f64.store offset=64 (local.get $out) (local.get $longestEnd)))

  ;; dst[i] = code[i] / 32768 for n mono codes at p (f64 out; exact, as the pcm16le decoder)
  (func (export "toFloat") (param $p i32) (param $n i32) (param $dst i32)
    (local $i i32) (local $v v128) (local $w i32)
    (block $done
      (loop $quads
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $v (i32x4.extend_low_i16x8_s (v128.load64_zero (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $w (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
        (v128.store (local.get $w)
          (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $v)) (f64x2.splat (f64.const 0x1p-15))))
        (v128.store offset=16 (local.get $w)
          (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
            (f64x2.splat (f64.const 0x1p-15))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3)))
          (f64.mul (f64.convert_i32_s (i32.load16_s (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))))
            (f64.const 0x1p-15)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
  ;; The content hash (src/core/dedup/contentHash.ts) of 2·pairs mono codes at p: MurmurHash3_x86_128 block mixing
  ;; (../../dedup/wasm/hashKernel.wat) over the message the hasher would see, code / 32768 as float64 LE, without
  ;; writing it. |code| <= 2^15 has at most 16 significant bits, so each float's low word is 0: a 16-byte block is
  ;; [0, hi(a), 0, hi(b)], and k1 = k3 = 0 leave h1 and h3 unmixed (h ^= 0). State h1..h4 at $state (4 i32).
  ;; The content hash's per-code words, once per instance: for every code, the high word of code / 32768 as float64
  ;; (its low word is zero) through MurmurHash3_x86_128's k2 mix at $t and its k4 mix at $t + 256 KiB, indexed by
  ;; code + 32768. The hash then loads each block's k2 and k4 instead of converting and mixing them.
  (func (export "hashTables") (param $t i32)
    (local $code i32) (local $hi i32) (local $at i32)
    (local.set $code (i32.const -32768))
    (loop $codes
      (local.set $hi (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64
        (f64.mul (f64.convert_i32_s (local.get $code)) (f64.const 0x1p-15))) (i64.const 32))))
      (local.set $at (i32.add (local.get $t) (i32.shl (i32.add (local.get $code) (i32.const 32768)) (i32.const 2))))
      (i32.store (local.get $at)
        (i32.mul (i32.rotl (i32.mul (local.get $hi) (i32.const 0xab0e9789)) (i32.const 16)) (i32.const 0x38b34ae5)))
      (i32.store offset=262144 (local.get $at)
        (i32.mul (i32.rotl (i32.mul (local.get $hi) (i32.const 0xa1e38b93)) (i32.const 18)) (i32.const 0x239b961b)))
      (local.set $code (i32.add (local.get $code) (i32.const 1)))
      (br_if $codes (i32.le_s (local.get $code) (i32.const 32767)))))

  ;; MurmurHash3_x86_128 blocks of the content hash's message (each code as the float64 code / 32768, little-endian:
  ;; two codes per 16-byte block, whose low words are zero and so mix to nothing), continuing the state h1..h4 at
  ;; $state; k2 and k4 come mixed from hashTables' tables at $t.
  (func (export "hash") (param $p i32) (param $pairs i32) (param $state i32) (param $t i32)
    (local $end i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $h4 i32)
    (local.set $h1 (i32.load (local.get $state)))
    (local.set $h2 (i32.load offset=4 (local.get $state)))
    (local.set $h3 (i32.load offset=8 (local.get $state)))
    (local.set $h4 (i32.load offset=12 (local.get $state)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $pairs) (i32.const 2))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $h1 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h1) (i32.const 19)) (local.get $h2)) (i32.const 5))
          (i32.const 0x561ccd1b)))
        ;; code + 32768 = the unsigned code with its top bit flipped
        (local.set $h2 (i32.xor (local.get $h2) (i32.load (i32.add (local.get $t)
          (i32.shl (i32.xor (i32.load16_u (local.get $p)) (i32.const 0x8000)) (i32.const 2))))))
        (local.set $h2 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h2) (i32.const 17)) (local.get $h3)) (i32.const 5))
          (i32.const 0x0bcaa747)))
        (local.set $h3 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h3) (i32.const 15)) (local.get $h4)) (i32.const 5))
          (i32.const 0x96cd1c35)))
        (local.set $h4 (i32.xor (local.get $h4) (i32.load offset=262144 (i32.add (local.get $t)
          (i32.shl (i32.xor (i32.load16_u offset=2 (local.get $p)) (i32.const 0x8000)) (i32.const 2))))))
        (local.set $h4 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h4) (i32.const 13)) (local.get $h1)) (i32.const 5))
          (i32.const 0x32ac3b17)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $blocks)))
    (i32.store (local.get $state) (local.get $h1))
    (i32.store offset=4 (local.get $state) (local.get $h2))
    (i32.store offset=8 (local.get $state) (local.get $h3))
    (i32.store offset=12 (local.get $state) (local.get $h4)))
)
