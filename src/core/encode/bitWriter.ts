// MSB-first bit writer into a growing byte buffer (FLAC frames are big-endian bit streams).

export class BitWriter {
  private buf = new Uint8Array(1 << 16);
  /** Whole bytes written. */
  private n = 0;
  /** Pending bits (fewer than 8 after every call), held in the low `accBits` bits of `acc`. */
  private acc = 0;
  private accBits = 0;

  /** Byte length written so far (the pending partial byte excluded). */
  get length(): number {
    return this.n;
  }

  /** Writes the low `bits` bits of a non-negative integer `value` (bits ≤ 53). */
  write(value: number, bits: number): void {
    while (bits > 24) {
      // The high part first: an exact division, since value may exceed 2^32.
      const low = bits - 24;
      this.write(Math.floor(value / 2 ** low) % (1 << 24), 24);
      value %= 2 ** low;
      bits = low;
    }
    this.acc = ((this.acc << bits) | (value & ((1 << bits) - 1))) >>> 0;
    this.accBits += bits;
    while (this.accBits >= 8) {
      this.accBits -= 8;
      this.push((this.acc >>> this.accBits) & 0xff);
    }
    this.acc &= (1 << this.accBits) - 1;
  }

  /** Two's complement of a signed `value` in `bits` bits. */
  writeSigned(value: number, bits: number): void {
    this.write(value < 0 ? value + 2 ** bits : value, bits);
  }

  /** q zero bits then a one (the Rice quotient). */
  writeUnary(q: number): void {
    while (q >= 24) {
      this.write(0, 24);
      q -= 24;
    }
    this.write(1, q + 1);
  }

  /** Pads with zero bits to the next byte boundary. */
  alignToByte(): void {
    if (this.accBits > 0) this.write(0, 8 - this.accBits);
  }

  /** The bytes written (byte-aligned); a view valid until the next write or reset. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }

  reset(): void {
    this.n = 0;
    this.acc = 0;
    this.accBits = 0;
  }

  private push(b: number): void {
    if (this.n === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.n++] = b;
  }
}
