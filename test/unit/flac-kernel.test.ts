// The WebAssembly FLAC loops (src/core/decode/formats/wasm/flacKernel.wat) against independent references: residuals
// written by a bit writer here from the format's definition, predictors recomputed exactly with BigInt, CRC-16 against
// a bit-at-a-time CRC and the catalogue's check value, and whole streams against libsndfile with and without the kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFlacKernel, releaseFlacKernel, setFlacKernelEnabled, type FlacKernel } from '../../src/core/decode/formats/flacKernel';
import { CRC16_BY, READ_PAD } from '../../src/core/decode/formats/flacFrame';
import { openFlac } from '../../src/core/decode/formats/flac';
import { encodeWav, type WavSpec } from '../fixtures/wav';
import { prng } from '../fixtures/prng';
import { crc16 } from '../fixtures/flac';
import { run, soundfileRead } from '../fixtures/codecs';

function kernel(): FlacKernel {
  const k = acquireFlacKernel(CRC16_BY);
  assert.ok(k, 'this node runs WebAssembly: the kernel loads');
  return k;
}

/** MSB-first bit writer (format.html: all fields big-endian, most significant bit first). */
class Bits {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, width: number): void {
    for (let b = width - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** b) & 1);
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  /** Signed value in `width` bits, two's complement. */
  putSigned(value: number, width: number): void {
    this.put(value < 0 ? value + 2 ** width : value, width);
  }
  /** Rice code: zigzag u = 2v (v >= 0) or -2v-1, then u >> k zeros, a one, and the k low bits of u. */
  putRice(v: number, k: number): void {
    const u = v >= 0 ? 2 * v : -2 * v - 1;
    for (let q = Math.floor(u / 2 ** k); q > 0; q--) this.put(0, 1);
    this.put(1, 1);
    this.put(u % 2 ** k, k);
  }
  get bitLength(): number {
    return 8 * this.bytes.length + this.n;
  }
  /** The bytes, the last partial one padded with zeros. */
  done(): Uint8Array {
    const out = [...this.bytes];
    if (this.n) out.push(this.acc << (8 - this.n));
    return Uint8Array.from(out);
  }
}

interface Partition { k: number | 'escape'; raw?: number; values: number[] }

/** Writes a residual (after the method and order fields) starting `lead` bits into the buffer; returns the end bit. */
function writeResidual(k: FlacKernel, lead: number, paramBits: 4 | 5, parts: Partition[]): { end: number; bytes: number } {
  const w = new Bits();
  w.put(0b101, lead); // filler before the residual: the kernel starts mid-byte
  for (const p of parts) {
    if (p.k === 'escape') {
      w.put(2 ** paramBits - 1, paramBits);
      w.put(p.raw!, 5);
      for (const v of p.values) if (p.raw) w.putSigned(v, p.raw!);
    } else {
      w.put(p.k, paramBits);
      for (const v of p.values) w.putRice(v, p.k);
    }
  }
  const end = w.bitLength;
  const bytes = w.done();
  const buf = k.buffer(bytes.length + READ_PAD);
  buf.fill(0xa5); // stale bytes past the end must not matter
  buf.set(bytes);
  return { end, bytes: bytes.length };
}

