export * from './types';
export { DomainError, isDomainError, type DomainErrorKind, type FieldError } from './domain';
export { DuplicateEventError, pgErrorCode } from './errors';
export { TransactionOrderConflictError } from './append';
export {
  createEventStore,
  type PostgresEventStore,
  type EventStoreOptions,
  type EventStoreLogger,
  type InlineProjection,
} from './store';
export {
  eventStoreMigrations,
  runMigrations,
  sqlMigration,
  type SqlMigration,
  type MigrationClass,
  type RunMigrationsOptions,
} from './migrations';
export { tryRecordInbox, queueInboxRows, isInboxConflict, loadCheckpoint, saveCheckpoint, CheckpointConflictError } from './sql-helpers';
export type { ReadStreamOptions, ReadAllPage } from './read';
export { upcasterChain, type Upcaster } from './upcasting';
export {
  handleCommand,
  retryOnConflict,
  aggregateStream,
  type Decider,
  type DomainEvent,
  type FoldOptions,
  type AggregatedStream,
  type HandleCommandOptions,
  type CommandResult,
} from './command-handling';
export { startProcessor, processorLockKey, type Processor, type ProcessorOptions } from './processor';
export {
  startProjection,
  rebuildProjection,
  applyInline,
  projectionProcessorId,
  type Projection,
  type ProjectionRunOptions,
  type RebuildOptions,
  type RebuildResult,
} from './projection';
