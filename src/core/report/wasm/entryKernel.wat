;; One files[] entry of a report (streamReader.ts) read in WebAssembly: the members the report view reads go to an
;; output area (numbers as doubles, strings as byte offsets for JS to decode); every other member is checked as
;; today's JS scanner checks it and skipped. Whatever this kernel is not sure of (a bad byte, a number it cannot round
;; with certainty, a repeated member, the end of the bytes read so far) makes it decline (-1): JS then reads the entry
;; with its own scanner, which reads it or names what is wrong. So for any entry it accepts, the result is the JS one.
;;
;; Memory: [0, 96) 12 doubles out; [128, 156) 7 i32 out; [256, 3328) findings out (6 i32 each, at most 128);
;; [3328, 3584) 1 for the bytes of numbers and literals (0-9 - + . e E t r u f a l s n); [3584, 3768) 10^0..10^22;
;; [4096, 15232) 128-bit powers of ten 10^-348..10^347 (written by JS, BigInt-exact); [65536, 1048576) the batch
;; area of "entries" (see there); from 1048576 the input bytes (the reader's buffer; every buffer load has
;; offset=1048576). The byte at `end` is set to 0
;; (a sentinel no JSON value may hold raw), so byte loops need no bounds checks; 64 bytes after it are addressable.
(module
  (memory (export "memory") 1)
  (global $end (mut i32) (i32.const 0))
  (global $esc (mut i32) (i32.const 0))
  (global $w (mut i64) (i64.const 0))
  (global $q (mut i32) (i32.const 0))
  (global $neg (mut i32) (i32.const 0))
  (global $hi (mut i64) (i64.const 0))
  (global $lo (mut i64) (i64.const 0))
  (global $nfind (mut i32) (i32.const 0))

  ;; Skips JSON whitespace, 16 bytes at a time (the sentinel at `end` is not whitespace).
  (func $ws (param $i i32) (result i32)
    (local $v v128) (local $m i32) (local $c i32)
    ;; Most runs are empty or one space (": "): answered without the vector compare.
    (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
    (if (i32.gt_u (local.get $c) (i32.const 0x20)) (then (return (local.get $i))))
    (if (i32.and (i32.eq (local.get $c) (i32.const 0x20))
                 (i32.gt_u (i32.load8_u offset=1048577 (local.get $i)) (i32.const 0x20)))
      (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $next
      (local.set $v (v128.load offset=1048576 (local.get $i)))
      (local.set $m (i32.xor (i32.const 0xffff) (i8x16.bitmask (v128.or
        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a))))
        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0d))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x09))))))))
      (if (i32.eqz (local.get $m))
        (then (local.set $i (i32.add (local.get $i) (i32.const 16))) (br $next))))
    (i32.add (local.get $i) (i32.ctz (local.get $m))))

  ;; buf[i] is '"': the index after the closing quote, or -1 (a control character, or the end). Sets $esc when the
  ;; string holds a backslash (JS decodes it with JSON.parse). 16 bytes at a time.
  (func $str (param $i i32) (result i32)
    (local $j i32) (local $v v128) (local $m i32) (local $c i32)
    (global.set $esc (i32.const 0))
    (local.set $j (i32.add (local.get $i) (i32.const 1)))
    (loop $next
      (local.set $v (v128.load offset=1048576 (local.get $j)))
      (local.set $m (i8x16.bitmask (v128.or (v128.or
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
        (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
      (if (i32.eqz (local.get $m))
        (then (local.set $j (i32.add (local.get $j) (i32.const 16))) (br $next)))
      (local.set $j (i32.add (local.get $j) (i32.ctz (local.get $m))))
      (local.set $c (i32.load8_u offset=1048576 (local.get $j)))
      (if (i32.eq (local.get $c) (i32.const 0x22)) (then (return (i32.add (local.get $j) (i32.const 1)))))
      (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const -1))))
      ;; A backslash: the escaped byte is skipped (unless it is the sentinel).
      (global.set $esc (i32.const 1))
      (if (i32.eqz (i32.load8_u offset=1048576 (i32.add (local.get $j) (i32.const 1)))) (then (return (i32.const -1))))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $next))
    (i32.const -1))

  ;; The number at buf[i] in strict JSON grammar into $w (at most 19 significant digits), $q (power of ten), $neg;
  ;; returns the index after it, or -1 (not a JSON number, or more digits than a u64 holds).
  (func $scanNumber (param $i i32) (result i32)
    (local $c i32) (local $nd i32) (local $w i64) (local $q i32) (local $e i32) (local $eneg i32) (local $w2 i64)
    (global.set $neg (i32.const 0))
    (if (i32.eq (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x2d))
      (then (global.set $neg (i32.const 1)) (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
    (if (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) (then (return (i32.const -1)))))
      (else
        (loop $int
          (if (i32.eq (local.get $nd) (i32.const 19)) (then (return (i32.const -1))))
          (local.set $w (i64.add (i64.mul (local.get $w) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 0x30)))))
          (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
          (br_if $int (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))))
    (if (i32.eq (local.get $c) (i32.const 0x2e))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
        (if (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (loop $frac
          (local.set $w2 (i64.add (i64.mul (local.get $w) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 0x30)))))
          ;; Leading zeros of a fraction are not significant digits.
          (if (i64.ne (local.get $w2) (i64.const 0))
            (then
              (if (i32.eq (local.get $nd) (i32.const 19)) (then (return (i32.const -1))))
              (local.set $nd (i32.add (local.get $nd) (i32.const 1)))))
          (local.set $w (local.get $w2))
          (local.set $q (i32.sub (local.get $q) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
          (br_if $frac (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))))
    (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x65))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 0x2d)) (then (local.set $eneg (i32.const 1))))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.eq (local.get $c) (i32.const 0x2b)))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (local.set $c (i32.load8_u offset=1048576 (local.get $i)))))
        (if (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (loop $exp
          ;; Capped: any exponent past the table's range declines the same.
          (if (i32.lt_u (local.get $e) (i32.const 100000))
            (then (local.set $e (i32.add (i32.mul (local.get $e) (i32.const 10)) (i32.sub (local.get $c) (i32.const 0x30))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
          (br_if $exp (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))
        (local.set $q (if (result i32) (local.get $eneg)
          (then (i32.sub (local.get $q) (local.get $e))) (else (i32.add (local.get $q) (local.get $e)))))))
    (global.set $w (local.get $w))
    (global.set $q (local.get $q))
    (local.get $i))

  ;; 64 x 64 -> 128-bit product into $hi, $lo (four 32 x 32 partial products).
  (func $mul64 (param $a i64) (param $b i64)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64) (local $p00 i64) (local $p01 i64) (local $p10 i64) (local $mid i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xffffffff)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p00 (i64.mul (local.get $a0) (local.get $b0)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    (local.set $mid (i64.add (i64.add (i64.shr_u (local.get $p00) (i64.const 32)) (i64.and (local.get $p01) (i64.const 0xffffffff)))
      (i64.and (local.get $p10) (i64.const 0xffffffff))))
    (global.set $lo (i64.or (i64.shl (local.get $mid) (i64.const 32)) (i64.and (local.get $p00) (i64.const 0xffffffff))))
    (global.set $hi (i64.add (i64.add (i64.mul (local.get $a1) (local.get $b1)) (i64.shr_u (local.get $p01) (i64.const 32)))
      (i64.add (i64.shr_u (local.get $p10) (i64.const 32)) (i64.shr_u (local.get $mid) (i64.const 32))))))

  ;; $w x 10^$q (sign $neg) correctly rounded, or NaN where it cannot be decided here (JS then uses Number()).
  ;; Clinger's fast path when both are exact doubles; else Eisel-Lemire as Go's strconv eiselLemire64 (Lemire,
  ;; "Number Parsing at a Gigabyte per Second", 2021), declining on the halfway-ambiguous, subnormal and overflow cases.
  (func $toDouble (result f64)
    (local $w i64) (local $q i32) (local $f f64) (local $clz i64) (local $exp2 i64) (local $at i32)
    (local $xHi i64) (local $xLo i64) (local $yHi i64) (local $yLo i64) (local $msb i64) (local $m i64)
    (local.set $w (global.get $w))
    (local.set $q (global.get $q))
    (if (i64.eqz (local.get $w))
      (then (return (if (result f64) (global.get $neg) (then (f64.const -0)) (else (f64.const 0))))))
    (if (i32.and (i64.le_u (local.get $w) (i64.const 0x20000000000000))
                 (i32.le_u (i32.add (local.get $q) (i32.const 22)) (i32.const 44)))
      (then
        (local.set $f (f64.convert_i64_u (local.get $w)))
        (local.set $f (if (result f64) (i32.lt_s (local.get $q) (i32.const 0))
          (then (f64.div (local.get $f) (f64.load offset=3584 (i32.shl (i32.sub (i32.const 0) (local.get $q)) (i32.const 3)))))
          (else (f64.mul (local.get $f) (f64.load offset=3584 (i32.shl (local.get $q) (i32.const 3)))))))
        (return (if (result f64) (global.get $neg) (then (f64.neg (local.get $f))) (else (local.get $f))))))
    (if (i32.gt_u (i32.add (local.get $q) (i32.const 348)) (i32.const 695)) (then (return (f64.const nan))))
    (local.set $clz (i64.clz (local.get $w)))
    (local.set $w (i64.shl (local.get $w) (local.get $clz)))
    ;; 217706 / 2^16 ~ log2(10): floor(q log2 10) over the table's range.
    (local.set $exp2 (i64.sub (i64.extend_i32_s (i32.add (i32.shr_s (i32.mul (i32.const 217706) (local.get $q)) (i32.const 16)) (i32.const 1087)))
      (local.get $clz)))
    (local.set $at (i32.shl (i32.add (local.get $q) (i32.const 348)) (i32.const 4)))
    (call $mul64 (local.get $w) (i64.load offset=4104 (local.get $at)))
    (local.set $xHi (global.get $hi))
    (local.set $xLo (global.get $lo))
    (if (i32.and (i64.eq (i64.and (local.get $xHi) (i64.const 0x1ff)) (i64.const 0x1ff))
                 (i64.lt_u (i64.add (local.get $xLo) (local.get $w)) (local.get $w)))
      (then
        (call $mul64 (local.get $w) (i64.load offset=4096 (local.get $at)))
        (local.set $yHi (global.get $hi))
        (local.set $yLo (global.get $lo))
        (local.set $yHi (i64.add (local.get $xLo) (local.get $yHi)))   ;; merged low
        (if (i64.lt_u (local.get $yHi) (local.get $xLo)) (then (local.set $xHi (i64.add (local.get $xHi) (i64.const 1)))))
        (if (i32.and (i32.and (i64.eq (i64.and (local.get $xHi) (i64.const 0x1ff)) (i64.const 0x1ff))
                              (i64.eq (i64.add (local.get $yHi) (i64.const 1)) (i64.const 0)))
                     (i64.lt_u (i64.add (local.get $yLo) (local.get $w)) (local.get $w)))
          (then (return (f64.const nan))))
        (local.set $xLo (local.get $yHi))))
    (local.set $msb (i64.shr_u (local.get $xHi) (i64.const 63)))
    (local.set $m (i64.shr_u (local.get $xHi) (i64.add (local.get $msb) (i64.const 9))))
    (local.set $exp2 (i64.sub (local.get $exp2) (i64.xor (local.get $msb) (i64.const 1))))
    (if (i32.and (i32.and (i64.eqz (local.get $xLo)) (i64.eqz (i64.and (local.get $xHi) (i64.const 0x1ff))))
                 (i64.eq (i64.and (local.get $m) (i64.const 3)) (i64.const 1)))
      (then (return (f64.const nan))))
    (local.set $m (i64.shr_u (i64.add (local.get $m) (i64.and (local.get $m) (i64.const 1))) (i64.const 1)))
    (if (i64.ne (i64.shr_u (local.get $m) (i64.const 53)) (i64.const 0))
      (then (local.set $m (i64.shr_u (local.get $m) (i64.const 1))) (local.set $exp2 (i64.add (local.get $exp2) (i64.const 1)))))
    (if (i64.ge_u (i64.sub (local.get $exp2) (i64.const 1)) (i64.const 0x7fe)) (then (return (f64.const nan))))
    (f64.reinterpret_i64 (i64.or (i64.or (i64.shl (local.get $exp2) (i64.const 52)) (i64.and (local.get $m) (i64.const 0xfffffffffffff)))
      (i64.shl (i64.extend_i32_u (global.get $neg)) (i64.const 63)))))

  ;; For tests: the JSON number at buf[i] (buf[end] = 0), or NaN when this kernel would decline it.
  (func (export "number") (param $i i32) (param $end i32) (result f64)
    (i32.store8 offset=1048576 (local.get $end) (i32.const 0))
    (if (i32.ne (call $scanNumber (local.get $i)) (local.get $end)) (then (return (f64.const nan))))
    (call $toDouble))

  ;; null at buf[i]: the index after it, or -1 (what follows is checked by the caller, $after).
  (func $null (param $i i32) (result i32)
    (if (result i32) (i64.eq (i64.and (i64.load offset=1048576 (local.get $i)) (i64.const 0xffffffff)) (i64.const 0x6c6c756e))
      (then (i32.add (local.get $i) (i32.const 4))) (else (i32.const -1))))

  ;; Skips the value at buf[i] as JS skipValue does (containers by bracket depth outside strings): index after, or -1.
  (func $skipValue (param $i i32) (result i32)
    (local $c i32) (local $depth i32)
    (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 0x22)) (then (return (call $str (local.get $i)))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x7b)) (i32.ne (local.get $c) (i32.const 0x5b)))
      (then
        ;; A number or literal that is skipped: as JS tokenEnd, a run of the characters numbers and literals are made of.
        (local.set $depth (local.get $i))
        (loop $token
          (if (i32.load8_u offset=3328 (i32.load8_u offset=1048576 (local.get $i)))
            (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $token))))
        (return (if (result i32) (i32.eq (local.get $i) (local.get $depth)) (then (i32.const -1)) (else (local.get $i))))))
    (loop $next
      (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
      (if (i32.eqz (local.get $c)) (then (return (i32.const -1))))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then
          (local.set $i (call $str (local.get $i)))
          (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
          (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.eq (i32.and (local.get $c) (i32.const 0xdf)) (i32.const 0x5b))
        (then (local.set $depth (i32.add (local.get $depth) (i32.const 1)))))
      (if (i32.eq (i32.and (local.get $c) (i32.const 0xdf)) (i32.const 0x5d))
        (then
          (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
          (if (i32.eqz (local.get $depth)) (then (return (local.get $i))))))
      (br $next))
    (i32.const -1))

  ;; The pretty layout's jump over a member's container (as streamReader.ts does with Buffer.indexOf): buf[i] opens it,
  ;; a line break and eight spaces then a non-space follow; it ends at the next "\n      " + closer. -1 if not here.
  (func $prettyJump (param $i i32) (param $closer i32) (result i32)
    (local $p i32) (local $m i32) (local $at i32) (local $line i64)
    (if (i32.or (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $i) (i32.const 1))) (i32.const 0x0a))
                (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $i) (i32.const 10))) (i32.const 0x20)))
      (then (return (i32.const -2))))
    (if (i64.ne (i64.load offset=1048576 (i32.add (local.get $i) (i32.const 2))) (i64.const 0x2020202020202020))
      (then (return (i32.const -2))))
    ;; "\n", six spaces, the closer, little-endian.
    (local.set $line (i64.or (i64.const 0x002020202020200a) (i64.shl (i64.extend_i32_u (local.get $closer)) (i64.const 56))))
    (local.set $p (local.get $i))
    (loop $next
      (if (i32.ge_u (local.get $p) (global.get $end)) (then (return (i32.const -1))))
      (local.set $m (i8x16.bitmask (i8x16.eq (v128.load offset=1048576 (local.get $p)) (i8x16.splat (i32.const 0x0a)))))
      (block $none
        (loop $bits
          (br_if $none (i32.eqz (local.get $m)))
          (local.set $at (i32.add (local.get $p) (i32.ctz (local.get $m))))
          (if (i32.gt_u (i32.add (local.get $at) (i32.const 8)) (global.get $end)) (then (return (i32.const -1))))
          (if (i64.eq (i64.load offset=1048576 (local.get $at)) (local.get $line)) (then (return (i32.add (local.get $at) (i32.const 8)))))
          (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
          (br $bits)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $next))
    (i32.const -1))

  ;; The first min(len, 8) bytes at s as a little-endian word, and bytes 8 .. min(len, 16).
  (func $word (param $s i32) (param $len i32) (result i64)
    (if (i32.ge_u (local.get $len) (i32.const 8)) (then (return (i64.load offset=1048576 (local.get $s)))))
    (i64.and (i64.load offset=1048576 (local.get $s))
      (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))))
  (func $word2 (param $s i32) (param $len i32) (result i64)
    (if (i32.le_u (local.get $len) (i32.const 8)) (then (return (i64.const 0))))
    (call $word (i32.add (local.get $s) (i32.const 8)) (i32.sub (local.get $len) (i32.const 8))))

  ;; The member name at buf[i] (a '"'): sets $ks, $kl, $ka, $kb for the matchers; returns the index after it, or -1
  ;; (escaped names and names over 16 bytes are left to JS).
  (global $kl (mut i32) (i32.const 0))
  (global $ka (mut i64) (i64.const 0))
  (global $kb (mut i64) (i64.const 0))
  (func $name (param $i i32) (result i32)
    (local $e i32) (local $len i32) (local $w i64) (local $c i32) (local $v v128) (local $m i32)
    (if (i32.ne (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x22)) (then (return (i32.const -1))))
    ;; $str without the call when the first quote, backslash or control byte of the next 16 is the closing quote.
    (local.set $v (v128.load offset=1048577 (local.get $i)))
    (local.set $m (i8x16.bitmask (v128.or (v128.or
      (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
      (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
      (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
    (local.set $e (i32.add (i32.add (local.get $i) (i32.const 1)) (i32.ctz (local.get $m))))
    (if (i32.and (i32.ne (local.get $m) (i32.const 0)) (i32.eq (i32.load8_u offset=1048576 (local.get $e)) (i32.const 0x22)))
      (then (local.set $e (i32.add (local.get $e) (i32.const 1))))
      (else
        (local.set $e (call $str (local.get $i)))
        (if (i32.or (i32.lt_s (local.get $e) (i32.const 0)) (global.get $esc)) (then (return (i32.const -1))))))
    (local.set $len (i32.sub (i32.sub (local.get $e) (local.get $i)) (i32.const 2)))
    (if (i32.gt_u (local.get $len) (i32.const 16)) (then (local.set $len (i32.const 0))))
    (global.set $kl (local.get $len))
    ;; $word and $word2 written out here, and $ws called only off the common layout (V8 does not inline wasm calls).
    (local.set $w (i64.load offset=1048577 (local.get $i)))
    (global.set $ka (if (result i64) (i32.ge_u (local.get $len) (i32.const 8))
      (then (local.get $w))
      (else (i64.and (local.get $w) (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))))))
    (local.set $w (i64.load offset=1048585 (local.get $i)))
    (global.set $kb (if (result i64) (i32.le_u (local.get $len) (i32.const 8))
      (then (i64.const 0))
      (else (if (result i64) (i32.ge_u (local.get $len) (i32.const 16))
        (then (local.get $w))
        (else (i64.and (local.get $w)
          (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (i32.sub (local.get $len) (i32.const 8)) (i32.const 3)))) (i64.const 1))))))))
    ;; ':' after optional whitespace, then the value's first byte (most often right after ": ").
    (if (i32.ne (i32.load8_u offset=1048576 (local.get $e)) (i32.const 0x3a)) (then (local.set $e (call $ws (local.get $e)))))
    (if (i32.ne (i32.load8_u offset=1048576 (local.get $e)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (local.set $e (i32.add (local.get $e) (i32.const 1)))
    (local.set $c (i32.load8_u offset=1048576 (local.get $e)))
    (if (i32.gt_u (local.get $c) (i32.const 0x20)) (then (return (local.get $e))))
    (if (i32.and (i32.eq (local.get $c) (i32.const 0x20))
                 (i32.gt_u (i32.load8_u offset=1048577 (local.get $e)) (i32.const 0x20)))
      (then (return (i32.add (local.get $e) (i32.const 1)))))
    (call $ws (local.get $e)))

  ;;  Whether the last member name is the key of length `len` with words a, b (see $name).
  (func $is (param $len i32) (param $a i64) (param $b i64) (result i32)
    (i32.and (i32.eq (global.get $kl) (local.get $len)) (i32.and (i64.eq (global.get $ka) (local.get $a)) (i64.eq (global.get $kb) (local.get $b)))))

  ;; FILE_KEYS order: path error format peakDbfs rmsDbfs dcOffset minMax mel findings bandwidthHz, or -1. By length
  ;; first (V8 does not inline small wasm functions, so the words are compared here).
  (func $fileKey (result i32)
    (local $a i64)
    (local.set $a (global.get $ka))
    (block $none
      (block $l11 (block $l8 (block $l7 (block $l6 (block $l5 (block $l4 (block $l3
        (br_table $none $none $none $l3 $l4 $l5 $l6 $l7 $l8 $none $none $l11 $none (global.get $kl)))
        ;; 3
        (br_if $none (i64.ne (local.get $a) (i64.const 0x6c656d)))
        (return (i32.const 7)))
        ;; 4
        (br_if $none (i64.ne (local.get $a) (i64.const 0x68746170)))
        (return (i32.const 0)))
        ;; 5
        (br_if $none (i64.ne (local.get $a) (i64.const 0x726f727265)))
        (return (i32.const 1)))
        ;; 6
        (if (i64.eq (local.get $a) (i64.const 0x74616d726f66)) (then (return (i32.const 2))))
        (br_if $none (i64.ne (local.get $a) (i64.const 0x78614d6e696d)))
        (return (i32.const 6)))
        ;; 7
        (br_if $none (i64.ne (local.get $a) (i64.const 0x0073666244736d72)))
        (return (i32.const 4)))
        ;; 8
        (if (i64.eq (local.get $a) (i64.const 0x736662446b616570)) (then (return (i32.const 3))))
        (if (i64.eq (local.get $a) (i64.const 0x74657366664f6364)) (then (return (i32.const 5))))
        (br_if $none (i64.ne (local.get $a) (i64.const 0x73676e69646e6966)))
        (return (i32.const 8)))
      ;; 11
      (br_if $none (i64.ne (local.get $a) (i64.const 0x74646977646e6162)))
      (br_if $none (i64.ne (global.get $kb) (i64.const 0x7a4868)))
      (return (i32.const 9)))
    (i32.const -1))

  ;; The output slot (double index) of a member of format (kind 2), minMax (6) or mel (7), or -1.
  (func $nestedSlot (param $kind i32) (result i32)
    (local $a i64) (local $b i64) (local $len i32)
    (local.set $a (global.get $ka))
    (local.set $b (global.get $kb))
    (local.set $len (global.get $kl))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then
        (if (i32.eq (local.get $len) (i32.const 10))
          (then (if (i32.and (i64.eq (local.get $a) (i64.const 0x6152656c706d6173)) (i64.eq (local.get $b) (i64.const 0x6574)))
            (then (return (i32.const 4))))))
        (if (i32.eq (local.get $len) (i32.const 8))
          (then (if (i64.eq (local.get $a) (i64.const 0x736c656e6e616863)) (then (return (i32.const 5))))))
        (if (i32.eq (local.get $len) (i32.const 9))
          (then (if (i32.and (i64.eq (local.get $a) (i64.const 0x74694264696c6176)) (i64.eq (local.get $b) (i64.const 0x73)))
            (then (return (i32.const 6))))))
        (if (i32.eq (local.get $len) (i32.const 11))
          (then (if (i32.and (i64.eq (local.get $a) (i64.const 0x6e6f697461727564)) (i64.eq (local.get $b) (i64.const 0x636553)))
            (then (return (i32.const 7))))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $kind) (i32.const 6))
      (then
        (if (i32.eq (local.get $len) (i32.const 7))
          (then (if (i64.eq (local.get $a) (i64.const 0x006e69426f72657a)) (then (return (i32.const 8))))))
        (if (i32.eq (local.get $len) (i32.const 15))
          (then (if (i32.and (i64.eq (local.get $a) (i64.const 0x6465746365707865)) (i64.eq (local.get $b) (i64.const 0x006e69426f72655a)))
            (then (return (i32.const 9))))))
        (return (i32.const -1))))
    (if (i32.ne (local.get $len) (i32.const 5)) (then (return (i32.const -1))))
    (if (i64.eq (local.get $a) (i64.const 0x62446e696d)) (then (return (i32.const 10))))
    (if (i64.eq (local.get $a) (i64.const 0x624478616d)) (then (return (i32.const 11))))
    (i32.const -1))

  ;; A number or null at buf[i] into double slot `slot` (NaN for null); -1 for anything else or an undecided number.
  (func $numberOrNull (param $i i32) (param $slot i32) (result i32)
    (local $f f64)
    (if (i32.eq (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x6e))
      (then
        (f64.store (i32.shl (local.get $slot) (i32.const 3)) (f64.const nan))
        (return (call $null (local.get $i)))))
    (local.set $i (call $scanNumber (local.get $i)))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $f (call $toDouble))
    (if (f64.ne (local.get $f) (local.get $f)) (then (return (i32.const -1))))
    (f64.store (i32.shl (local.get $slot) (i32.const 3)) (local.get $f))
    (local.get $i))

  ;; After a member's value: whitespace then ',' (returns the next member's index) or the closer (returns -3 - index
  ;; after it); -1 for anything else.
  (func $after (param $i i32) (param $closer i32) (result i32)
    (local $c i32) (local $v v128) (local $m i32)
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u offset=1048576 (local.get $i)))
    (if (i32.le_u (local.get $c) (i32.const 0x20))
      (then
        (local.set $i (call $ws (local.get $i)))
        (local.set $c (i32.load8_u offset=1048576 (local.get $i)))))
    (if (i32.eq (local.get $c) (local.get $closer)) (then (return (i32.sub (i32.const -3) (i32.add (local.get $i) (i32.const 1))))))
    (if (i32.ne (local.get $c) (i32.const 0x2c)) (then (return (i32.const -1))))
    ;; $ws's first 16 bytes here (a pretty layout's line break and indent fit in them); $ws goes on past them.
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (local.set $v (v128.load offset=1048576 (local.get $i)))
    (local.set $m (i32.xor (i32.const 0xffff) (i8x16.bitmask (v128.or
      (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a))))
      (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0d))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x09))))))))
    (if (local.get $m) (then (return (i32.add (local.get $i) (i32.ctz (local.get $m))))))
    (call $ws (local.get $i)))

  ;; The object of numbers at buf[i] (a '{') of member `kind`: the index after it, or -1.
  (func $numberObject (param $i i32) (param $kind i32) (result i32)
    (local $slot i32)
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
    (if (i32.eq (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x7d)) (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $member
      (local.set $i (call $name (local.get $i)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $slot (call $nestedSlot (local.get $kind)))
      (local.set $i (if (result i32) (i32.lt_s (local.get $slot) (i32.const 0))
        (then (call $skipValue (local.get $i)))
        (else (call $numberOrNull (local.get $i) (local.get $slot)))))
      (local.set $i (call $after (local.get $i) (i32.const 0x7d)))
      (if (i32.ge_s (local.get $i) (i32.const 0)) (then (br $member))))
    (if (i32.eq (local.get $i) (i32.const -1)) (then (return (i32.const -1))))
    (i32.sub (i32.const -3) (local.get $i)))

  ;; The findings list at buf[i] (a '['): each finding's rule, severity and message into the findings area.
  (func $findings (param $i i32) (result i32)
    (local $rec i32) (local $seen i32) (local $k i32) (local $e i32) (local $len i32) (local $sev i64)
    (global.set $nfind (i32.const 0))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
    (if (i32.eq (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x5d)) (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $finding
      (if (i32.eq (global.get $nfind) (i32.const 128)) (then (return (i32.const -1))))
      (if (i32.ne (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x7b)) (then (return (i32.const -1))))
      (local.set $rec (i32.add (i32.const 256) (i32.mul (global.get $nfind) (i32.const 24))))
      (i32.store offset=20 (local.get $rec) (i32.const 0))
      (local.set $seen (i32.const 0))
      (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
      (loop $member
        (local.set $i (call $name (local.get $i)))
        (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $k (i32.const -1))
        (if (call $is (i32.const 4) (i64.const 0x656c7572) (i64.const 0)) (then (local.set $k (i32.const 0))))
        (if (call $is (i32.const 8) (i64.const 0x7974697265766573) (i64.const 0)) (then (local.set $k (i32.const 1))))
        (if (call $is (i32.const 7) (i64.const 0x006567617373656d) (i64.const 0)) (then (local.set $k (i32.const 2))))
        (if (i32.lt_s (local.get $k) (i32.const 0))
          (then (local.set $i (call $skipValue (local.get $i))))
          (else
            (if (i32.and (local.get $seen) (i32.shl (i32.const 1) (local.get $k))) (then (return (i32.const -1))))
            (local.set $seen (i32.or (local.get $seen) (i32.shl (i32.const 1) (local.get $k))))
            (if (i32.ne (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x22)) (then (return (i32.const -1))))
            (local.set $e (call $str (local.get $i)))
            (if (i32.lt_s (local.get $e) (i32.const 0)) (then (return (i32.const -1))))
            (if (i32.eq (local.get $k) (i32.const 1))
              (then
                ;; severity: error, warning or info, unescaped.
                (if (global.get $esc) (then (return (i32.const -1))))
                (local.set $len (i32.sub (i32.sub (local.get $e) (local.get $i)) (i32.const 2)))
                (local.set $sev (call $word (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
                (i32.store offset=8 (local.get $rec)
                  (if (result i32) (i32.and (i32.eq (local.get $len) (i32.const 5)) (i64.eq (local.get $sev) (i64.const 0x726f727265)))
                    (then (i32.const 0))
                    (else (if (result i32) (i32.and (i32.eq (local.get $len) (i32.const 7)) (i64.eq (local.get $sev) (i64.const 0x00676e696e726177)))
                      (then (i32.const 1))
                      (else (if (result i32) (i32.and (i32.eq (local.get $len) (i32.const 4)) (i64.eq (local.get $sev) (i64.const 0x6f666e69)))
                        (then (i32.const 2)) (else (return (i32.const -1))))))))))
              (else
                ;; rule at rec + 0, message at rec + 12.
                (i32.store (i32.add (local.get $rec) (i32.mul (local.get $k) (i32.const 6))) (local.get $i))
                (i32.store offset=4 (i32.add (local.get $rec) (i32.mul (local.get $k) (i32.const 6))) (local.get $e))
                (i32.store offset=20 (local.get $rec) (i32.or (i32.load offset=20 (local.get $rec)) (i32.shl (global.get $esc) (local.get $k))))))
            (local.set $i (local.get $e))))
        (local.set $i (call $after (local.get $i) (i32.const 0x7d)))
        (if (i32.ge_s (local.get $i) (i32.const 0)) (then (br $member))))
      (if (i32.eq (local.get $i) (i32.const -1)) (then (return (i32.const -1))))
      (if (i32.ne (local.get $seen) (i32.const 7)) (then (return (i32.const -1))))
      (global.set $nfind (i32.add (global.get $nfind) (i32.const 1)))
      (local.set $i (call $after (i32.sub (i32.const -3) (local.get $i)) (i32.const 0x5d)))
      (if (i32.ge_s (local.get $i) (i32.const 0)) (then (br $finding))))
    (if (i32.eq (local.get $i) (i32.const -1)) (then (return (i32.const -1))))
    (i32.sub (i32.const -3) (local.get $i)))

  ;; The files[] entry at buf[i] (bytes up to `end` read so far): the index after its '}', or -1 to leave it to JS.
  ;; Out: doubles 0 peakDbfs, 1 rmsDbfs, 2 dcOffset, 3 bandwidthHz, 4-7 format sampleRate channels validBits
  ;; durationSec, 8-9 minMax zeroBin expectedZeroBin, 10-11 mel minDb maxDb (NaN: null or absent); i32 at 128:
  ;; path start, end, escaped; error start (-1 null), end, escaped; finding count; findings at 256, 6 i32 each: rule
  ;; start, end, severity (0 error 1 warning 2 info), message start, end, escaped (bit 0 rule, bit 2 message).
  (func $entry (export "entry") (param $i i32) (param $end i32) (result i32)
    (local $pretty i32) (local $seen i32) (local $k i32) (local $b i32) (local $s i32) (local $e i32)
    (i32.store8 offset=1048576 (local.get $end) (i32.const 0))
    (global.set $end (local.get $end))
    (if (i32.ne (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x7b)) (then (return (i32.const -1))))
    ;; As streamReader.ts prettyEntryStart: a line break and exactly four spaces before the '{'.
    (if (i32.ge_u (local.get $i) (i32.const 6))
      (then
        (local.set $pretty (i32.and
          (i32.eq (i32.load offset=1048576 (i32.sub (local.get $i) (i32.const 4))) (i32.const 0x20202020))
          (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.sub (local.get $i) (i32.const 5))) (i32.const 0x0a))
                   (i32.ne (i32.load8_u offset=1048576 (i32.sub (local.get $i) (i32.const 6))) (i32.const 0x20)))))))
    (local.set $k (i32.const 0))
    (loop $clear
      (f64.store (i32.shl (local.get $k) (i32.const 3)) (f64.const nan))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $clear (i32.lt_u (local.get $k) (i32.const 12))))
    (i32.store (i32.const 140) (i32.const -1))
    (global.set $nfind (i32.const 0))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
    (loop $member
      (local.set $s (call $name (local.get $i)))
      (if (i32.lt_s (local.get $s) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $k (call $fileKey))
      (local.set $b (i32.load8_u offset=1048576 (local.get $s)))
      (if (i32.ge_s (local.get $k) (i32.const 0))
        (then
          ;; A repeated member is left to JS (JSON.parse keeps the last).
          (if (i32.and (local.get $seen) (i32.shl (i32.const 1) (local.get $k))) (then (return (i32.const -1))))
          (local.set $seen (i32.or (local.get $seen) (i32.shl (i32.const 1) (local.get $k))))))
      (block $read
        (if (i32.lt_s (local.get $k) (i32.const 0))
          (then
            (if (i32.and (local.get $pretty) (i32.eq (i32.and (local.get $b) (i32.const 0xdf)) (i32.const 0x5b)))
              (then
                (local.set $i (call $prettyJump (local.get $s) (i32.add (local.get $b) (i32.const 2))))
                (br_if $read (i32.ne (local.get $i) (i32.const -2)))))
            (local.set $i (call $skipValue (local.get $s)))
            (br $read)))
        (if (i32.le_u (local.get $k) (i32.const 1))
          (then
            (if (i32.eq (local.get $b) (i32.const 0x22))
              (then
                (local.set $e (call $str (local.get $s)))
                (i32.store (i32.add (i32.const 128) (i32.mul (local.get $k) (i32.const 12))) (local.get $s))
                (i32.store (i32.add (i32.const 132) (i32.mul (local.get $k) (i32.const 12))) (local.get $e))
                (i32.store (i32.add (i32.const 136) (i32.mul (local.get $k) (i32.const 12))) (global.get $esc))
                (local.set $i (local.get $e))
                (br $read)))
            ;; "error": null; "path" must be a string.
            (if (i32.eqz (local.get $k)) (then (return (i32.const -1))))
            (if (i32.ne (local.get $b) (i32.const 0x6e)) (then (return (i32.const -1))))
            (local.set $i (call $null (local.get $s)))
            (br $read)))
        (if (i32.or (i32.eq (local.get $k) (i32.const 2)) (i32.or (i32.eq (local.get $k) (i32.const 6)) (i32.eq (local.get $k) (i32.const 7))))
          (then
            (if (i32.eq (local.get $b) (i32.const 0x7b))
              (then (local.set $i (call $numberObject (local.get $s) (local.get $k))) (br $read)))
            (if (i32.ne (local.get $b) (i32.const 0x6e)) (then (return (i32.const -1))))
            (local.set $i (call $null (local.get $s)))
            (br $read)))
        (if (i32.eq (local.get $k) (i32.const 8))
          (then
            (if (i32.ne (local.get $b) (i32.const 0x5b)) (then (return (i32.const -1))))
            (local.set $i (call $findings (local.get $s)))
            (br $read)))
        ;; peakDbfs 3, rmsDbfs 4, dcOffset 5, bandwidthHz 9 -> slots 0, 1, 2, 3.
        (local.set $i (call $numberOrNull (local.get $s)
          (if (result i32) (i32.eq (local.get $k) (i32.const 9)) (then (i32.const 3)) (else (i32.sub (local.get $k) (i32.const 3)))))))
      (local.set $i (call $after (local.get $i) (i32.const 0x7d)))
      (if (i32.ge_s (local.get $i) (i32.const 0)) (then (br $member))))
    (if (i32.eq (local.get $i) (i32.const -1)) (then (return (i32.const -1))))
    ;; "path" and "findings" are required (JS names which is missing).
    (if (i32.ne (i32.and (local.get $seen) (i32.const 0x101)) (i32.const 0x101)) (then (return (i32.const -1))))
    (i32.store (i32.const 152) (global.get $nfind))
    (i32.sub (i32.const -3) (local.get $i)))

  ;; Many entries per call ("entries" below writes them column by column; JS copies each column with one set()).
  ;; Batch area: [65536, 163840) 12 double columns of 1024 (the "entry" doubles, column k at 65536 + 8192 k);
  ;; [163840, 200704) 9 i32 columns of 1024: entry offset, end of its path bytes in the path area, then the 7 i32 "entry"
  ;; leaves at 128 (path start, end, escaped, error start, end, escaped, finding count); [200704, 397312) the findings
  ;; of the batch, 6 i32 each as "entry" leaves them, at most 8192; [397312, 1048576) the paths' bytes (between the
  ;; quotes, escapes as written) one after another. At 160: entries read, 164: findings, 168: 1 when the call ended
  ;; after an entry that is not followed by ',' (JS goes on after that entry), 2 when "entry" declined the returned entry,
  ;; else 0 (JS goes on at the returned entry).
  (func (export "entries") (param $i i32) (param $end i32) (param $stop i32) (param $cap i32) (result i32)
    (local $n i32) (local $nf i32) (local $next i32) (local $k i32) (local $len i32) (local $pa i32) (local $j i32)
    (i32.store (i32.const 168) (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.eq (local.get $i) (local.get $stop)))
        (br_if $done (i32.ge_u (local.get $n) (local.get $cap)))
        ;; Room for an entry's 128 findings.
        (br_if $done (i32.gt_u (local.get $nf) (i32.const 8064)))
        (local.set $next (call $entry (local.get $i) (local.get $end)))
        (if (i32.lt_s (local.get $next) (i32.const 0)) (then (i32.store (i32.const 168) (i32.const 2)) (br $done)))
        (local.set $len (i32.sub (i32.sub (i32.load (i32.const 132)) (i32.load (i32.const 128))) (i32.const 2)))
        (br_if $done (i32.gt_u (i32.add (local.get $pa) (local.get $len)) (i32.const 651264)))
        (memory.copy (i32.add (i32.const 397312) (local.get $pa)) (i32.add (i32.const 1048577) (i32.load (i32.const 128))) (local.get $len))
        (local.set $pa (i32.add (local.get $pa) (local.get $len)))
        (local.set $k (i32.const 0))
        (loop $number
          (f64.store offset=65536 (i32.add (i32.shl (local.get $k) (i32.const 13)) (i32.shl (local.get $n) (i32.const 3)))
            (f64.load (i32.shl (local.get $k) (i32.const 3))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $number (i32.lt_u (local.get $k) (i32.const 12))))
        (local.set $j (i32.shl (local.get $n) (i32.const 2)))
        (i32.store offset=163840 (local.get $j) (local.get $i))
        (i32.store offset=167936 (local.get $j) (local.get $pa))
        (local.set $k (i32.const 0))
        (loop $int
          (i32.store offset=172032 (i32.add (i32.shl (local.get $k) (i32.const 12)) (local.get $j))
            (i32.load offset=128 (i32.shl (local.get $k) (i32.const 2))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $int (i32.lt_u (local.get $k) (i32.const 7))))
        (memory.copy (i32.add (i32.const 200704) (i32.mul (local.get $nf) (i32.const 24))) (i32.const 256)
          (i32.mul (i32.load (i32.const 152)) (i32.const 24)))
        (local.set $nf (i32.add (local.get $nf) (i32.load (i32.const 152))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        ;; The next entry: whitespace, ',', whitespace; anything else (']', the end of the bytes) is left to JS.
        (local.set $i (call $ws (local.get $next)))
        (if (i32.ne (i32.load8_u offset=1048576 (local.get $i)) (i32.const 0x2c))
          (then
            (i32.store (i32.const 168) (i32.const 1))
            (local.set $i (local.get $next))
            (br $done)))
        (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
        (br $each)))
    (i32.store (i32.const 160) (local.get $n))
    (i32.store (i32.const 164) (local.get $nf))
    (local.get $i))
)
