;; Haitsma-Kalker frame loop in WebAssembly SIMD, sharing PFFFT's memory (src/core/dedup/fingerprint.ts): for many frames
;; per call, the Hann window, PFFFT's 2048-point real transform, the 33 band energies and the 32-bit sub-fingerprint.
;; Every step does what the TypeScript path over PFFFT does, in the same order and precision, so the bits are the same.
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates fingerprintKernelWasm.ts.
(module
  (import "env" "memory" (memory 1))
  ;; PFFFT's pffft_transform_ordered(setup, input, output, work, direction) from the same memory
  (import "env" "transform" (func $transform (param i32 i32 i32 i32 i32)))

  ;; input[i] = src[i]·win[i] for i < n, n a multiple of 4, all f32 (one rounding per product, as a Float32Array
  ;; store of the product of two float32 values)
  (func $window (param $src i32) (param $win i32) (param $input i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $input) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $input) (local.get $end)))
        (v128.store (local.get $input) (f32x4.mul (v128.load (local.get $src)) (v128.load (local.get $win))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $win (i32.add (local.get $win) (i32.const 16)))
        (local.set $input (i32.add (local.get $input) (i32.const 16)))
        (br $quads))))

  ;; e[m] = Σ_k |X[k]|² over bins edges[m] <= k < edges[m+1], m < bands, from PFFFT's ordered output
  ;; [X0.re, X(N/2).re, X1.re, X1.im, ...] (bins 1..N/2-1 only): |X|² = re·re + im·im in f64 from the f32 parts. Two
  ;; running sums per band, one over the band's 1st, 3rd, 5th … bin and one over its 2nd, 4th …, added at the end:
  ;; half the dependent adds of one sum, and what the TypeScript path does
  (func $energies (param $fft i32) (param $edges i32) (param $bands i32) (param $e i32)
    (local $m i32) (local $p i32) (local $end i32) (local $acc v128) (local $x v128) (local $re v128) (local $im v128)
    (local $r f64) (local $i f64)
    (local.set $p (i32.add (local.get $fft) (i32.shl (i32.load (local.get $edges)) (i32.const 3))))
    (block $bandsDone
      (loop $bandLoop
        (br_if $bandsDone (i32.ge_u (local.get $m) (local.get $bands)))
        (local.set $end (i32.add (local.get $fft)
          (i32.shl (i32.load offset=4 (i32.add (local.get $edges) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 3))))
        (local.set $acc (v128.const f64x2 0 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
            ;; x = [re_k, im_k, re_k+1, im_k+1] (f32): lanes become [re_k, re_k+1] and [im_k, im_k+1] in f64
            (local.set $x (v128.load (local.get $p)))
            (local.set $re (f64x2.promote_low_f32x4
              (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $x) (local.get $x))))
            (local.set $im (f64x2.promote_low_f32x4
              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x))))
            (local.set $acc (f64x2.add (local.get $acc)
              (f64x2.add (f64x2.mul (local.get $re) (local.get $re)) (f64x2.mul (local.get $im) (local.get $im)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $pairs)))
        ;; an odd band's last bin goes to the first sum
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (local.set $r (f64.promote_f32 (f32.load (local.get $p))))
            (local.set $i (f64.promote_f32 (f32.load offset=4 (local.get $p))))
            (local.set $acc (f64x2.replace_lane 0 (local.get $acc)
              (f64.add (f64x2.extract_lane 0 (local.get $acc))
                (f64.add (f64.mul (local.get $r) (local.get $r)) (f64.mul (local.get $i) (local.get $i))))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))))
        (f64.store (i32.add (local.get $e) (i32.shl (local.get $m) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $bandLoop))))

  ;; 1 when the n f32 samples at src (n a multiple of 4) are all ±0: digital silence, whose windowed frame, spectrum
  ;; and band energies are exactly 0, so the frame loop writes 0 energies instead of transforming it. Stops at the
  ;; first sound, so a frame with sound pays about one load.
  (func $silent (param $src i32) (param $n i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $sound
      (loop $quads
        (br_if $sound (i32.ge_u (local.get $src) (local.get $end)))
        (if (v128.any_true (f32x4.ne (v128.load (local.get $src)) (v128.const f32x4 0 0 0 0)))
          (then (return (i32.const 0))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $quads)))
    (i32.const 1))

  ;; Haitsma & Kalker eq. (1): bit m = 1 iff cur[m] − cur[m+1] − (prev[m] − prev[m+1]) > 0, m < bands − 1 (f64)
  (func $bits (param $prev i32) (param $cur i32) (param $bands i32) (result i32)
    (local $m i32) (local $bits i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (i32.add (local.get $m) (i32.const 1)) (local.get $bands)))
        (if (f64.gt
              (f64.sub
                (f64.sub (f64.load (local.get $cur)) (f64.load offset=8 (local.get $cur)))
                (f64.sub (f64.load (local.get $prev)) (f64.load offset=8 (local.get $prev))))
              (f64.const 0))
          (then (local.set $bits (i32.or (local.get $bits) (i32.shl (i32.const 1) (local.get $m))))))
        (local.set $cur (i32.add (local.get $cur) (i32.const 8)))
        (local.set $prev (i32.add (local.get $prev) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $each)))
    (local.get $bits))

  ;; count frames, hop f32 samples apart, starting at src: window, transform, energies into cur (0 for silence); from the second frame
  ;; of the file on (plan.havePrev = 1), the sub-fingerprint against prev goes to the next u32 at prints; cur becomes prev.
  ;; plan: i32 [win, input, setup, output, work, edges, prev, cur, havePrev, n, hop, bands] (fingerprint.ts writes it).
  ;; Returns the number of sub-fingerprints written.
  (func (export "frames") (param $plan i32) (param $src i32) (param $count i32) (param $prints i32) (result i32)
    (local $i i32) (local $written i32) (local $prev i32) (local $cur i32) (local $bands i32)
    (local.set $prev (i32.load offset=24 (local.get $plan)))
    (local.set $cur (i32.load offset=28 (local.get $plan)))
    (local.set $bands (i32.load offset=44 (local.get $plan)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (if (call $silent (local.get $src) (i32.load offset=36 (local.get $plan)))
          (then (memory.fill (local.get $cur) (i32.const 0) (i32.shl (local.get $bands) (i32.const 3))))
          (else
            (call $window (local.get $src) (i32.load (local.get $plan)) (i32.load offset=4 (local.get $plan))
              (i32.load offset=36 (local.get $plan)))
            (call $transform (i32.load offset=8 (local.get $plan)) (i32.load offset=4 (local.get $plan))
              (i32.load offset=12 (local.get $plan)) (i32.load offset=16 (local.get $plan)) (i32.const 0))
            (call $energies (i32.load offset=12 (local.get $plan)) (i32.load offset=20 (local.get $plan)) (local.get $bands)
              (local.get $cur))))
        (if (i32.load offset=32 (local.get $plan))
          (then
            (i32.store (i32.add (local.get $prints) (i32.shl (local.get $written) (i32.const 2)))
              (call $bits (local.get $prev) (local.get $cur) (local.get $bands)))
            (local.set $written (i32.add (local.get $written) (i32.const 1)))))
        (i32.store offset=32 (local.get $plan) (i32.const 1))
        (memory.copy (local.get $prev) (local.get $cur) (i32.shl (local.get $bands) (i32.const 3)))
        (local.set $src (i32.add (local.get $src) (i32.shl (i32.load offset=40 (local.get $plan)) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $written))

  ;; Resampler dot products (src/core/dedup/resample.ts): out[i] = Σ_j x_i[j]·h_i[j], j < taps (a multiple of 4), all
  ;; f32, for count outputs whose input and kernel row start at the byte addresses idx[2i] and idx[2i+1]. Each sum runs
  ;; over j in order from 0, each product rounded alone, as the TypeScript loop does with Math.fround, so the results
  ;; are bit-identical. 4 outputs at a time, one per lane: the 4 × 4 products of 4 taps are transposed so lane i adds
  ;; output i's taps j, j+1, j+2, j+3 in turn.
  (func $dots (export "dots") (param $idx i32) (param $count i32) (param $taps i32) (param $out i32)
    (local $i i32) (local $j i32) (local $end i32) (local $a0 f32)
    (local $x0 i32) (local $h0 i32) (local $x1 i32) (local $h1 i32) (local $x2 i32) (local $h2 i32) (local $x3 i32) (local $h3 i32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $lo01 v128) (local $lo23 v128)
    (local $hi01 v128) (local $hi23 v128) (local $s v128)
    (local.set $end (i32.shl (local.get $taps) (i32.const 2)))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $x0 (i32.load offset=0 (local.get $idx)))
        (local.set $h0 (i32.load offset=4 (local.get $idx)))
        (local.set $x1 (i32.load offset=8 (local.get $idx)))
        (local.set $h1 (i32.load offset=12 (local.get $idx)))
        (local.set $x2 (i32.load offset=16 (local.get $idx)))
        (local.set $h2 (i32.load offset=20 (local.get $idx)))
        (local.set $x3 (i32.load offset=24 (local.get $idx)))
        (local.set $h3 (i32.load offset=28 (local.get $idx)))
        (local.set $s (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $tapsDone
          (loop $tapLoop
            (br_if $tapsDone (i32.ge_u (local.get $j) (local.get $end)))
            ;; p_o = output o's products of taps j..j+3
            (local.set $p0 (f32x4.mul (v128.load (i32.add (local.get $x0) (local.get $j))) (v128.load (i32.add (local.get $h0) (local.get $j)))))
            (local.set $p1 (f32x4.mul (v128.load (i32.add (local.get $x1) (local.get $j))) (v128.load (i32.add (local.get $h1) (local.get $j)))))
            (local.set $p2 (f32x4.mul (v128.load (i32.add (local.get $x2) (local.get $j))) (v128.load (i32.add (local.get $h2) (local.get $j)))))
            (local.set $p3 (f32x4.mul (v128.load (i32.add (local.get $x3) (local.get $j))) (v128.load (i32.add (local.get $h3) (local.get $j)))))
            ;; transpose: lo01 = [p0.0 p1.0 p0.1 p1.1], lo23 = [p2.0 p3.0 p2.1 p3.1], hi01/hi23 likewise for taps 2, 3
            (local.set $lo01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $p0) (local.get $p1)))
            (local.set $lo23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $p2) (local.get $p3)))
            (local.set $hi01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $p0) (local.get $p1)))
            (local.set $hi23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $p2) (local.get $p3)))
            (local.set $s (f32x4.add (local.get $s)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo01) (local.get $lo23))))
            (local.set $s (f32x4.add (local.get $s)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo01) (local.get $lo23))))
            (local.set $s (f32x4.add (local.get $s)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $hi01) (local.get $hi23))))
            (local.set $s (f32x4.add (local.get $s)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $hi01) (local.get $hi23))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $tapLoop)))
        (v128.store (local.get $out) (local.get $s))
        (local.set $idx (i32.add (local.get $idx) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $groups)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $x0 (i32.load (local.get $idx)))
        (local.set $h0 (i32.load offset=4 (local.get $idx)))
        (local.set $a0 (f32.const 0))
        (local.set $j (i32.const 0))
        (block $tapsDone
          (loop $tapLoop
            (br_if $tapsDone (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $a0 (f32.add (local.get $a0) (f32.mul (f32.load (i32.add (local.get $x0) (local.get $j)))
              (f32.load (i32.add (local.get $h0) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tapLoop)))
        (f32.store (local.get $out) (local.get $a0))
        (local.set $idx (i32.add (local.get $idx) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))

  ;; In place over n f32 samples at p: x = (finite ? x : 0), four at a time (x - x is 0 only for finite x), as the
  ;; TypeScript copy loop of the resampler does
  (func (export "finite") (param $p i32) (param $n i32)
    (local $end i32) (local $x v128) (local $v f32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $x (v128.load (local.get $p)))
        (v128.store (local.get $p) (v128.bitselect (local.get $x) (v128.const i32x4 0 0 0 0)
          (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $quads)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (f32.load (local.get $p)))
        (f32.store (local.get $p)
          (select (local.get $v) (f32.const 0) (f32.eq (f32.sub (local.get $v) (local.get $v)) (f32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $each))))

  ;; The resampler's produce() loop (src/core/dedup/resample.ts) for up to max outputs from output index k: output k is
  ;; at input time pos/fout, pos = k·fin; t0 = floor(pos/fout); phase p = round((pos − t0·fout)·P/fout) (round half up,
  ;; as Math.round for these non-negative values), p = P moving to phase 0 of t0 + 1; it stops at the first output whose
  ;; taps t0 − W + 1 .. t0 + W + 1 reach past `available` or whose pos >= limitPos. All in f64 as the TypeScript does,
  ;; exact for integers below 2^53. idx receives the (f32 input, f32 kernel row) byte addresses, out the f32 sums.
  ;; Returns the count.
  (func (export "resample") (param $k f64) (param $fin f64) (param $fout f64) (param $phases f64) (param $W i32)
      (param $bufStart f64) (param $available f64) (param $limitPos f64) (param $buf i32) (param $table i32)
      (param $idx i32) (param $out i32) (param $max i32) (result i32)
    (local $n i32) (local $pos f64) (local $t0 f64) (local $p f64) (local $rowBytes i32) (local $at i32)
    (local.set $rowBytes (i32.shl (local.get $W) (i32.const 3)))
    (local.set $at (local.get $idx))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
        (local.set $pos (f64.mul (local.get $k) (local.get $fin)))
        (local.set $t0 (f64.floor (f64.div (local.get $pos) (local.get $fout))))
        (br_if $done (f64.ge (f64.add (f64.add (local.get $t0) (f64.convert_i32_s (local.get $W))) (f64.const 1))
          (local.get $available)))
        (br_if $done (f64.ge (local.get $pos) (local.get $limitPos)))
        (local.set $p (f64.floor (f64.add
          (f64.div (f64.mul (f64.sub (local.get $pos) (f64.mul (local.get $t0) (local.get $fout))) (local.get $phases))
            (local.get $fout))
          (f64.const 0.5))))
        (if (f64.eq (local.get $p) (local.get $phases))
          (then
            (local.set $p (f64.const 0))
            (local.set $t0 (f64.add (local.get $t0) (f64.const 1)))))
        (i32.store (local.get $at) (i32.add (local.get $buf) (i32.shl
          (i32.trunc_f64_s (f64.sub (f64.add (f64.sub (local.get $t0) (f64.convert_i32_s (local.get $W))) (f64.const 1))
            (local.get $bufStart)))
          (i32.const 2))))
        (i32.store offset=4 (local.get $at)
          (i32.add (local.get $table) (i32.mul (i32.trunc_f64_s (local.get $p)) (local.get $rowBytes))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (local.set $k (f64.add (local.get $k) (f64.const 1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $each)))
    (call $dots (local.get $idx) (local.get $n) (i32.shl (local.get $W) (i32.const 1)) (local.get $out))
    (local.get $n))
)
