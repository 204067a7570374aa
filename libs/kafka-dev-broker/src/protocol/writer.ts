/** Growable encoder for Kafka wire primitives (big-endian), classic and compact (flexible) forms. */
export class Writer {
  private buf: Buffer;
  private len = 0;
  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  int8(v: number): this { this.ensure(1); this.buf.writeInt8(v, this.len); this.len += 1; return this; }
  int16(v: number): this { this.ensure(2); this.buf.writeInt16BE(v, this.len); this.len += 2; return this; }
  int32(v: number): this { this.ensure(4); this.buf.writeInt32BE(v, this.len); this.len += 4; return this; }
  uint32(v: number): this { this.ensure(4); this.buf.writeUInt32BE(v >>> 0, this.len); this.len += 4; return this; }
  int64(v: bigint | number): this { this.ensure(8); this.buf.writeBigInt64BE(BigInt(v), this.len); this.len += 8; return this; }
  bool(v: boolean): this { return this.int8(v ? 1 : 0); }

  unsignedVarint(v: number): this {
    let value = v;
    while (value >= 0x80) {
      this.int8Unsigned((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    return this.int8Unsigned(value);
  }
  varint(v: number): this { return this.unsignedVarint(v >= 0 ? v * 2 : -v * 2 - 1); }
  varlong(v: bigint): this {
    let value = (v << 1n) ^ (v >> 63n);
    value = BigInt.asUintN(64, value);
    while (value >= 0x80n) {
      this.int8Unsigned(Number(value & 0x7fn) | 0x80);
      value >>= 7n;
    }
    return this.int8Unsigned(Number(value));
  }
  private int8Unsigned(v: number): this { this.ensure(1); this.buf[this.len++] = v; return this; }

  raw(b: Buffer): this { this.ensure(b.length); b.copy(this.buf, this.len); this.len += b.length; return this; }

  string(s: string): this { return this.nullableString(s); }
  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    return this.int16(b.length).raw(b);
  }
  compactString(s: string): this { return this.compactNullableString(s); }
  compactNullableString(s: string | null): this {
    if (s === null) return this.unsignedVarint(0);
    const b = Buffer.from(s, 'utf8');
    return this.unsignedVarint(b.length + 1).raw(b);
  }
  bytes(b: Buffer): this { return this.nullableBytes(b); }
  nullableBytes(b: Buffer | null): this { return b === null ? this.int32(-1) : this.int32(b.length).raw(b); }
  compactNullableBytes(b: Buffer | null): this { return b === null ? this.unsignedVarint(0) : this.unsignedVarint(b.length + 1).raw(b); }

  array<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }
  compactArray<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.unsignedVarint(0);
    this.unsignedVarint(items.length + 1);
    for (const v of items) item(this, v);
    return this;
  }
  /** An empty tagged-field section (flexible versions). */
  emptyTaggedFields(): this { return this.unsignedVarint(0); }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
