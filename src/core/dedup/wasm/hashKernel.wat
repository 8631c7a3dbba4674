;; MurmurHash3_x86_128 block mixing (Austin Appleby, public domain; smhasher src/MurmurHash3.cpp) for the content hash
;; (src/core/dedup/contentHash.ts), with the −0 → +0 step on the samples: the same integer operations as
;; ../murmur3.ts blocks(), so the digest is the same. Own memory: bytes 0..15 hold h1..h4, the scratch starts at 16.
;; Build: scripts/build-wasm-kernels.sh (wat2wasm from wabt) regenerates hashKernelWasm.ts.
(module
  (memory (export "memory") 4)

  ;; x = x + 0 for n f64 at p (IEEE 754 round to nearest turns −0 into +0 and leaves every other value alone), then
  ;; mixes the 16-byte blocks of bytes [from, from + bytes) into the state at 0
  (func (export "mix") (param $p i32) (param $n i32) (param $from i32) (param $bytes i32)
    (local $end i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $h4 i32)
    (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (v128.const f64x2 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $p) (local.get $end))
      (then (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 0)))))
    (local.set $h1 (i32.load (i32.const 0)))
    (local.set $h2 (i32.load (i32.const 4)))
    (local.set $h3 (i32.load (i32.const 8)))
    (local.set $h4 (i32.load (i32.const 12)))
    (local.set $end (i32.add (local.get $from) (local.get $bytes)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $from) (local.get $end)))
        (local.set $k1 (i32.load (local.get $from)))
        (local.set $k2 (i32.load offset=4 (local.get $from)))
        (local.set $k3 (i32.load offset=8 (local.get $from)))
        (local.set $k4 (i32.load offset=12 (local.get $from)))

        (local.set $k1 (i32.mul (i32.rotl (i32.mul (local.get $k1) (i32.const 0x239b961b)) (i32.const 15)) (i32.const 0xab0e9789)))
        (local.set $h1 (i32.xor (local.get $h1) (local.get $k1)))
        (local.set $h1 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h1) (i32.const 19)) (local.get $h2)) (i32.const 5))
          (i32.const 0x561ccd1b)))

        (local.set $k2 (i32.mul (i32.rotl (i32.mul (local.get $k2) (i32.const 0xab0e9789)) (i32.const 16)) (i32.const 0x38b34ae5)))
        (local.set $h2 (i32.xor (local.get $h2) (local.get $k2)))
        (local.set $h2 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h2) (i32.const 17)) (local.get $h3)) (i32.const 5))
          (i32.const 0x0bcaa747)))

        (local.set $k3 (i32.mul (i32.rotl (i32.mul (local.get $k3) (i32.const 0x38b34ae5)) (i32.const 17)) (i32.const 0xa1e38b93)))
        (local.set $h3 (i32.xor (local.get $h3) (local.get $k3)))
        (local.set $h3 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h3) (i32.const 15)) (local.get $h4)) (i32.const 5))
          (i32.const 0x96cd1c35)))

        (local.set $k4 (i32.mul (i32.rotl (i32.mul (local.get $k4) (i32.const 0xa1e38b93)) (i32.const 18)) (i32.const 0x239b961b)))
        (local.set $h4 (i32.xor (local.get $h4) (local.get $k4)))
        (local.set $h4 (i32.add (i32.mul (i32.add (i32.rotl (local.get $h4) (i32.const 13)) (local.get $h1)) (i32.const 5))
          (i32.const 0x32ac3b17)))

        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (br $blocks)))
    (i32.store (i32.const 0) (local.get $h1))
    (i32.store (i32.const 4) (local.get $h2))
    (i32.store (i32.const 8) (local.get $h3))
    (i32.store (i32.const 12) (local.get $h4)))
)
