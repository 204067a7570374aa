// Kafka messaging for event-sourced services: outbox relay, inbox consumer with retries,
// dead letters and per-key parking. The Nest transport lives in ./nest (it needs Nest's ESM).
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay/outbox-relay';
export { stageMessages, stageRecordedEvents, stageRows, outboxRowOf, outboxChannel, dossierCodeIn, type OutboxMessage, type OutboxRow, type StageOptions } from './outbox/outbox';
export { StaleCacheError, markRetryable } from './pipeline/stream-cache';
export { CommandPipeline, runCommandIn, type CommandPipelineOptions, type CommandRun, type ContractMessage } from './pipeline/command-pipeline';
export { startConsumer, type ConsumerOptions, type RunningConsumer } from './consumer/consumer';
export type { LocksOf, MessageHandler, RouteFn } from './consumer/handling';
export { lockNames } from './consumer/dead-letter-store';
export {
  replayDeadLetters,
  listDeadLetters,
  listParked,
  listStoredMessages,
  type ReplayOptions,
  type ReplayReport,
  type KeyReplay,
} from './consumer/replay';
export type { StoredMessage, ListFilter, DeadLetterKind } from './consumer/dead-letter-store';
export { H as MESSAGE_HEADERS, DLQ_H as DLQ_HEADERS, dlqTopicOf, causedBy } from './headers';
export { backoffDelay, DEFAULT_RETRY } from './backoff';
export { messagingMigrations, ensureMessagingSchema } from './schema';
export { silentLogger } from './logger';
export {
  PermanentMessageError,
  type InboundMessage,
  type MessagingLogger,
  type KafkaSource,
  type DecodeFn,
  type DecodeResult,
  type RetryOptions,
  type ConsumerObserver,
  type RelayObserver,
} from './types';
export {
  type WorkContext,
  type Traceparent,
  currentContext,
  runWithContext,
  continueTrace,
  messageContext,
  parseTraceparent,
} from './trace-context';
export { startStuckWorkReporter, type StuckWork, type ResumedWork, type StuckWorkReporter, type StuckWorkReporterOptions } from './stuck-work/reporter';
export { ensureTopics, waitForPartitions, type EnsureTopicsOptions } from './topics';