test('residual: Rice codes at k = 0, 1, 14 (RICE) and 30 (RICE2), quotients past 64 zero bits, escaped partitions of 0, 1, 17 and 31 bits', () => {
  const k = kernel();
  const r = prng(11);
  const cases: { paramBits: 4 | 5; order: number; parts: Partition[] }[] = [
    { paramBits: 4, order: 0, parts: [{ k: 0, values: [0, -1, 1, -2, 2, 40, -41, 3] }] },
    { paramBits: 4, order: 2, parts: [
      { k: 1, values: Array.from({ length: 14 }, () => Math.round((r() - 0.5) * 40)) }, // partition 0 holds 16 - order
      { k: 14, values: Array.from({ length: 16 }, () => Math.round((r() - 0.5) * 2 ** 16)) },
      { k: 'escape', raw: 17, values: Array.from({ length: 16 }, () => Math.round((r() - 0.5) * 2 ** 16)) },
      { k: 'escape', raw: 0, values: new Array(16).fill(0) },
    ] },
    { paramBits: 5, order: 1, parts: [
      { k: 30, values: [2 ** 30 - 1, -(2 ** 30), 12345678, -7, ...Array.from({ length: 3 }, () => Math.round((r() - 0.5) * 2 ** 31 * 0.9))] },
      { k: 0, values: [100, -200, 63, 0, 0, -1, 150, 1] }, // unary lengths 200 and 400 bits: the long-quotient path
      { k: 'escape', raw: 31, values: [2 ** 30 - 1, -(2 ** 30), 5, -5, 0, 1, -1, 123456] },
      { k: 'escape', raw: 1, values: [0, -1, 0, -1, -1, 0, 0, -1] },
    ] },
  ];
  for (const [ci, { paramBits, order, parts }] of cases.entries()) {
    const partitionOrder = Math.log2(parts.length);
    const n = order + parts.reduce((s, p) => s + p.values.length, 0);
    const expected = parts.flatMap((p) => p.values);
    for (const lead of [0, 3, 7]) {
      const { end, bytes } = writeResidual(k, lead, paramBits, parts);
      k.samples[0].fill(777);
      const after = k.residual(lead, 8 * bytes, 0, n, order, partitionOrder, paramBits);
      assert.equal(after, end, `case ${ci}, lead ${lead}: ends at the bit after the last code`);
      assert.deepEqual(Array.from(k.samples[0].subarray(order, n)), expected, `case ${ci}, lead ${lead}: residuals`);
      assert.equal(k.samples[0][0], order > 0 ? 777 : expected[0], 'warm-up samples are left alone');
      // One bit short of the residual: the caller must read more bytes.
      assert.equal(k.residual(lead, end - 1, 0, n, order, partitionOrder, paramBits), -1, `case ${ci}: past endBits gives -1`);
    }
  }
  releaseFlacKernel(k);
});

test('residual: a stream of zero bytes cut anywhere returns -1 and never reads past the padding', () => {
  const k = kernel();
  const buf = k.buffer(64 + READ_PAD);
  buf.fill(0);
  // 4096 residuals of k = 0 in 64 zero bytes: the quotient never ends inside the data.
  for (const endBytes of [0, 1, 5, 63, 64]) assert.equal(k.residual(0, 8 * endBytes, 0, 4096, 0, 0, 4), -1);
  releaseFlacKernel(k);
});

/** The residuals that make the predictor yield `target` (warm-up kept): r[i] = s[i] - floor(Σ c[j]·s[i-1-j] / 2^shift). */
function lpcResiduals(target: readonly number[], coefs: readonly number[], shift: number): number[] {
  const s = target.map(BigInt);
  return target.map((v, i) => {
    if (i < coefs.length) return v;
    let sum = 0n;
    for (let j = 0; j < coefs.length; j++) sum += BigInt(coefs[j]) * s[i - 1 - j];
    return Number(s[i] - (sum >> BigInt(shift)));
  });
}

test('LPC orders 1..32 (the 8-tap loop, the int32 loop and the int64 loop) restore the samples the residuals were made from', () => {
  const k = kernel();
  const r = prng(5);
  for (const wide of [false, true]) {
    for (let order = 1; order <= 32; order++) {
      for (const n of [order, order + 3, 9, 4096]) {
        if (n < order) continue;
        const precision = 1 + Math.floor(r() * 15);
        const shift = Math.floor(r() * 16);
        const coefs = Array.from({ length: order }, () => Math.round((r() - 0.5) * 2 ** precision * 0.99));
        // Samples within libFLAC's int32 bound on the narrow path (Σ|c|·2^(bps-1) < 2^31); 24-bit ones on the wide path.
        const sumAbs = coefs.reduce((a, c) => a + Math.abs(c), 0) || 1;
        const amp = wide ? 2 ** 23 : Math.max(1, Math.floor(2 ** 31 / sumAbs) - 1);
        const target = Array.from({ length: n }, () => Math.round((r() - 0.5) * amp));
        k.samples[0].set(lpcResiduals(target, coefs, shift));
        k.coefs.set(coefs);
        k.lpc(0, n, order, shift, wide);
        const got = k.samples[0];
        for (let i = 0; i < n; i++) {
          if (got[i] !== target[i]) assert.fail(`${wide ? 'int64' : 'int32'} order ${order} n ${n}: sample ${i} is ${got[i]}, expected ${target[i]}`);
        }
      }
    }
  }
  releaseFlacKernel(k);
});

