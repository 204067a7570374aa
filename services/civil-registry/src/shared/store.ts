import { type ContractData } from '@lienthong/contracts';
import { stageMessages } from '@lienthong/messaging';
import {
  type CommandResult,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventStoreTransaction,
  type ExpectedVersion,
  type RecordedEvent,
  handleCommand,
} from '@lienthong/event-store';
import { registryProjection } from '../registry/registry.projection';
import { tasksProjection } from '../tasks/tasks.projection';

/** Read models kept in the append transaction (an inline projection applied explicitly). */
export const readModels = [registryProjection, tasksProjection];

export async function project(tx: EventStoreTransaction, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    for (const p of readModels) if (!p.types || p.types.includes(event.type)) await p.apply(event, tx);
  }
}

/** handleCommand inside the caller's transaction, then the read models. */
export async function execute<S, C, E extends DomainEvent, Ctx>(
  tx: EventStoreTransaction,
  streamId: string,
  decider: Decider<S, C, E, Ctx>,
  command: C,
  ctx: Ctx,
  options: { metadata: EventMetadata; expectedVersion?: number },
): Promise<CommandResult<S>> {
  const result = await handleCommand(tx, streamId, decider, command, ctx, options);
  await project(tx, result.events);
  return result;
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

export type OutgoingMessage = {
  [K in keyof ContractData]: { type: K; data: ContractData[K] };
}[keyof ContractData];

/**
 * Contract messages, with exactly the contract data (ADR 0102), staged in the outbox of the
 * transaction that decided them (ADR 0906), keyed by their application.
 */
export async function publish(tx: EventStoreTransaction, messages: readonly OutgoingMessage[], metadata: EventMetadata): Promise<void> {
  await stageMessages(tx, messages, { metadata });
}
