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
  retryOnConflict,
} from '@lienthong/event-store';
import { type OutboxMessage, stageMessages, stageRecordedEvents } from '../outbox/outbox';

/** A contract message with exactly its contract's data (ADR 0102), typed by libs/contracts. */
export type ContractMessage = {
  [K in keyof ContractData]: { type: K; data: ContractData[K]; id?: string };
}[keyof ContractData];

export interface CommandPipelineOptions {
  /** The service's inline read models, applied in the append's transaction to what it appended. */
  projections?: readonly Projection[];
  /** The service's domain events that are also contract messages, published as they are. */
  publishedEvents?: readonly string[];
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
): Promise<CommandResult<S>> {
  const result = await handleCommand(tx, run.streamId, run.decider, run.command, run.ctx, {
    metadata: run.metadata,
    ...(run.expectedVersion !== undefined ? { expectedVersion: run.expectedVersion } : {}),
    ...(run.toDomainEvent ? { toDomainEvent: run.toDomainEvent } : {}),
  });
  await afterAppend(tx, options, result.events);
  const messages = run.messages?.(result) ?? [];
  if (messages.length > 0) await stageMessages(tx, messages, { metadata: run.metadata });
  if (run.also) await run.also(tx, result);
  return result;
}

/** What follows every append: the read models, then the published events into the outbox. */
async function afterAppend(tx: EventStoreTransaction, options: CommandPipelineOptions, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await applyInline(options.projections ?? [], events, tx);
  if (options.publishedEvents?.length) await stageRecordedEvents(tx, events, options.publishedEvents);
}

export class CommandPipeline {
  constructor(
    private readonly store: EventStore,
    private readonly options: CommandPipelineOptions = {},
  ) {}

  /** In a transaction of its own, retried as `retryOnConflict` allows. */
  run<S, C, E extends DomainEvent, Ctx>(run: CommandRun<S, C, E, Ctx>): Promise<CommandResult<S>> {
    return retryOnConflict(run, () => this.store.transaction((tx) => this.runIn(tx, run)));
  }

  /** In the caller's transaction (a consumer's unit of work, a poller's): no retry inside it. */
  runIn<S, C, E extends DomainEvent, Ctx>(tx: EventStoreTransaction, run: CommandRun<S, C, E, Ctx>): Promise<CommandResult<S>> {
    return runCommandIn(tx, this.options, run);
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