/** s[i] += Σ c[j]·s[i-1-j] exactly (BigInt), wrapped to int32 like a stored sample (FIXED predictors have shift 0). */
function fixedReference(s0: readonly number[], coefs: readonly number[]): number[] {
  const s = s0.map(BigInt);
  for (let i = coefs.length; i < s.length; i++) {
    let sum = 0n;
    for (let j = 0; j < coefs.length; j++) sum += BigInt(coefs[j]) * s[i - 1 - j];
    s[i] = BigInt.asIntN(32, s[i] + sum);
  }
  return s.map(Number);
}

test('FIXED orders 1..4 equal the binomial recurrences (format.html) computed exactly', () => {
  const k = kernel();
  const r = prng(9);
  const binomial = [[], [1], [2, -1], [3, -3, 1], [4, -6, 4, -1]];
  for (let order = 1; order <= 4; order++) {
    for (const n of [order, order + 1, 4096]) {
      const s0 = Array.from({ length: n }, () => Math.round((r() - 0.5) * 2 ** 12));
      k.samples[1].set(s0);
      k.fixed(1, n, order);
      assert.deepEqual(Array.from(k.samples[1].subarray(0, n)), fixedReference(s0, binomial[order]), `order ${order}, n ${n}`);
    }
  }
  releaseFlacKernel(k);
});

test('CRC-16: the catalogue check value of CRC-16/UMTS ("123456789" -> 0xFEE8) and a bitwise CRC over 0..100 random bytes', () => {
  const k = kernel();
  const buf = k.buffer(256 + READ_PAD);
  buf.set(Buffer.from('123456789', 'latin1'));
  assert.equal(k.crc16(0, 9), 0xfee8);
  const r = prng(3);
  for (let len = 0; len <= 100; len++) {
    const bytes = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
    buf.set(bytes, 7);
    assert.equal(k.crc16(7, 7 + len), crc16(bytes), `${len} bytes`);
  }
  releaseFlacKernel(k);
});

