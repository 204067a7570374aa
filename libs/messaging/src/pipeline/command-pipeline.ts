/**
 * The one way to run a command (issue 17, ADR 0906): read the stream, fold, decide, append with
 * the expected version, apply the service's inline read models, stage what the decision
 * publishes in the outbox, and any extra work of the same decision (an audit row), all in one
 * transaction; retried in a fresh transaction on a version conflict only where the command says
 * re-deciding is safe. Each service builds one pipeline with its read models and its published
 * events, and every write path goes through it.
 */
import type { ContractData } from '@lienthong/contracts';
import {
  type CommandResult,
  ConcurrencyError,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type EventStoreTransaction,
  type ExpectedVersion,
  type Projection,
  type RecordedEvent,
  applyInline,
  handleCommand,
  TransactionOrderConflictError,
  retryOnConflict,
} from '@lienthong/event-store';
import { type OutboxMessage, stageMessages, stageRecordedEvents } from '../outbox/outbox';
import { DEFAULT_STREAM_CACHE_SIZE, StaleCacheError, StreamStateCache, isRetryable, markRetryable } from './stream-cache';

/** A contract message with exactly its contract's data (ADR 0102), typed by libs/contracts. */
export type ContractMessage = {
  [K in keyof ContractData]: { type: K; data: ContractData[K]; id?: string };
}[keyof ContractData];

export interface CommandPipelineOptions {
  /** The service's inline read models, applied in the append's transaction to what it appended. */
  projections?: readonly Projection[];
  /** The service's domain events that are also contract messages, published as they are. */
  publishedEvents?: readonly string[];
  /** How many streams' folded states the pipeline keeps (ADR 0910); 0 reads every stream every time. Default 10,000. */
  streamCacheSize?: number;
}

/** One command, as the pipeline runs it. */
export interface CommandRun<S, C, E extends DomainEvent, Ctx> {
  streamId: string;
  decider: Decider<S, C, E, Ctx>;
  command: C;
  ctx: Ctx;
  /** Copied onto every appended event; its correlation id also keys the staged messages. */
  metadata: EventMetadata;
  /** The version the caller saw (HTTP If-Match): a mismatch is a StaleVersionError, never retried. */
  expectedVersion?: number;
  /**
   * Extra attempts in fresh transactions on a version conflict, only where re-deciding against
   * newer state is safe; ignored with `expectedVersion` or inside a caller's transaction. Default 0.
   */
  retryOnConflict?: number;
  /** Contract messages the decision publishes besides its published events (none by default). */
  messages?: (result: CommandResult<S>) => readonly (ContractMessage | OutboxMessage)[];
  /** More work of the same decision, in its transaction, after the append (an audit row). */
  also?: (tx: EventStoreTransaction, result: CommandResult<S>) => Promise<void>;
  toDomainEvent?: (event: RecordedEvent) => E;
}

/**
 * The pipeline inside a caller's transaction, for code that has a transaction but no injected
 * pipeline (a stuck-work sink): the service passes the same options it builds its pipeline with.
 */
export async function runCommandIn<S, C, E extends DomainEvent, Ctx>(
  tx: EventStoreTransaction,
  options: CommandPipelineOptions,
  run: CommandRun<S, C, E, Ctx>,
  cache?: StreamStateCache,
): Promise<CommandResult<S>> {
  const result = await decideAndAppend(tx, run, cache);
  await afterAppend(tx, options, result.events);
  const messages = run.messages?.(result) ?? [];
  if (messages.length > 0) await stageMessages(tx, messages, { metadata: run.metadata });
  if (run.also) await run.also(tx, result);
  return result;
}

/**
 * Read (or take from the cache), fold, decide, append. From the cache (ADR 0910): the append's
 * version check, or one small query when nothing is appended, proves the state was current;
 * when it was not, the entry is forgotten and a StaleCacheError fails the unit of work.
 */
