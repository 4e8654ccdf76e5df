/**
 * Bit-level reading and writing, most significant bit first, as Gorilla-style chunks need.
 * Values travel as unsigned 32-bit halves because JavaScript bitwise operators are 32-bit.
 */

/** The chunk bytes end before the bits a reader asked for, or are otherwise malformed. */
export class ChunkFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChunkFormatError";
  }
}

/** Appends bits to a growable byte buffer. */
export class BitWriter {
  private buf: Uint8Array;
  private bits = 0;

  constructor(initialBytes = 64) {
    this.buf = new Uint8Array(Math.max(8, initialBytes));
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.bits;
  }

  /** Bytes needed to hold what was written (the last byte zero-padded). */
  get byteLength(): number {
    return (this.bits + 7) >>> 3;
  }

  /** Writes the low `n` bits (0..32) of `value`, high bit first. */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    this.ensure(n);
    let remaining = n;
    while (remaining > 0) {
      const free = 8 - (this.bits & 7);
      const take = remaining < free ? remaining : free;
      const part = (value >>> (remaining - take)) & ((1 << take) - 1);
      this.buf[this.bits >>> 3] |= part << (free - take);
      this.bits += take;
      remaining -= take;
    }
  }

  /** Writes one bit. */
  writeBit(bit: boolean | number): void {
    this.writeBits(bit ? 1 : 0, 1);
  }

  /** Writes the low `n` bits (0..64) of the 64-bit value `hi:lo`. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }

  /** Overwrites one whole byte already written (used for headers). */
  setByte(index: number, value: number): void {
    this.buf[index] = value & 0xff;
  }

  /** A copy of the written bytes. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.byteLength);
  }

  private ensure(n: number): void {
    const need = (this.bits + n + 7) >>> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }
}

/** Reads bits from a byte buffer, failing loudly rather than inventing zeros past the end. */
export class BitReader {
  private pos: number;
  private readonly limit: number;

  constructor(
    private readonly buf: Uint8Array,
    byteOffset = 0,
  ) {
    this.pos = byteOffset * 8;
    this.limit = buf.length * 8;
  }

  /** Reads `n` (0..32) bits as an unsigned number. */
  readBits(n: number): number {
    if (this.pos + n > this.limit) throw new ChunkFormatError("chunk is truncated");
    let out = 0;
    let remaining = n;
    while (remaining > 0) {
      const avail = 8 - (this.pos & 7);
      const take = remaining < avail ? remaining : avail;
      const part = (this.buf[this.pos >>> 3] >>> (avail - take)) & ((1 << take) - 1);
      // Multiplication, not <<, so a full 32-bit result stays unsigned.
      out = out * (1 << take) + part;
      this.pos += take;
      remaining -= take;
    }
    return out;
  }

  /** Reads one bit. */
  readBit(): number {
    return this.readBits(1);
  }
}
