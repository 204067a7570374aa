import { stageMessages } from '@lienthong/messaging';
import type { ContractMessage } from '@lienthong/agency-desk';
import {
  type AggregatedStream,
  type CommandResult,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventStoreTransaction,
  type ExpectedVersion,
  type RecordedEvent,
  ConcurrencyError,
  aggregateStream,
} from '@lienthong/event-store';
import { registryProjection } from './registry/registry.projection';
import { tasksProjection } from './tasks/tasks.projection';

/** Read models kept in the append transaction (inline projections, registered once, here). */
export const readModels = [registryProjection, tasksProjection];

export async function project(tx: EventStoreTransaction, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    for (const p of readModels) if (!p.types || p.types.includes(event.type)) await p.apply(event, tx);
  }
}

/**
 * A case stream folded once: a workflow reads what it needs of the state (whose registry entry
 * to lock and look up), then decides on that state (no second read). A command on the same case
 * that appended meanwhile makes the append fail on the version folded here (ConcurrencyError:
 * a Kafka message is retried, an officer gets 409/412), never a decision on stale state.
 */
export const fold = <S, E extends DomainEvent>(tx: EventStoreTransaction, streamId: string, decider: Decider<S, unknown, E, never>): Promise<AggregatedStream<S>> =>
  aggregateStream(tx, streamId, decider);

/**
 * Decides a command inside the caller's transaction on the stream as folded (by `fold`, or here
 * when not given), appends with the expected version, then applies the read models.
 */
export async function execute<S, C, E extends DomainEvent, Ctx>(
  tx: EventStoreTransaction,
  streamId: string,
  decider: Decider<S, C, E, Ctx>,
  command: C,
  ctx: Ctx,
  options: { metadata: EventMetadata; expectedVersion?: number; folded?: AggregatedStream<S> },
): Promise<CommandResult<S>> {
  const { state, version } = options.folded ?? (await aggregateStream(tx, streamId, decider));
  if (options.expectedVersion !== undefined && options.expectedVersion !== version) throw new ConcurrencyError(streamId, options.expectedVersion, version);
  const decided = decider.decide(command, state, ctx);
  if (decided.length === 0) return { events: [], state, nextExpectedVersion: version };
  const appended = await tx.append(streamId, decided.map((e) => ({ type: e.type, data: e.data, metadata: options.metadata })), { expectedVersion: version });
  await project(tx, appended.events);
  return { events: appended.events, state: decided.reduce((s, e) => decider.evolve(s, e), state), nextExpectedVersion: appended.nextExpectedVersion };
}

/** Appends already-decided events (e.g. an import into new streams) and projects them. */
export async function appendAndProject(
  tx: EventStoreTransaction,
  streamId: string,
  events: readonly DomainEvent[],
  expectedVersion: ExpectedVersion,
  metadata: EventMetadata,
): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const appended = await tx.append(streamId, events.map((e) => ({ type: e.type, data: e.data, metadata })), { expectedVersion });
  await project(tx, appended.events);
  return appended.events;
}

/**
 * Contract messages, with exactly the contract data (ADR 0102), staged in the outbox of the
 * transaction that decided them (ADR 0906), keyed by their application.
 */
export async function publish(tx: EventStoreTransaction, messages: readonly ContractMessage[], metadata: EventMetadata): Promise<void> {
  if (messages.length > 0) await stageMessages(tx, messages, { metadata });
}