test('narrow16: codes in -32768..32767 copy exactly; one code outside (32768 or -32769) anywhere is flagged', () => {
  const k = kernel();
  const codes = [0, 1, -1, 32767, -32768, 12345, -12345, 255, -256, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  for (const n of [0, 1, 7, 8, 9, 16, 19]) {
    k.samples[2].set(codes);
    assert.equal(k.narrow16(2, 0, n), false, `${n} codes in range`);
    assert.deepEqual(Array.from(k.codes16.subarray(0, n)), codes.slice(0, n));
  }
  for (const bad of [32768, -32769, 65535, -65536, 2 ** 31 - 1, -(2 ** 31)]) {
    for (const at of [0, 7, 8, 18]) {
      k.samples[2].set(codes);
      k.samples[2][at] = bad;
      assert.equal(k.narrow16(2, 0, 19), true, `${bad} at ${at}`);
    }
  }
  k.samples[2].set(codes);
  assert.equal(k.narrow16(2, 3, 4), false, 'an offset start');
  assert.deepEqual(Array.from(k.codes16.subarray(0, 4)), codes.slice(3, 7));
  releaseFlacKernel(k);
});

const dir = mkdtempSync(join(tmpdir(), 'flac-kernel-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Seeded random-walk codes (something for the predictors to model). */
function walk(seed: number, frames: number, bits: number): number[] {
  const r = prng(seed);
  const full = 2 ** (bits - 1);
  let x = 0;
  return Array.from({ length: frames }, () => {
    x = 0.95 * x + (r() - 0.5) * 0.3;
    return Math.max(-full, Math.min(full - 1, Math.round(x * full)));
  });
}

async function decodeCodes(path: string): Promise<number[][]> {
  const src = await openFlac(path);
  const out: number[][] = Array.from({ length: src.info.channels }, () => []);
  await src.readCodes((codes, from, frames) => codes.forEach((ch, c) => { for (let i = from; i < from + frames; i++) out[c].push(ch[i]); }));
  await src.close();
  return out;
}

test('whole streams decode to libsndfile\'s codes with the kernel and with the TypeScript loops alike', async () => {
  const cases: { spec: WavSpec; channels: number; args: string[] }[] = [
    { spec: { bits: 16, sampleRate: 22050 }, channels: 1, args: ['-5'] }, // LPC order <= 8: the 8-tap loop
    { spec: { bits: 16, sampleRate: 44100 }, channels: 2, args: ['-8'] }, // order 12: the int32 loop; mid/side
    { spec: { bits: 24, sampleRate: 48000 }, channels: 2, args: ['--lax', '-l', '32', '-q', '15'] }, // int64 sums
    { spec: { bits: 16, sampleRate: 16000 }, channels: 1, args: ['-0', '-b', '4608'] }, // FIXED only
  ];
  try {
    for (const [i, { spec, channels, args }] of cases.entries()) {
      const codes = Array.from({ length: channels }, (_, c) => walk(40 + 3 * i + c, 20000, spec.bits!));
      const wav = join(dir, `k${i}.wav`);
      const flac = join(dir, `k${i}.flac`);
      writeFileSync(wav, encodeWav(spec, codes));
      run('flac', ['-s', '-f', ...args, '-o', flac, wav]);
      const ref = soundfileRead(flac);
      const scale = 2 ** (spec.bits! - 1);
      for (const on of [true, false]) {
        setFlacKernelEnabled(on);
        const ours = await decodeCodes(flac);
        for (let c = 0; c < channels; c++) {
          assert.equal(ours[c].length, ref.frames);
          for (let j = 0; j < ref.frames; j++) {
            if (ours[c][j] !== ref.samples[c][j] * scale) assert.fail(`${args.join(' ')} ${on ? 'kernel' : 'TypeScript'} ch ${c} frame ${j}: ${ours[c][j]} vs ${ref.samples[c][j] * scale}`);
          }
        }
      }
    }
  } finally {
    setFlacKernelEnabled(true);
  }
});

test('frames larger than the 256 KiB read buffer (white 24-bit noise, 65535-sample blocks) grow the kernel memory and still decode like libsndfile', async () => {
  const r = prng(77);
  const frames = 3 * 65535;
  const codes = [0, 1].map(() => Array.from({ length: frames }, () => Math.floor(r() * 2 ** 24) - 2 ** 23));
  const wav = join(dir, 'big.wav');
  const flac = join(dir, 'big.flac');
  writeFileSync(wav, encodeWav({ bits: 24, sampleRate: 48000 }, codes));
  run('flac', ['-s', '-f', '--lax', '-0', '-b', '65535', '-o', flac, wav]);
  // Incompressible noise: each 65535-frame stereo block is about 65535 · 2 · 3 bytes, past the first buffer.
  assert.ok(statSync(flac).size / 3 > 256 * 1024, 'frames larger than the initial buffer');
  const ref = soundfileRead(flac);
  const ours = await decodeCodes(flac);
  for (let c = 0; c < 2; c++) {
    assert.equal(ours[c].length, frames);
    for (let j = 0; j < frames; j++) {
      if (ours[c][j] !== ref.samples[c][j] * 2 ** 23 || ours[c][j] !== codes[c][j]) assert.fail(`ch ${c} frame ${j}: ${ours[c][j]}, libsndfile ${ref.samples[c][j] * 2 ** 23}, written ${codes[c][j]}`);
    }
  }
});
