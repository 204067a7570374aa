import { CustomTransportStrategy, MessageHandler as NestHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventStoreTransaction } from '@lienthong/event-store';
import { ConsumerOptions, RunningConsumer, startConsumer } from '../consumer/consumer';
import { RouteFn } from '../consumer/handling';
import { ReplayReport, replayDeadLetters } from '../consumer/replay';
import { InboundMessage, PermanentMessageError } from '../types';
import { markDecodedPayload } from './decoded-payload';
import { InboxContext } from './inbox.context';

export interface KafkaInboxServerOptions extends Omit<ConsumerOptions, 'handle' | 'route'> {
  /**
   * Event types on the subscribed topics this service ignores on purpose: committed without a
   * handler and without an inbox row. A type the contracts know but that is neither handled
   * (`@EventPattern`) nor listed here is dead-lettered as `no-handler`, so a forgotten handler
   * shows up instead of silently dropping messages.
   */
  ignore?: readonly string[];
}

/**
 * Nest transport over `startConsumer`: `@EventPattern('<event-type>')` handlers receive the
 * decoded data (`@Payload()`) and an InboxContext (`@Ctx()`) whose `tx` is the inbox
 * transaction. Only event handlers are routed; `@MessagePattern` (request-reply) is not
 * supported over Kafka here.
 *
 * Nest 12 APIs used: `Server` (abstract `listen`, `close`, `on`, `unwrap`), `getHandlerByPattern`,
 * `transformToObservable`, `BaseRpcContext`, `_status$`.
 */
export class KafkaInboxServer extends Server implements CustomTransportStrategy {
  private running?: RunningConsumer;
  private readonly ignored: ReadonlySet<string>;

  constructor(private readonly options: KafkaInboxServerOptions) {
    super();
    this.ignored = new Set(options.ignore ?? []);
  }

  listen(callback: (error?: unknown) => void): void {
    startConsumer({ ...this.options, handle: this.dispatch, route: this.route })
      .then(async (running) => {
        this.running = running;
        await running.ready();
        this._status$.next('connected');
        callback();
      })
      .catch((error: unknown) => callback(error));
  }

  /** Stops fetching, lets in-flight handlers finish and commit, then leaves the group. */
  async close(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
    this._status$.next('disconnected');
  }

  on(): never {
    throw new Error('KafkaInboxServer does not emit events; use isReady() or status');
  }

  unwrap<T>(): T {
    if (!this.running) throw new Error('KafkaInboxServer is not listening');
    return this.running.consumer as T;
  }

  /** The consumer group whose dead letters `replay` handles. */
  get groupId(): string {
    return this.options.groupId;
  }

  isReady(): boolean {
    return this.running?.isReady() ?? false;
  }

  /** Replays dead letters of this server's group through its own handlers (see replayDeadLetters). */
  replay(target: { key: string } | { all: true }, dryRun = false): Promise<ReplayReport> {
    return replayDeadLetters({
      store: this.options.store,
      groupId: this.options.groupId,
      decode: this.options.decode,
      handle: this.dispatch,
      route: this.route,
      dryRun,
      ...target,
    });
  }

  /** Handlers by event type, looked up once each: Nest's lookup normalises the pattern every call. */
  private readonly handlers = new Map<string, NestHandler | null>();

  private handlerFor(type: string): NestHandler | null {
    let handler = this.handlers.get(type);
    if (handler === undefined) {
      const found = this.getHandlerByPattern(type);
      handler = found?.isEventHandler ? found : null;
      // Handlers are registered before listen(); a lookup before that is not remembered.
      if (this.running) this.handlers.set(type, handler);
    }
    return handler;
  }

  private readonly route: RouteFn = (message) => {
    if (this.handlerFor(message.type)) return 'handle';
    return this.ignored.has(message.type) ? 'ignore' : 'no-handler';
  };

  private readonly dispatch = async (message: InboundMessage, tx: EventStoreTransaction): Promise<void> => {
    const handler = this.handlerFor(message.type);
    if (!handler) throw new PermanentMessageError('no-handler', `no handler for ${message.type}`);
    // Decoded and checked already: the service's inherited ValidationPipe lets it through.
    markDecodedPayload(message.data);
    const result: unknown = await handler(message.data, new InboxContext([message, tx]));
    // Await the whole handler (stream included) inside the transaction.
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  };
}
