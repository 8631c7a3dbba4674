;; FLAC subframe loops in WebAssembly over its own memory (src/core/decode/formats/flacKernel.ts lays it out):
;; the Rice/escaped residual, the FIXED and LPC predictors and the frame CRC-16, the hot part of flacFrame.ts.
;; Same arithmetic as flacFrame.ts's TypeScript (int32 wrap-around where it wraps), so both decode bit for bit alike.
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates flacKernelWasm.ts.
(module
  ;; 38 pages: LPC coefficients, the CRC-16 tables, 8 channels x 65536 int32 samples, a 256 KiB read buffer;
  ;; flacKernel.ts grows it for larger frames.
  (memory (export "memory") 38)

  ;; The residual of one subframe (format.html "RESIDUAL"): out[order..n) as int32 at $out, from the bit position $p
  ;; (bits from the buffer start $buf) after the coding method and partition order fields, which the caller read.
  ;; $paramBits is 4 (RICE) or 5 (RICE2). Returns the bit position after the residual, or -1 when it runs past
  ;; $endBits (the caller reads more bytes). Bits are read through a 64-bit cache, its valid bits left-aligned and
  ;; the rest zero; it is refilled 32 bits at a time whenever fewer than 32 are left.
  (func (export "residual") (param $buf i32) (param $p i32) (param $endBits i32) (param $out i32) (param $n i32)
      (param $order i32) (param $partitionOrder i32) (param $paramBits i32) (result i32)
    (local $pos i32) (local $limit i32) (local $cache i64) (local $nbits i32) (local $i i32) (local $to i32)
    (local $perPart i32) (local $k i32) (local $escape i32) (local $q i32) (local $len i32) (local $v i32) (local $u i32)
    (local $addr i32) (local $end i32) (local $w i32) (local $fill i32)
    ;; past limit every bit of the cache lies beyond $endBits: stop there (the buffer has READ_PAD bytes after it)
    (local.set $limit (i32.add (local.get $buf) (i32.add (i32.shr_u (local.get $endBits) (i32.const 3)) (i32.const 8))))
    (local.set $pos (i32.add (local.get $buf) (i32.shr_u (local.get $p) (i32.const 3))))
    (local.set $cache (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00)))) (i64.const 32)))
    (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
    (local.set $nbits (i32.sub (i32.const 32) (i32.and (local.get $p) (i32.const 7))))
    (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (i32.and (local.get $p) (i32.const 7)))))
    (local.set $perPart (i32.shr_u (local.get $n) (local.get $partitionOrder)))
    (local.set $escape (i32.sub (i32.shl (i32.const 1) (local.get $paramBits)) (i32.const 1)))
    (local.set $i (local.get $order))
    (local.set $to (i32.const 0))
    (block $partsDone
      (loop $parts
        (local.set $to (i32.add (local.get $to) (local.get $perPart)))
        (br_if $partsDone (i32.gt_u (local.get $to) (local.get $n)))
        ;; the partition's Rice parameter
        (if (i32.lt_u (local.get $nbits) (i32.const 32))
          (then
            (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
            (local.set $cache (i64.or (local.get $cache) (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00))))
              (i64.extend_i32_u (i32.sub (i32.const 32) (local.get $nbits))))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
            (local.set $nbits (i32.add (local.get $nbits) (i32.const 32)))))
        (local.set $k (i32.wrap_i64 (i64.shr_u (local.get $cache) (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $paramBits))))))
        (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (local.get $paramBits))))
        (local.set $nbits (i32.sub (local.get $nbits) (local.get $paramBits)))
        (local.set $addr (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $end (i32.add (local.get $out) (i32.shl (local.get $to) (i32.const 2))))
        (if (i32.eq (local.get $k) (local.get $escape))
          (then
            ;; escaped partition: a 5-bit width, then each residual in that many bits, two's complement (0: all zero)
            (if (i32.lt_u (local.get $nbits) (i32.const 32))
              (then
                (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
                (local.set $cache (i64.or (local.get $cache) (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00))))
                  (i64.extend_i32_u (i32.sub (i32.const 32) (local.get $nbits))))))
                (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
                (local.set $nbits (i32.add (local.get $nbits) (i32.const 32)))))
            (local.set $len (i32.wrap_i64 (i64.shr_u (local.get $cache) (i64.const 59))))
            (local.set $cache (i64.shl (local.get $cache) (i64.const 5)))
            (local.set $nbits (i32.sub (local.get $nbits) (i32.const 5)))
            (block $rawDone
              (loop $raw
                (br_if $rawDone (i32.ge_u (local.get $addr) (local.get $end)))
                (if (i32.lt_u (local.get $nbits) (i32.const 32))
                  (then
                    (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
                    (local.set $cache (i64.or (local.get $cache) (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00))))
                      (i64.extend_i32_u (i32.sub (i32.const 32) (local.get $nbits))))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
                    (local.set $nbits (i32.add (local.get $nbits) (i32.const 32)))))
                (if (local.get $len)
                  (then
                    (i32.store (local.get $addr)
                      (i32.wrap_i64 (i64.shr_s (local.get $cache) (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $len))))))
                    (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (local.get $len))))
                    (local.set $nbits (i32.sub (local.get $nbits) (local.get $len))))
                  (else (i32.store (local.get $addr) (i32.const 0))))
                (local.set $addr (i32.add (local.get $addr) (i32.const 4)))
                (br $raw))))
          (else
            (block $riceDone
              (loop $rice
                (br_if $riceDone (i32.ge_u (local.get $addr) (local.get $end)))
                (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
                ;; refill without a branch (select): when fewer than 32 bits are left, 32 more from pos
                (local.set $fill (i32.lt_u (local.get $nbits) (i32.const 32)))
                (local.set $cache (i64.or (local.get $cache) (select
                  (i64.shl (i64.extend_i32_u (i32.or
                    (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff))
                    (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00))))
                    (i64.extend_i32_u (i32.sub (i32.const 32) (local.get $nbits))))
                  (i64.const 0) (local.get $fill))))
                (local.set $pos (i32.add (local.get $pos) (i32.shl (local.get $fill) (i32.const 2))))
                (local.set $nbits (i32.add (local.get $nbits) (i32.shl (local.get $fill) (i32.const 5))))
                ;; the unary quotient: leading zeros of the cache (64 when it is all zero)
                (local.set $q (i32.wrap_i64 (i64.clz (local.get $cache))))
                (local.set $len (i32.add (i32.add (local.get $q) (i32.const 1)) (local.get $k)))
                (if (i32.le_u (local.get $len) (local.get $nbits))
                  (then
                    ;; the whole code is in the cache (len <= nbits <= 63, so no shift reaches 64): the k bits after
                    ;; the stop bit (the extra shift by one makes k = 0 give 0), and the cache moves on by len at once
                    (local.set $v (i32.wrap_i64 (i64.shr_u
                      (i64.shr_u (i64.shl (local.get $cache) (i64.extend_i32_u (i32.add (local.get $q) (i32.const 1)))) (i64.const 1))
                      (i64.extend_i32_u (i32.sub (i32.const 63) (local.get $k))))))
                    (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (local.get $len))))
                    (local.set $nbits (i32.sub (local.get $nbits) (local.get $len))))
                  (else
                    (if (i32.lt_u (local.get $q) (local.get $nbits))
                      (then
                        ;; the stop bit is in the cache, the k low bits run past it
                        (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (i32.add (local.get $q) (i32.const 1)))))
                        (local.set $nbits (i32.sub (local.get $nbits) (i32.add (local.get $q) (i32.const 1)))))
                      (else
                        ;; a quotient past every valid bit: count zeros 32 bits at a time to the stop bit
                        (local.set $q (local.get $nbits))
                        (local.set $cache (i64.const 0))
                        (local.set $nbits (i32.const 0))
                        (loop $zeros
                          (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
                          (local.set $cache (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00)))) (i64.const 32)))
                          (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
                          (if (i64.eqz (local.get $cache))
                            (then
                              (local.set $q (i32.add (local.get $q) (i32.const 32)))
                              (br $zeros))))
                        (local.set $len (i32.wrap_i64 (i64.clz (local.get $cache))))
                        (local.set $q (i32.add (local.get $q) (local.get $len)))
                        (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (i32.add (local.get $len) (i32.const 1)))))
                        (local.set $nbits (i32.sub (i32.const 31) (local.get $len)))))
                    ;; fewer than k <= 30 bits are left: refill, then take the k bits
                    (if (i32.lt_u (local.get $nbits) (i32.const 32))
                      (then
                        (if (i32.gt_u (local.get $pos) (local.get $limit)) (then (return (i32.const -1))))
                        (local.set $cache (i64.or (local.get $cache) (i64.shl (i64.extend_i32_u (i32.or (i32.and (i32.rotl (local.tee $w (i32.load (local.get $pos))) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr (local.get $w) (i32.const 8)) (i32.const 0xff00ff00))))
                          (i64.extend_i32_u (i32.sub (i32.const 32) (local.get $nbits))))))
                        (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
                        (local.set $nbits (i32.add (local.get $nbits) (i32.const 32)))))
                    (local.set $v (i32.wrap_i64 (i64.shr_u (i64.shr_u (local.get $cache) (i64.const 1))
                      (i64.extend_i32_u (i32.sub (i32.const 63) (local.get $k))))))
                    (local.set $cache (i64.shl (local.get $cache) (i64.extend_i32_u (local.get $k))))
                    (local.set $nbits (i32.sub (local.get $nbits) (local.get $k)))))
                ;; zigzag: u = q·2^k + v, residual (u >>> 1) ^ -(u & 1), in int32 like flacFrame.ts
                (local.set $u (i32.or (i32.shl (local.get $q) (local.get $k)) (local.get $v)))
                (i32.store (local.get $addr) (i32.xor (i32.shr_u (local.get $u) (i32.const 1))
                  (i32.sub (i32.const 0) (i32.and (local.get $u) (i32.const 1)))))
                (local.set $addr (i32.add (local.get $addr) (i32.const 4)))
                (br $rice)))))
        (local.set $i (local.get $to))
        (br $parts)))
    ;; the bit position after the residual, relative to $buf
    (local.set $p (i32.sub (i32.shl (i32.sub (local.get $pos) (local.get $buf)) (i32.const 3)) (local.get $nbits)))
    (if (i32.gt_u (local.get $p) (local.get $endBits)) (then (return (i32.const -1))))
    (local.get $p))

  ;; FIXED predictors of order 1..4 (format.html "FIXED subframe") in place over n int32 at $s (warm-up, then residuals).
  (func (export "fixed") (param $s i32) (param $n i32) (param $order i32)
    (local $end i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $x4 i32) (local $v i32)
    (local.set $end (i32.add (local.get $s) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $x1 (i32.load (i32.add (local.get $s) (i32.shl (i32.sub (local.get $order) (i32.const 1)) (i32.const 2)))))
    (if (i32.ge_u (local.get $order) (i32.const 2))
      (then (local.set $x2 (i32.load (i32.add (local.get $s) (i32.shl (i32.sub (local.get $order) (i32.const 2)) (i32.const 2)))))))
    (if (i32.ge_u (local.get $order) (i32.const 3))
      (then (local.set $x3 (i32.load (i32.add (local.get $s) (i32.shl (i32.sub (local.get $order) (i32.const 3)) (i32.const 2)))))))
    (if (i32.ge_u (local.get $order) (i32.const 4))
      (then (local.set $x4 (i32.load (local.get $s)))))
    (local.set $s (i32.add (local.get $s) (i32.shl (local.get $order) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
      (if (i32.eq (local.get $order) (i32.const 1))
        (then
          (loop $o1
            (local.set $x1 (i32.add (i32.load (local.get $s)) (local.get $x1)))
            (i32.store (local.get $s) (local.get $x1))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (br_if $o1 (i32.lt_u (local.get $s) (local.get $end))))
          (br $done)))
      (if (i32.eq (local.get $order) (i32.const 2))
        (then
          (loop $o2
            ;; 2·x1 - x2
            (local.set $v (i32.add (i32.load (local.get $s))
              (i32.sub (i32.shl (local.get $x1) (i32.const 1)) (local.get $x2))))
            (i32.store (local.get $s) (local.get $v))
            (local.set $x2 (local.get $x1))
            (local.set $x1 (local.get $v))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (br_if $o2 (i32.lt_u (local.get $s) (local.get $end))))
          (br $done)))
      (if (i32.eq (local.get $order) (i32.const 3))
        (then
          (loop $o3
            ;; 3·x1 - 3·x2 + x3
            (local.set $v (i32.add (i32.load (local.get $s))
              (i32.add (i32.mul (i32.sub (local.get $x1) (local.get $x2)) (i32.const 3)) (local.get $x3))))
            (i32.store (local.get $s) (local.get $v))
            (local.set $x3 (local.get $x2))
            (local.set $x2 (local.get $x1))
            (local.set $x1 (local.get $v))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (br_if $o3 (i32.lt_u (local.get $s) (local.get $end))))
          (br $done)))
      (if (i32.eq (local.get $order) (i32.const 4))
        (then
          (loop $o4
            ;; 4·x1 - 6·x2 + 4·x3 - x4
            (local.set $v (i32.add (i32.load (local.get $s))
              (i32.sub (i32.add (i32.shl (i32.add (local.get $x1) (local.get $x3)) (i32.const 2))
                (i32.mul (local.get $x2) (i32.const -6))) (local.get $x4))))
            (i32.store (local.get $s) (local.get $v))
            (local.set $x4 (local.get $x3))
            (local.set $x3 (local.get $x2))
            (local.set $x2 (local.get $x1))
            (local.set $x1 (local.get $v))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (br_if $o4 (i32.lt_u (local.get $s) (local.get $end))))))))

  ;; LPC with int32 sums (exact under libFLAC's bound, checked by the caller), samples [from, to) of $s, any order:
  ;; s[i] += (Σ c[j]·s[i-1-j]) >> shift.
  (func $lpc32 (export "lpc32") (param $s i32) (param $from i32) (param $to i32) (param $c i32) (param $order i32) (param $shift i32)
    (local $i i32) (local $j i32) (local $sum i32) (local $at i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $at (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $sum (i32.const 0))
        (local.set $j (i32.const 0))
        (block $tapsDone
          (loop $taps
            (br_if $tapsDone (i32.ge_u (local.get $j) (local.get $order)))
            (local.set $sum (i32.add (local.get $sum) (i32.mul
              (i32.load (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
              (i32.load (i32.sub (local.get $at) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $taps)))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.shr_s (local.get $sum) (local.get $shift))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $samples))))

  ;; LPC of order <= 8 with int32 sums: coefficients past the order are zero (the caller pads them); the first 8
  ;; samples by $lpc32. The four newest samples are kept in locals, the newest's term added last (each sample waits
  ;; on one multiply-add); the four oldest, stored at least five samples earlier, come as one vector times
  ;; [c7 c6 c5 c4], so a sample takes four scalar multiplies and one vector multiply instead of eight.
  (func (export "lpc8") (param $s i32) (param $n i32) (param $c i32) (param $order i32) (param $shift i32)
    (local $end i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $x4 i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $old v128) (local $p v128) (local $v i32)
    (if (i32.le_u (local.get $n) (i32.const 8))
      (then (call $lpc32 (local.get $s) (local.get $order) (local.get $n) (local.get $c) (local.get $order) (local.get $shift)) (return)))
    (call $lpc32 (local.get $s) (local.get $order) (i32.const 8) (local.get $c) (local.get $order) (local.get $shift))
    (local.set $c0 (i32.load offset=0 (local.get $c)))
    (local.set $c1 (i32.load offset=4 (local.get $c)))
    (local.set $c2 (i32.load offset=8 (local.get $c)))
    (local.set $c3 (i32.load offset=12 (local.get $c)))
    ;; lanes [c7 c6 c5 c4] line up with s[i-8] s[i-7] s[i-6] s[i-5]
    (local.set $old (i8x16.shuffle 28 29 30 31 24 25 26 27 20 21 22 23 16 17 18 19
      (v128.load offset=0 (local.get $c)) (v128.load offset=16 (local.get $c))))
    (local.set $x1 (i32.load offset=28 (local.get $s)))
    (local.set $x2 (i32.load offset=24 (local.get $s)))
    (local.set $x3 (i32.load offset=20 (local.get $s)))
    (local.set $x4 (i32.load offset=16 (local.get $s)))
    ;; $s walks s[i-8]: the four oldest at offsets 0..12, s[i] at 32
    (local.set $end (i32.add (local.get $s) (i32.shl (i32.sub (local.get $n) (i32.const 8)) (i32.const 2))))
    (loop $samples
      (local.set $p (i32x4.mul (v128.load (local.get $s)) (local.get $old)))
      (local.set $p (i32x4.add (local.get $p) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p))))
      (local.set $p (i32x4.add (local.get $p) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $p) (local.get $p))))
      (local.set $v (i32.add (i32.load offset=32 (local.get $s)) (i32.shr_s
        (i32.add
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $p)) (i32.mul (local.get $c3) (local.get $x4)))
            (i32.add (i32.mul (local.get $c2) (local.get $x3)) (i32.mul (local.get $c1) (local.get $x2))))
          (i32.mul (local.get $c0) (local.get $x1)))
        (local.get $shift))))
      (i32.store offset=32 (local.get $s) (local.get $v))
      (local.set $x4 (local.get $x3))
      (local.set $x3 (local.get $x2))
      (local.set $x2 (local.get $x1))
      (local.set $x1 (local.get $v))
      (local.set $s (i32.add (local.get $s) (i32.const 4)))
      (br_if $samples (i32.lt_u (local.get $s) (local.get $end)))))

  ;; LPC with int64 sums (24-bit audio, where int32 could wrap): exact, then the arithmetic shift; samples [from, to).
  (func (export "lpc64") (param $s i32) (param $from i32) (param $to i32) (param $c i32) (param $order i32) (param $shift i32)
    (local $i i32) (local $j i32) (local $sum i64) (local $at i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $at (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $sum (i64.const 0))
        (local.set $j (i32.const 0))
        (block $tapsDone
          (loop $taps
            (br_if $tapsDone (i32.ge_u (local.get $j) (local.get $order)))
            (local.set $sum (i64.add (local.get $sum) (i64.mul
              (i64.load32_s (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
              (i64.load32_s (i32.sub (local.get $at) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $taps)))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at))
          (i32.wrap_i64 (i64.shr_s (local.get $sum) (i64.extend_i32_u (local.get $shift))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $samples))))

  ;; CRC-16 (poly 0x8005, init 0, MSB first) of bytes [from, to), slice-by-8 over the tables at $t
  ;; (8 x 256 u16; table k is a byte followed by k zero bytes, flacFrame.ts's CRC16_BY).
  (func (export "crc16") (param $from i32) (param $to i32) (param $t i32) (result i32)
    (local $crc i32) (local $x i32)
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $from) (i32.const 8)) (local.get $to)))
        (local.set $x (i32.xor (local.get $crc)
          (i32.or (i32.shl (i32.load8_u offset=0 (local.get $from)) (i32.const 8)) (i32.load8_u offset=1 (local.get $from)))))
        (local.set $crc (i32.xor
          (i32.xor
            (i32.xor
              (i32.load16_u offset=3584 (i32.add (local.get $t) (i32.shl (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 1))))
              (i32.load16_u offset=3072 (i32.add (local.get $t) (i32.shl (i32.and (local.get $x) (i32.const 255)) (i32.const 1)))))
            (i32.xor
              (i32.load16_u offset=2560 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=2 (local.get $from)) (i32.const 1))))
              (i32.load16_u offset=2048 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=3 (local.get $from)) (i32.const 1))))))
          (i32.xor
            (i32.xor
              (i32.load16_u offset=1536 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=4 (local.get $from)) (i32.const 1))))
              (i32.load16_u offset=1024 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=5 (local.get $from)) (i32.const 1)))))
            (i32.xor
              (i32.load16_u offset=512 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=6 (local.get $from)) (i32.const 1))))
              (i32.load16_u offset=0 (i32.add (local.get $t) (i32.shl (i32.load8_u offset=7 (local.get $from)) (i32.const 1))))))))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (br $wide)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $crc (i32.xor (i32.and (i32.shl (local.get $crc) (i32.const 8)) (i32.const 0xffff))
          (i32.load16_u (i32.add (local.get $t) (i32.shl
            (i32.xor (i32.shr_u (local.get $crc) (i32.const 8)) (i32.load8_u (local.get $from))) (i32.const 1))))))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $bytes)))
    (local.get $crc))

  ;; n int32 samples at $src as int16 at $dst (SIMD, eight at a time); returns non-zero when one lies outside
  ;; -32768..32767 (only a damaged 16-bit stream predicts one; its int16 is then saturated, not the code).
  (func (export "narrow16") (param $src i32) (param $n i32) (param $dst i32) (result i32)
    (local $end i32) (local $a v128) (local $b v128) (local $out v128) (local $bias v128) (local $x i32) (local $outside i32)
    (local.set $bias (i32x4.splat (i32.const 32768)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $src) (i32.const 32)) (local.get $end)))
        (local.set $a (v128.load offset=0 (local.get $src)))
        (local.set $b (v128.load offset=16 (local.get $src)))
        ;; (x + 32768) >>> 16 is zero exactly for the int16 range
        (local.set $out (v128.or (local.get $out) (v128.or
          (i32x4.shr_u (i32x4.add (local.get $a) (local.get $bias)) (i32.const 16))
          (i32x4.shr_u (i32x4.add (local.get $b) (local.get $bias)) (i32.const 16)))))
        (v128.store (local.get $dst) (i16x8.narrow_i32x4_s (local.get $a) (local.get $b)))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $wide)))
    (local.set $outside (v128.any_true (local.get $out)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $x (i32.load (local.get $src)))
        (local.set $outside (i32.or (local.get $outside) (i32.shr_u (i32.add (local.get $x) (i32.const 32768)) (i32.const 16))))
        (i32.store16 (local.get $dst) (local.get $x))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
        (br $tail)))
    (local.get $outside))
)
