/**
 * The generic command handler (after EventSourcing.NodeJS core/commandHandling.ts): read the
 * stream, fold `evolve`, `decide`, append with the version read as the expected version.
 */
import {
  ConcurrencyError,
  StaleVersionError,
  type EventMetadata,
  type EventStore,
  type EventStoreOperations,
  type EventStoreTransaction,
  type RecordedEvent,
} from './types';
import { TransactionOrderConflictError } from './append';
import type { Decider, DomainEvent } from './domain';

export type { Decider, DomainEvent } from './domain';

export interface FoldOptions<S, E extends DomainEvent> {
  initialState(): S;
  evolve(state: S, event: E): S;
  /** Default: `{ type, data }` of the (upcast) stored event, cast to E. */
  toDomainEvent?: (event: RecordedEvent) => E;
}

const defaultToDomain = <E extends DomainEvent>(e: RecordedEvent): E => ({ type: e.type, data: e.data }) as E;

export interface AggregatedStream<S> {
  state: S;
  /** The stream's version: 0 when it has no events. */
  version: number;
  streamExists: boolean;
}

/** Folds a stream into state. Works on a store or inside a transaction. */
export async function aggregateStream<S, E extends DomainEvent>(
  reader: Pick<EventStoreOperations, 'readStream'>,
  streamId: string,
  options: FoldOptions<S, E>,
): Promise<AggregatedStream<S>> {
  const events = await reader.readStream(streamId);
  const toDomain = options.toDomainEvent ?? defaultToDomain<E>;
  const state = events.reduce((s, e) => options.evolve(s, toDomain(e)), options.initialState());
  const version = events.at(-1)?.streamVersion ?? 0;
  return { state, version, streamExists: events.length > 0 };
}

export interface HandleCommandOptions<E extends DomainEvent> {
  /**
   * Extra attempts, each in a fresh transaction, when the append meets a ConcurrencyError.
   * Only where the command says re-deciding against newer state is safe. Default 0.
   * Ignored when called with a caller's transaction (retrying inside it cannot succeed).
   */
  retryOnConflict?: number;
  /** Copied onto every appended event (correlation, causation, actor, trace). */
  metadata?: EventMetadata;
  /** The version the caller last saw (e.g. HTTP If-Match): a mismatch is never retried. */
  expectedVersion?: number;
  toDomainEvent?: (event: RecordedEvent) => E;
}

export interface CommandResult<S> {
  events: RecordedEvent[];
  state: S;
  nextExpectedVersion: number;
}

const isStore = (target: EventStore | EventStoreTransaction): target is EventStore =>
  typeof (target as Partial<EventStore>).transaction === 'function' &&
  typeof (target as Partial<EventStore>).readAll === 'function';

export async function handleCommand<S, C, E extends DomainEvent, Ctx>(
  target: EventStore | EventStoreTransaction,
  streamId: string,
  decider: Decider<S, C, E, Ctx>,
  command: C,
  ctx: Ctx,
  options: HandleCommandOptions<E> = {},
): Promise<CommandResult<S>> {
  if (!isStore(target)) return decideAndAppend(target, streamId, decider, command, ctx, options);
  return retryOnConflict(options, () => target.transaction((tx) => decideAndAppend(tx, streamId, decider, command, ctx, options)));
}

/**
 * Runs `attempt` (a whole transaction) and, on a ConcurrencyError, again up to `retryOnConflict`
 * more times, with a little jitter so racing retries do not collide again in lockstep; never
 * when the caller named the version it saw (`expectedVersion`: a stale read is not a race).
 */
export async function retryOnConflict<T>(
  options: { retryOnConflict?: number; expectedVersion?: number },
  attempt: () => Promise<T>,
): Promise<T> {
  const retries = options.expectedVersion === undefined ? (options.retryOnConflict ?? 0) : 0;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || n >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (n + 1)));
    }
  }
}

/**
 * A conflict on the stream whose version the caller named (If-Match): the caller's read is stale,
 * not a race to retry. Any other error is returned as it is.
 */
function staleIfNamed(error: unknown, streamId: string, expectedVersion: number | undefined): unknown {
  if (expectedVersion === undefined || !(error instanceof ConcurrencyError) || error.streamId !== streamId) return error;
  if (error instanceof StaleVersionError || error instanceof TransactionOrderConflictError) return error;
  return new StaleVersionError(error.streamId, error.expected, error.actual);
}

async function decideAndAppend<S, C, E extends DomainEvent, Ctx>(
  tx: EventStoreOperations,
  streamId: string,
  decider: Decider<S, C, E, Ctx>,
  command: C,
  ctx: Ctx,
  options: HandleCommandOptions<E>,
): Promise<CommandResult<S>> {
  const { state, version } = await aggregateStream(tx, streamId, { ...decider, toDomainEvent: options.toDomainEvent });
  const expectedVersion = options.expectedVersion ?? version;
  // Only a caller's version (If-Match) can differ from the one just read: its read is stale.
  if (expectedVersion !== version) throw new StaleVersionError(streamId, expectedVersion, version);
  const decided = decider.decide(command, state, ctx);
  if (decided.length === 0) return { events: [], state, nextExpectedVersion: version };
  const appended = await tx
    .append(
      streamId,
      decided.map((e) => ({ type: e.type, data: e.data, ...(options.metadata ? { metadata: options.metadata } : {}) })),
      { expectedVersion },
    )
    .catch((error: unknown) => Promise.reject(staleIfNamed(error, streamId, options.expectedVersion)));
  return {
    events: appended.events,
    state: decided.reduce((s, e) => decider.evolve(s, e), state),
    nextExpectedVersion: appended.nextExpectedVersion,
  };
}
