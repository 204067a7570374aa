import * as net from 'node:net';
import { type ApiSpec, ErrorCode, type RequestContext } from './protocol/api';
import { ProtocolError, Reader } from './protocol/reader';
import { Writer } from './protocol/writer';
import { API_VERSIONS_KEY, writeApiVersionsV0 } from './apis/api-versions';
import type { BrokerLogger } from './logger';

export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
/** Stop reading from a connection while this many responses are outstanding. */
const MAX_IN_FLIGHT = 1000;

export interface ServerOptions {
  logger: BrokerLogger;
  maxFrameBytes?: number;
}

interface Slot {
  done: boolean;
  frame: Buffer[] | null;
}

/**
 * TCP front end: 4-byte length framing, request header v1/v2, response header v0/v1.
 * Requests on one connection may be handled concurrently (async handlers) but responses are
 * written strictly in arrival order. Any framing or parsing problem, an unknown API key or an
 * unsupported version (except ApiVersions, which answers UNSUPPORTED_VERSION like Kafka)
 * closes that connection only.
 */
export class KafkaServer {
  private readonly specs = new Map<number, ApiSpec>();
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  private nextConnectionId = 1;
  private readonly maxFrameBytes: number;

  constructor(private readonly options: ServerOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => options.logger.error('server error', { error: String(err) }));
  }

  register(specs: readonly ApiSpec[]): void {
    for (const spec of specs) {
      if (this.specs.has(spec.key)) throw new Error(`API key ${spec.key} (${spec.name}) registered twice`);
      this.specs.set(spec.key, spec);
    }
  }

  get apis(): ApiSpec[] {
    return [...this.specs.values()];
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const clientHost = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const log = this.options.logger;
    this.sockets.add(socket);
    socket.setNoDelay(true);

    const slots: Slot[] = [];
    let closed = false;
    let pausedForInFlight = false;
    // framing state
    const sizeBuf = Buffer.alloc(4);
    let sizeFill = 0;
    let frame: Buffer | null = null;
    let frameFill = 0;

    const kill = (reason: string, fields: Record<string, unknown> = {}): void => {
      if (closed) return;
      closed = true;
      log.warn(`closing connection: ${reason}`, { connectionId, clientHost, ...fields });
      socket.destroy();
    };

    const flush = (): void => {
      if (closed) return;
      let wrote = false;
      while (slots.length > 0 && slots[0].done) {
        const slot = slots.shift() as Slot;
        if (slot.frame) {
          if (!wrote) socket.cork();
          wrote = true;
          for (const b of slot.frame) socket.write(b);
        }
      }
      if (wrote) socket.uncork();
      if (pausedForInFlight && slots.length < MAX_IN_FLIGHT / 2) {
        pausedForInFlight = false;
        socket.resume();
      }
    };

    const handleFrame = (buf: Buffer): void => {
      const r = new Reader(buf);
      const apiKey = r.int16();
      const apiVersion = r.int16();
      const correlationId = r.int32();
      const clientId = r.nullableString();
      const spec = this.specs.get(apiKey);
      if (!spec) return kill('unknown API key', { apiKey, apiVersion, clientId });

      const slot: Slot = { done: false, frame: null };
      const complete = (body: Buffer | null, flexibleHeader: boolean): void => {
        if (body) {
          const header = Buffer.allocUnsafe(flexibleHeader ? 9 : 8);
          header.writeInt32BE(body.length + header.length - 4, 0);
          header.writeInt32BE(correlationId, 4);
          if (flexibleHeader) header[8] = 0;
          slot.frame = [header, body];
        }
        slot.done = true;
        flush();
      };

      if (apiVersion < spec.minVersion || apiVersion > spec.maxVersion) {
        if (apiKey !== API_VERSIONS_KEY) return kill('unsupported version', { apiKey, apiVersion, clientId });
        slots.push(slot);
        const out = new Writer(512);
        writeApiVersionsV0(out, this.apis.sort((a, b) => a.key - b.key), ErrorCode.UNSUPPORTED_VERSION);
        return complete(out.toBuffer(), false);
      }
      const flexible = spec.firstFlexibleVersion !== undefined && apiVersion >= spec.firstFlexibleVersion;
      if (flexible) r.taggedFields();
      // ApiVersions always answers with response header v0 so clients can parse it blind.
      const flexibleHeader = flexible && apiKey !== API_VERSIONS_KEY;
      const ctx: RequestContext = { apiKey, apiVersion, correlationId, clientId, connectionId, clientHost };
      const out = new Writer(1024);
      slots.push(slot);
      if (slots.length >= MAX_IN_FLIGHT && !pausedForInFlight) {
        pausedForInFlight = true;
        socket.pause();
      }
      const onError = (err: unknown): void => {
        if (err instanceof ProtocolError) kill('malformed request', { apiKey, apiVersion, error: err.message });
        else {
          log.error('handler failed', { apiKey, apiVersion, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
          kill('handler failed', { apiKey, apiVersion });
        }
      };
      let result: ReturnType<ApiSpec['handle']>;
      try {
        result = spec.handle(ctx, r, out);
      } catch (err) {
        return onError(err);
      }
      if (result instanceof Promise) {
        result
          .then((res) => complete(res === 'no-response' ? null : out.toBuffer(), flexibleHeader), onError)
          .catch((err: unknown) => log.error('failed to write response', { apiKey, error: String(err) }));
      } else {
        complete(result === 'no-response' ? null : out.toBuffer(), flexibleHeader);
      }
    };

    socket.on('data', (chunk: Buffer) => {
      let pos = 0;
      try {
        while (pos < chunk.length && !closed) {
          if (frame === null) {
            const n = Math.min(4 - sizeFill, chunk.length - pos);
            chunk.copy(sizeBuf, sizeFill, pos, pos + n);
            sizeFill += n;
            pos += n;
            if (sizeFill < 4) break;
            sizeFill = 0;
            const size = sizeBuf.readInt32BE(0);
            if (size < 8 || size > this.maxFrameBytes) return kill('bad frame size', { size, maxFrameBytes: this.maxFrameBytes });
            frame = Buffer.allocUnsafe(size);
            frameFill = 0;
          }
          const n = Math.min(frame.length - frameFill, chunk.length - pos);
          chunk.copy(frame, frameFill, pos, pos + n);
          frameFill += n;
          pos += n;
          if (frameFill === frame.length) {
            const complete = frame;
            frame = null;
            handleFrame(complete);
          }
        }
      } catch (err) {
        if (err instanceof ProtocolError) kill('malformed request header', { error: err.message });
        else {
          log.error('connection failure', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
          kill('internal error');
        }
      }
    });
    socket.on('error', (err) => log.debug('socket error', { connectionId, error: String(err) }));
    socket.on('close', () => {
      closed = true;
      this.sockets.delete(socket);
    });
  }
}
