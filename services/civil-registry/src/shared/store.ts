import { type ContractData, contractOf } from '@lienthong/contracts';
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

/** Contract messages go to their own stream per request, with exactly the contract data (ADR 0102). */
export async function publish(tx: EventStoreTransaction, requestId: string, messages: readonly OutgoingMessage[], metadata: EventMetadata): Promise<void> {
  if (messages.length === 0) return;
  for (const m of messages) if (!contractOf(m.type)) throw new Error(`${m.type} is not a contract message`);
  await tx.append(`civil-registry-messages-${requestId}`, messages.map((m) => ({ type: m.type, data: m.data, metadata })), { expectedVersion: 'any' });
}
