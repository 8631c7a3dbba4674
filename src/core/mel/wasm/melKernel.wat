;; Per-frame mel front end in WebAssembly SIMD, sharing PFFFT's memory (src/core/mel/wasmFrontEnd.ts).
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates melKernelWasm.ts.
(module
  (import "env" "memory" (memory 1))
  ;; PFFFT's pffft_transform_ordered(setup, input, output, work, direction) from the same memory
  (import "env" "transform" (func $transform (param i32 i32 i32 i32 i32)))

  ;; In place over n f64 samples at p: x = (finite ? x : 0); p[i] = x - a·prev; prev = x. Returns the last raw x.
  ;; Same operation order as the TypeScript path, so both give identical f64 results (Tacotron util/audio.py preemphasis).
  (func (export "preemphasis") (param $p i32) (param $n i32) (param $prev f64) (param $a f64) (result f64)
    (local $end i32) (local $x f64) (local $xs v128) (local $last v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    ;; two samples per step: y = xs - a·[previous x, xs0], lane by lane the scalar expression below
    (local.set $last (f64x2.splat (local.get $prev)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $xs (v128.load (local.get $p)))
        ;; x - x is 0 only for finite x (NaN and ±Inf give NaN)
        (local.set $xs (v128.bitselect (local.get $xs) (v128.const i64x2 0 0)
          (f64x2.eq (f64x2.sub (local.get $xs) (local.get $xs)) (v128.const f64x2 0 0))))
        (v128.store (local.get $p) (f64x2.sub (local.get $xs) (f64x2.mul (f64x2.splat (local.get $a))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $last) (local.get $xs)))))
        (local.set $last (local.get $xs))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pairs)))
    (local.set $prev (f64x2.extract_lane 1 (local.get $last)))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64.load (local.get $p)))
        (local.set $x (select (local.get $x) (f64.const 0) (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0))))
        (f64.store (local.get $p) (f64.sub (local.get $x) (f64.mul (local.get $a) (local.get $prev))))
        (local.set $prev (local.get $x))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $samples)))
    (local.get $prev))

  ;; input[0..nFft) = 0 except input[off + i] = f32(src[i]·win[i]) for i < n  (src, win: f64; input: f32)
  (func $window (export "window") (param $src i32) (param $win i32) (param $input i32) (param $off i32) (param $n i32) (param $nFft i32)
    (local $i i32) (local $dst i32)
    ;; only the zero padding on either side is cleared: the window covers the middle
    (memory.fill (local.get $input) (i32.const 0) (i32.shl (local.get $off) (i32.const 2)))
    (local.set $dst (i32.add (local.get $input) (i32.shl (local.get $off) (i32.const 2))))
    (memory.fill (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))) (i32.const 0)
      (i32.shl (i32.sub (local.get $nFft) (i32.add (local.get $off) (local.get $n))) (i32.const 2)))
    ;; four samples per step: two f64x2 products, demoted and joined into one f32x4
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (v128.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.mul
                (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))
                (v128.load (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3))))))
            (f32x4.demote_f64x2_zero
              (f64x2.mul
                (v128.load offset=16 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))
                (v128.load offset=16 (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    ;; two samples: f64x2 product, demoted into the low two f32 lanes, stored as 8 bytes
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (v128.store64_lane 0
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.demote_f64x2_zero
            (f64x2.mul
              (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))
              (v128.load (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then
        (f32.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64
            (f64.mul
              (f64.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))
              (f64.load (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3))))))))))

  ;; spec[k] = |X[k]| (power = 0) or |X[k]|² (power = 1) for k = 0..half from PFFFT's ordered real output
  ;; [X0.re, X(half).re, X1.re, X1.im, X2.re, X2.im, ...]  (f32 in, f32 out)
  (func $spectrum (export "spectrum") (param $fft i32) (param $spec i32) (param $half i32) (param $power i32)
    (local $k i32) (local $a v128) (local $b v128) (local $p v128) (local $re f32) (local $im f32) (local $s f32)
    ;; DC and Nyquist are real
    (local.set $re (f32.load (local.get $fft)))
    (local.set $im (f32.load offset=4 (local.get $fft)))
    (f32.store (local.get $spec) (select (f32.mul (local.get $re) (local.get $re)) (f32.abs (local.get $re)) (local.get $power)))
    (f32.store (i32.add (local.get $spec) (i32.shl (local.get $half) (i32.const 2)))
      (select (f32.mul (local.get $im) (local.get $im)) (f32.abs (local.get $im)) (local.get $power)))
    (local.set $k (i32.const 1))
    ;; four bins per step: bins k..k+3 occupy 8 floats at fft + 8k
    (block $done
      (loop $quads
        (br_if $done (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $half)))
        (local.set $a (v128.load (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $b (v128.load offset=16 (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $a (f32x4.mul (local.get $a) (local.get $a)))
        (local.set $b (f32x4.mul (local.get $b) (local.get $b)))
        ;; re² lanes (0, 2 of a; 0, 2 of b) + im² lanes (1, 3 of a; 1, 3 of b)
        (local.set $p (f32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))))
        (v128.store (i32.add (local.get $spec) (i32.shl (local.get $k) (i32.const 2)))
          (select (local.get $p) (f32x4.sqrt (local.get $p)) (local.get $power)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_s (local.get $k) (local.get $half)))
        (local.set $re (f32.load (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $im (f32.load offset=4 (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $s (f32.add (f32.mul (local.get $re) (local.get $re)) (f32.mul (local.get $im) (local.get $im))))
        (f32.store (i32.add (local.get $spec) (i32.shl (local.get $k) (i32.const 2)))
          (select (local.get $s) (f32.sqrt (local.get $s)) (local.get $power)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tail))))

  ;; mel[m] = Σ_j weights[woff[m] + j]·spec[start[m] + j], j < len[m]  (i32 tables, f32 weights/spec, f64 out)
  (func $project (export "project") (param $spec i32) (param $nMels i32) (param $start i32) (param $len i32) (param $woff i32)
      (param $weights i32) (param $mel i32)
    (local $m i32) (local $s i32) (local $w i32) (local $n i32) (local $j i32) (local $acc v128) (local $sum f32)
    (block $bandsDone
      (loop $bands
        (br_if $bandsDone (i32.ge_s (local.get $m) (local.get $nMels)))
        (local.set $s (i32.add (local.get $spec) (i32.shl (i32.load (i32.add (local.get $start) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 2))))
        (local.set $w (i32.add (local.get $weights) (i32.shl (i32.load (i32.add (local.get $woff) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 2))))
        (local.set $n (i32.load (i32.add (local.get $len) (i32.shl (local.get $m) (i32.const 2)))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul
                (v128.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))
                (v128.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec)))
        (local.set $sum (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $j) (local.get $n)))
            (local.set $sum (f32.add (local.get $sum)
              (f32.mul
                (f32.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))
                (f32.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (f64.store (i32.add (local.get $mel) (i32.shl (local.get $m) (i32.const 3))) (f64.promote_f32 (local.get $sum)))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $bands))))
;; ln(x) for finite normal x > 0: x = 2^e·m with m in [√½, √2], ln m = 2·atanh(s) = 2s·Σ z^i/(2i+1),
  ;; s = (m-1)/(m+1), z = s² <= 0.0295; terms to z^8 leave an error below 1e-16 relative.
  (func $ln (param $x f64) (result f64)
    (local $bits i64) (local $e f64) (local $m f64) (local $s f64) (local $z f64)
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (local.set $e (f64.convert_i64_s
      (i64.sub (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff)) (i64.const 1023))))
    (local.set $m (f64.reinterpret_i64
      (i64.or (i64.and (local.get $bits) (i64.const 0x000fffffffffffff)) (i64.const 0x3ff0000000000000))))
    (if (f64.gt (local.get $m) (f64.const 1.4142135623730951))
      (then
        (local.set $m (f64.mul (local.get $m) (f64.const 0.5)))
        (local.set $e (f64.add (local.get $e) (f64.const 1)))))
    (local.set $s (f64.div (f64.sub (local.get $m) (f64.const 1)) (f64.add (local.get $m) (f64.const 1))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (f64.add
      (f64.mul (local.get $e) (f64.const 0.6931471805599453))
      (f64.mul (f64.mul (f64.const 2) (local.get $s))
        (f64.add (f64.const 1) (f64.mul (local.get $z)
        (f64.add (f64.const 0.3333333333333333) (f64.mul (local.get $z)
        (f64.add (f64.const 0.2) (f64.mul (local.get $z)
        (f64.add (f64.const 0.14285714285714285) (f64.mul (local.get $z)
        (f64.add (f64.const 0.1111111111111111) (f64.mul (local.get $z)
        (f64.add (f64.const 0.09090909090909091) (f64.mul (local.get $z)
        (f64.add (f64.const 0.07692307692307693) (f64.mul (local.get $z)
        (f64.add (f64.const 0.06666666666666667) (f64.mul (local.get $z)
          (f64.const 0.058823529411764705))))))))))))))))))))

  ;; $ln on two lanes: the same operations in the same order, so each lane equals the scalar result bit for bit.
  (func $ln2 (param $x v128) (result v128)
    (local $e v128) (local $m v128) (local $s v128) (local $z v128) (local $big v128)
    ;; exponent field as f64: the bits 2^52 + field read as a double, minus 2^52 + 1023 (exact for these integers)
    (local.set $e (f64x2.sub
      (v128.or (v128.and (i64x2.shr_u (local.get $x) (i32.const 52)) (v128.const i64x2 0x7ff 0x7ff))
        (v128.const i64x2 0x4330000000000000 0x4330000000000000))
      (v128.const f64x2 4503599627371519 4503599627371519)))
    (local.set $m (v128.or (v128.and (local.get $x) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
      (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
    (local.set $big (f64x2.gt (local.get $m) (v128.const f64x2 1.4142135623730951 1.4142135623730951)))
    (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (v128.const f64x2 0.5 0.5)) (local.get $m) (local.get $big)))
    (local.set $e (v128.bitselect (f64x2.add (local.get $e) (v128.const f64x2 1 1)) (local.get $e) (local.get $big)))
    (local.set $s (f64x2.div (f64x2.sub (local.get $m) (v128.const f64x2 1 1)) (f64x2.add (local.get $m) (v128.const f64x2 1 1))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (f64x2.add
      (f64x2.mul (local.get $e) (v128.const f64x2 0.6931471805599453 0.6931471805599453))
      (f64x2.mul (f64x2.mul (v128.const f64x2 2 2) (local.get $s))
        (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.3333333333333333 0.3333333333333333) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.2 0.2) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.14285714285714285 0.14285714285714285) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.1111111111111111 0.1111111111111111) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.09090909090909091 0.09090909090909091) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.07692307692307693 0.07692307692307693) (f64x2.mul (local.get $z)
        (f64x2.add (v128.const f64x2 0.06666666666666667 0.06666666666666667) (f64x2.mul (local.get $z)
          (v128.const f64x2 0.058823529411764705 0.058823529411764705))))))))))))))))))))

  ;; db[m] = scale·log10(max(amin, mel[m])) - ref (NaN reads as amin; aminDb = scale·log10(amin) - ref), and the statistics of src/core/mel/analyzer.ts:
  ;; bandSum[m] += d, bandSumSq[m] += d²; acc = [sum, sumSq, min, max, above (> top), below (<= floor)] (all f64).
  ;; Returns 1 when this frame raised the maximum.
  (func $decibels (export "decibels") (param $mel i32) (param $db i32) (param $bandSum i32) (param $bandSumSq i32) (param $acc i32)
      (param $n i32) (param $scale f64) (param $amin f64) (param $ref f64) (param $top f64) (param $floor f64)
      (param $aminDb f64) (result i32)
    (local $o i32) (local $end i32) (local $v f64) (local $d f64) (local $sum f64) (local $sumSq f64) (local $min f64)
    (local $max f64) (local $above f64) (local $below f64) (local $newMax i32) (local $vv v128) (local $dd v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    ;; pass 1, two bands per step: d, and the per-band sums (each band's own order, so lanes change nothing)
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $o) (i32.const 16)) (local.get $end)))
        (local.set $vv (v128.load (i32.add (local.get $mel) (local.get $o))))
        ;; at or below amin (or NaN) the value is aminDb, computed by the caller with Math.log10 so both paths agree
        ;; exactly at the floor; above it log10(v) = ln(v)·log10(e)
        (local.set $dd (v128.bitselect
          (f64x2.sub
            (f64x2.mul (f64x2.splat (local.get $scale))
              (f64x2.mul (call $ln2 (local.get $vv)) (v128.const f64x2 0.4342944819032518 0.4342944819032518)))
            (f64x2.splat (local.get $ref)))
          (f64x2.splat (local.get $aminDb))
          (f64x2.gt (local.get $vv) (f64x2.splat (local.get $amin)))))
        (v128.store (i32.add (local.get $db) (local.get $o)) (local.get $dd))
        (v128.store (i32.add (local.get $bandSum) (local.get $o))
          (f64x2.add (v128.load (i32.add (local.get $bandSum) (local.get $o))) (local.get $dd)))
        (v128.store (i32.add (local.get $bandSumSq) (local.get $o))
          (f64x2.add (v128.load (i32.add (local.get $bandSumSq) (local.get $o))) (f64x2.mul (local.get $dd) (local.get $dd))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs)))
    ;; an odd last band
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (local.set $v (f64.load (i32.add (local.get $mel) (local.get $o))))
        (local.set $d
          (if (result f64) (f64.gt (local.get $v) (local.get $amin))
            (then (f64.sub
              (f64.mul (local.get $scale) (f64.mul (call $ln (local.get $v)) (f64.const 0.4342944819032518)))
              (local.get $ref)))
            (else (local.get $aminDb))))
        (f64.store (i32.add (local.get $db) (local.get $o)) (local.get $d))
        (f64.store (i32.add (local.get $bandSum) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $bandSum) (local.get $o))) (local.get $d)))
        (f64.store (i32.add (local.get $bandSumSq) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $bandSumSq) (local.get $o))) (f64.mul (local.get $d) (local.get $d))))))
    ;; pass 2, in band order: the frame sums (their rounding depends on the order), extremes and counts
    (local.set $min (f64.load offset=16 (local.get $acc)))
    (local.set $max (f64.load offset=24 (local.get $acc)))
    (local.set $o (i32.const 0))
    (block $done
      (loop $bands
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $d (f64.load (i32.add (local.get $db) (local.get $o))))
        (local.set $sum (f64.add (local.get $sum) (local.get $d)))
        (local.set $sumSq (f64.add (local.get $sumSq) (f64.mul (local.get $d) (local.get $d))))
        (if (f64.lt (local.get $d) (local.get $min)) (then (local.set $min (local.get $d))))
        (if (f64.gt (local.get $d) (local.get $max))
          (then (local.set $max (local.get $d)) (local.set $newMax (i32.const 1))))
        (if (f64.gt (local.get $d) (local.get $top))
          (then (local.set $above (f64.add (local.get $above) (f64.const 1)))))
        (if (f64.le (local.get $d) (local.get $floor))
          (then (local.set $below (f64.add (local.get $below) (f64.const 1)))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $bands)))
    (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc)) (local.get $sum)))
    (f64.store offset=8 (local.get $acc) (f64.add (f64.load offset=8 (local.get $acc)) (local.get $sumSq)))
    (f64.store offset=16 (local.get $acc) (local.get $min))
    (f64.store offset=24 (local.get $acc) (local.get $max))
    (f64.store offset=32 (local.get $acc) (f64.add (f64.load offset=32 (local.get $acc)) (local.get $above)))
    (f64.store offset=40 (local.get $acc) (f64.add (f64.load offset=40 (local.get $acc)) (local.get $below)))
    (local.get $newMax))
  ;; count frames, hop samples apart, starting at the f64 sample src (the window's first sample): window, PFFFT,
  ;; |X|^power, mel projection and dB with its statistics, as one call per frame to the functions above would.
  ;; plan: i32 [win, input, off, winLen, nFft, setup, output, work, spec, half, power, nMels, start, len, woff,
  ;; weights, mel, db, bandSum, bandSumSq, acc, hop] then at 88 f64 [scale, amin, ref, top, floor, aminDb]
  ;; (frontEnd.ts writes it). Returns the index of the last frame that raised the maximum, or -1.
  (func (export "frames") (param $plan i32) (param $src i32) (param $count i32) (result i32)
    (local $i i32) (local $raised i32)
    (local.set $raised (i32.const -1))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (call $window (local.get $src) (i32.load (local.get $plan)) (i32.load offset=4 (local.get $plan))
          (i32.load offset=8 (local.get $plan)) (i32.load offset=12 (local.get $plan)) (i32.load offset=16 (local.get $plan)))
        (call $transform (i32.load offset=20 (local.get $plan)) (i32.load offset=4 (local.get $plan))
          (i32.load offset=24 (local.get $plan)) (i32.load offset=28 (local.get $plan)) (i32.const 0))
        (call $spectrum (i32.load offset=24 (local.get $plan)) (i32.load offset=32 (local.get $plan))
          (i32.load offset=36 (local.get $plan)) (i32.load offset=40 (local.get $plan)))
        (call $project (i32.load offset=32 (local.get $plan)) (i32.load offset=44 (local.get $plan))
          (i32.load offset=48 (local.get $plan)) (i32.load offset=52 (local.get $plan)) (i32.load offset=56 (local.get $plan))
          (i32.load offset=60 (local.get $plan)) (i32.load offset=64 (local.get $plan)))
        (if (call $decibels (i32.load offset=64 (local.get $plan)) (i32.load offset=68 (local.get $plan))
              (i32.load offset=72 (local.get $plan)) (i32.load offset=76 (local.get $plan)) (i32.load offset=80 (local.get $plan))
              (i32.load offset=44 (local.get $plan)) (f64.load offset=88 (local.get $plan)) (f64.load offset=96 (local.get $plan))
              (f64.load offset=104 (local.get $plan)) (f64.load offset=112 (local.get $plan)) (f64.load offset=120 (local.get $plan))
              (f64.load offset=128 (local.get $plan)))
          (then (local.set $raised (local.get $i))))
        (local.set $src (i32.add (local.get $src) (i32.shl (i32.load offset=84 (local.get $plan)) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $raised))
)
