;; Long-term power spectrum for the effective bandwidth (src/core/stats/bandwidth.ts) in WebAssembly SIMD, sharing
;; PFFFT's memory: per frame, periodic Hann window → PFFFT → Σ |X[k]|² into f64 sums.
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates bandwidthKernelWasm.ts.
(module
  (import "env" "memory" (memory 1))
  ;; PFFFT's pffft_transform_ordered(setup, input, output, work, direction) from the same memory
  (import "env" "transform" (func $transform (param i32 i32 i32 i32 i32)))

  ;; input[i] = f32(x[i]·win[i]) for i < n (n a multiple of 4), x[i] = src[i] when finite, else 0  (src, win: f64)
  (func $window (param $src i32) (param $win i32) (param $input i32) (param $n i32)
    (local $i i32) (local $a v128) (local $b v128)
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $b (v128.load offset=16 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        ;; x - x is 0 only for finite x (NaN and ±Inf give NaN): those lanes become 0
        (local.set $a (v128.and (local.get $a) (f64x2.eq (f64x2.sub (local.get $a) (local.get $a)) (v128.const f64x2 0 0))))
        (local.set $b (v128.and (local.get $b) (f64x2.eq (f64x2.sub (local.get $b) (local.get $b)) (v128.const f64x2 0 0))))
        ;; two f64x2 products, demoted and joined into one f32x4 (the same rounding as a Float32Array store)
        (v128.store
          (i32.add (local.get $input) (i32.shl (local.get $i) (i32.const 2)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.mul (local.get $a) (v128.load (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3))))))
            (f32x4.demote_f64x2_zero
              (f64x2.mul (local.get $b) (v128.load offset=16 (i32.add (local.get $win) (i32.shl (local.get $i) (i32.const 3))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads))))

  ;; sum[k] += re² + im² (in f64, from the f32 values) for k = 0..half, from PFFFT's ordered real output
  ;; [X0.re, X(half).re, X1.re, X1.im, X2.re, X2.im, ...]; half even
  (func $accumulate (param $fft i32) (param $sum i32) (param $half i32)
    (local $k i32) (local $v v128) (local $a v128) (local $b v128) (local $x f64) (local $y f64)
    ;; DC and Nyquist are real
    (local.set $x (f64.promote_f32 (f32.load (local.get $fft))))
    (f64.store (local.get $sum) (f64.add (f64.load (local.get $sum)) (f64.mul (local.get $x) (local.get $x))))
    (local.set $x (f64.promote_f32 (f32.load offset=4 (local.get $fft))))
    (f64.store (i32.add (local.get $sum) (i32.shl (local.get $half) (i32.const 3)))
      (f64.add (f64.load (i32.add (local.get $sum) (i32.shl (local.get $half) (i32.const 3)))) (f64.mul (local.get $x) (local.get $x))))
    (local.set $k (i32.const 1))
    ;; two bins per step: bins k, k+1 are the 4 floats [re_k, im_k, re_k+1, im_k+1] at fft + 8k
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $half)))
        (local.set $v (v128.load (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $a (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $b (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $a (f64x2.mul (local.get $a) (local.get $a)))
        (local.set $b (f64x2.mul (local.get $b) (local.get $b)))
        ;; [re_k², re_k+1²] + [im_k², im_k+1²]
        (v128.store (i32.add (local.get $sum) (i32.shl (local.get $k) (i32.const 3)))
          (f64x2.add (v128.load (i32.add (local.get $sum) (i32.shl (local.get $k) (i32.const 3))))
            (f64x2.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $pairs)))
    ;; the odd bin left before half
    (if (i32.lt_s (local.get $k) (local.get $half))
      (then
        (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $y (f64.promote_f32 (f32.load offset=4 (i32.add (local.get $fft) (i32.shl (local.get $k) (i32.const 3))))))
        (f64.store (i32.add (local.get $sum) (i32.shl (local.get $k) (i32.const 3)))
          (f64.add (f64.load (i32.add (local.get $sum) (i32.shl (local.get $k) (i32.const 3))))
            (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y))))))))

  ;; count frames of nFft samples, hop samples apart, from the f64 sample src: window, PFFFT, Σ |X|² into sum.
  (func (export "frames") (param $src i32) (param $count i32) (param $hop i32) (param $win i32) (param $nFft i32)
      (param $setup i32) (param $input i32) (param $output i32) (param $work i32) (param $sum i32)
    (local $i i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (call $window (local.get $src) (local.get $win) (local.get $input) (local.get $nFft))
        (call $transform (local.get $setup) (local.get $input) (local.get $output) (local.get $work) (i32.const 0))
        (call $accumulate (local.get $output) (local.get $sum) (i32.shr_u (local.get $nFft) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $hop) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))
)
