/** Sequential decoder for Kafka wire primitives (big-endian), classic and compact (flexible) forms. */
export class ProtocolError extends Error {}

export class Reader {
  offset = 0;
  constructor(readonly buf: Buffer, start = 0) {
    this.offset = start;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): void {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new ProtocolError(`truncated: need ${n} bytes at ${this.offset}, have ${this.remaining}`);
    }
  }

  int8(): number { this.need(1); const v = this.buf.readInt8(this.offset); this.offset += 1; return v; }
  int16(): number { this.need(2); const v = this.buf.readInt16BE(this.offset); this.offset += 2; return v; }
  int32(): number { this.need(4); const v = this.buf.readInt32BE(this.offset); this.offset += 4; return v; }
  uint32(): number { this.need(4); const v = this.buf.readUInt32BE(this.offset); this.offset += 4; return v; }
  int64(): bigint { this.need(8); const v = this.buf.readBigInt64BE(this.offset); this.offset += 8; return v; }
  /** int64 as a JS number; offsets and timestamps stay far below 2^53. */
  int64n(): number { return Number(this.int64()); }
  bool(): boolean { return this.int8() !== 0; }

  unsignedVarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      this.need(1);
      const b = this.buf[this.offset++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new ProtocolError('varint too long');
    }
  }
  /** zig-zag signed varint (record fields). */
  varint(): number { const u = this.unsignedVarint(); return u % 2 === 0 ? u / 2 : -(u + 1) / 2; }
  varlong(): bigint {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      this.need(1);
      const b = BigInt(this.buf[this.offset++]);
      value |= (b & 0x7fn) << shift;
      if ((b & 0x80n) === 0n) break;
      shift += 7n;
      if (shift > 63n) throw new ProtocolError('varlong too long');
    }
    return (value >> 1n) ^ -(value & 1n);
  }

  raw(n: number): Buffer { this.need(n); const v = this.buf.subarray(this.offset, this.offset + n); this.offset += n; return v; }

  string(): string { const s = this.nullableString(); if (s === null) throw new ProtocolError('null string'); return s; }
  nullableString(): string | null { const n = this.int16(); return n < 0 ? null : this.raw(n).toString('utf8'); }
  compactString(): string { const s = this.compactNullableString(); if (s === null) throw new ProtocolError('null string'); return s; }
  compactNullableString(): string | null { const n = this.unsignedVarint() - 1; return n < 0 ? null : this.raw(n).toString('utf8'); }

  bytes(): Buffer { const b = this.nullableBytes(); return b ?? Buffer.alloc(0); }
  nullableBytes(): Buffer | null { const n = this.int32(); return n < 0 ? null : this.raw(n); }
  compactNullableBytes(): Buffer | null { const n = this.unsignedVarint() - 1; return n < 0 ? null : this.raw(n); }

  /** Classic array: int32 length, -1 = null. */
  array<T>(item: (r: Reader) => T): T[] { return this.nullableArray(item) ?? []; }
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    if (n > this.remaining) throw new ProtocolError(`array length ${n} exceeds frame`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
  compactArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.unsignedVarint() - 1;
    if (n < 0) return null;
    if (n > this.remaining) throw new ProtocolError(`array length ${n} exceeds frame`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
  /** Skips a tagged-field section (flexible versions). */
  taggedFields(): void {
    const n = this.unsignedVarint();
    for (let i = 0; i < n; i++) {
      this.unsignedVarint();
      this.raw(this.unsignedVarint());
    }
  }
}