async function decideAndAppend<S, C, E extends DomainEvent, Ctx>(
  tx: EventStoreTransaction,
  run: CommandRun<S, C, E, Ctx>,
  cache: StreamStateCache | undefined,
): Promise<CommandResult<S>> {
  const { streamId, decider } = run;
  // Only a caller that retries a conflict from a fresh transaction decides from the cache; one
  // that names the version it saw (If-Match) is checked against the stream itself.
  const known = cache && run.expectedVersion === undefined && isRetryable(tx) ? cache.lookup<S>(tx, streamId, decider) : undefined;
  if (!known) {
    const result = await handleCommand(tx, streamId, decider, run.command, run.ctx, {
      metadata: run.metadata,
      ...(run.expectedVersion !== undefined ? { expectedVersion: run.expectedVersion } : {}),
      ...(run.toDomainEvent ? { toDomainEvent: run.toDomainEvent } : {}),
    });
    cache?.remember(tx, streamId, decider, result.state, result.nextExpectedVersion);
    return result;
  }
  const stale = (actual: number) => {
    cache!.forget(tx, streamId);
    return new StaleCacheError(streamId, known.version, actual);
  };
  const decided = decider.decide(run.command, known.state, run.ctx);
  if (decided.length === 0) {
    const [row] = await tx.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
    if ((row?.version ?? 0) !== known.version) throw stale(row?.version ?? 0);
    return { events: [], state: known.state, nextExpectedVersion: known.version };
  }
  const appended = await tx
    .append(streamId, decided.map((e) => ({ type: e.type, data: e.data, metadata: run.metadata })), { expectedVersion: known.version })
    .catch((error: unknown) => {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (error instanceof TransactionOrderConflictError) {
        cache!.forget(tx, streamId);
        throw error;
      }
      throw stale(error.actual);
    });
  const state = decided.reduce((s, e) => decider.evolve(s, e), known.state);
  cache!.remember(tx, streamId, decider, state, appended.nextExpectedVersion);
  return { events: appended.events, state, nextExpectedVersion: appended.nextExpectedVersion };
}

/** What follows every append: the read models, then the published events into the outbox. */
async function afterAppend(tx: EventStoreTransaction, options: CommandPipelineOptions, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await applyInline(options.projections ?? [], events, tx);
  if (options.publishedEvents?.length) await stageRecordedEvents(tx, events, options.publishedEvents);
}

export class CommandPipeline {
  private readonly cache: StreamStateCache | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: CommandPipelineOptions = {},
  ) {
    const size = options.streamCacheSize ?? DEFAULT_STREAM_CACHE_SIZE;
    this.cache = size > 0 ? new StreamStateCache(size) : undefined;
  }

  /**
   * In a transaction of its own, retried as `retryOnConflict` allows; and once more, from a
   * fresh read, when only the cache was behind the stream (nothing of that attempt remains).
   */
  run<S, C, E extends DomainEvent, Ctx>(run: CommandRun<S, C, E, Ctx>): Promise<CommandResult<S>> {
    const attempt = () =>
      this.store.transaction((tx) => {
        markRetryable(tx);
        return this.runIn(tx, run);
      });
    return retryOnConflict(run, () => attempt().catch((error: unknown) => (error instanceof StaleCacheError ? attempt() : Promise.reject(error))));
  }

  /**
   * In the caller's transaction (a consumer's unit of work, a poller's): no retry inside it. A
   * StaleCacheError is a version conflict the caller retries in a fresh transaction, as the
   * consumer does.
   */
  runIn<S, C, E extends DomainEvent, Ctx>(tx: EventStoreTransaction, run: CommandRun<S, C, E, Ctx>): Promise<CommandResult<S>> {
    return runCommandIn(tx, this.options, run, this.cache);
  }

  /** Already-decided events (an import into new streams), with the same read models and outbox. */
  async appendIn(
    tx: EventStoreTransaction,
    streamId: string,
    events: readonly DomainEvent[],
    expectedVersion: ExpectedVersion,
    metadata: EventMetadata,
  ): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    this.cache?.forget(tx, streamId);
    const appended = await tx.append(streamId, events.map((e) => ({ type: e.type, data: e.data, metadata })), { expectedVersion });
    await afterAppend(tx, this.options, appended.events);
    return appended.events;
  }

  /**
   * Stages already-recorded published events again (a re-send): with their own ids, so a
   * consumer that did receive the first one drops the copy in its inbox.
   */
  async restage(tx: EventStoreTransaction, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length > 0) await stageRecordedEvents(tx, events, this.options.publishedEvents ?? []);
  }
}
