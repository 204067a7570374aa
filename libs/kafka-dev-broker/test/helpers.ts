import * as net from 'node:net';
import { crc32c } from '../src/protocol/crc32c';
import { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';
import { type BrokerLogger, silentLogger } from '../src/logger';

export interface TestRecord {
  key?: string | null;
  value: string | null;
  timestampDelta?: number;
}

export interface BatchOptions {
  baseOffset?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  baseTimestamp?: number;
  attributes?: number;
  records: TestRecord[];
}

/** Encodes an uncompressed record batch v2 with a valid CRC-32C (test fixture). */
export function buildBatch(o: BatchOptions): Buffer {
  const recs = new Writer();
  o.records.forEach((r, i) => {
    const body = new Writer();
    body.int8(0).varint(r.timestampDelta ?? 0).varint(i);
    const key = r.key == null ? null : Buffer.from(r.key);
    const value = r.value === null ? null : Buffer.from(r.value);
    if (key) body.varint(key.length).raw(key);
    else body.varint(-1);
    if (value) body.varint(value.length).raw(value);
    else body.varint(-1);
    body.varint(0); // headers
    recs.varint(body.length).raw(body.toBuffer());
  });
  const records = recs.toBuffer();
  const maxDelta = Math.max(0, ...o.records.map((r) => r.timestampDelta ?? 0));
  const baseTimestamp = o.baseTimestamp ?? Date.now();
  const w = new Writer();
  w.int64(o.baseOffset ?? 0)
    .int32(49 + records.length)
    .int32(-1)
    .int8(2)
    .uint32(0)
    .int16(o.attributes ?? 0)
    .int32(o.records.length - 1)
    .int64(baseTimestamp)
    .int64(baseTimestamp + maxDelta)
    .int64(o.producerId ?? -1)
    .int16(o.producerEpoch ?? -1)
    .int32(o.baseSequence ?? -1)
    .int32(o.records.length)
    .raw(records);
  const buf = Buffer.from(w.toBuffer());
  buf.writeUInt32BE(crc32c(buf, 21), 17);
  return buf;
}

/** Minimal pipelining Kafka client over one socket: responses are matched in order. */
export class RawClient {
  private readonly pending: { correlationId: number; flexibleHeader: boolean; resolve(r: Reader): void; reject(e: Error): void }[] = [];
  private buffered = Buffer.alloc(0);
  private nextCorrelationId = 1;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        const p = this.pending.shift();
        if (!p) throw new Error('unexpected response');
        const r = new Reader(frame);
        const correlationId = r.int32();
        if (correlationId !== p.correlationId) p.reject(new Error(`out of order: got ${correlationId}, expected ${p.correlationId}`));
        else {
          if (p.flexibleHeader) r.taggedFields();
          p.resolve(r);
        }
      }
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        for (const p of this.pending.splice(0)) p.reject(new Error('connection closed'));
        resolve();
      });
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends a request with header v1 (or v2 when `flexible`); resolves with the body reader. */
  request(apiKey: number, apiVersion: number, body: Buffer, opts: { flexible?: boolean; flexibleResponse?: boolean; noResponse?: boolean } = {}): Promise<Reader> {
    const correlationId = this.nextCorrelationId++;
    const header = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).nullableString('raw-test');
    if (opts.flexible) header.emptyTaggedFields();
    const h = header.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(h.length + body.length);
    this.socket.write(Buffer.concat([size, h, body]));
    if (opts.noResponse) return Promise.resolve(new Reader(Buffer.alloc(0)));
    return new Promise((resolve, reject) => {
      this.pending.push({ correlationId, flexibleHeader: opts.flexibleResponse ?? false, resolve, reject });
    });
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): Promise<void> {
    this.socket.end();
    this.socket.destroy();
    return this.closed;
  }
}

/** Produce v7 request body for one partition. */
export function produceBody(topic: string, partition: number, records: Buffer, acks = -1): Buffer {
  return new Writer()
    .nullableString(null)
    .int16(acks)
    .int32(5000)
    .array([topic], (w, t) => w.string(t).array([partition], (pw, p) => pw.int32(p).bytes(records)))
    .toBuffer();
}

/** Reads a Produce v7 response for one partition. */
export function readProduceResponse(r: Reader): { error: number; baseOffset: number } {
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      p.int32();
      const error = p.int16();
      const baseOffset = p.int64n();
      p.int64();
      p.int64();
      return { error, baseOffset };
    }),
  }));
  return topics[0].partitions[0];
}

/** Logger capturing warnings for assertions, silent otherwise. */
export function capturingLogger(): BrokerLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
}
