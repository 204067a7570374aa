import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka, type logCreator, logLevel } from 'kafkajs';
import { StuckWorkTypes } from '@lienthong/contracts';
import {
  type EventStoreTransaction,
  type MigrationClass,
  type PostgresEventStore,
  type SqlMigration,
  createEventStore,
  eventStoreMigrations,
  runMigrations,
} from '@lienthong/event-store';
import {
  type LocksOf,
  type OutboxRelay,
  type ResumedWork,
  type StuckWork,
  type StuckWorkReporter,
  messagingMigrations,
  stageMessages,
  startOutboxRelay,
  startStuckWorkReporter,
} from '@lienthong/messaging';
import { KafkaInboxServer } from '@lienthong/messaging/nest';
import { AuditController, AuditTrail, auditMigration } from './audit/audit-trail';
import { authenticationProviders } from './auth/auth.guard';
import { READINESS_CHECKS, type ReadinessCheck, HealthModule } from './health';
import { type ContextLogger, type JsonLogger, type LogContext } from './logger';
import { ServiceMetrics, observedStore } from './metrics';
import { DeadLettersModule } from './ops/dead-letters.module';
import { OPS_RUNTIME } from './ops/tokens';
import { type ServiceConfig } from './service-config';

/** Injection tokens for what every service's features use. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
const RUNTIME = Symbol('SERVICE_RUNTIME');

type NestImport = NonNullable<DynamicModule['imports']>[number];

export interface ServiceDefinition<C extends ServiceConfig> {
  /** As in DESIGN.md: the Kafka client id and consumer group, and the `source` header. */
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  configSchema: new () => C;
  /** Topics whose messages this service handles with `@EventPattern`. */
  consumes: string[];
  /** Event types on those topics this service ignores on purpose (see KafkaInboxServer). */
  ignores?: string[];
  /**
   * The names a consumed message's handler will lock (`lockNames`), so a batch takes them all
   * in one sorted statement before its handlers run (ADR 0909). For services whose handlers
   * lock more than their message's key.
   */
  locksOf?(config: C): LocksOf;
  /** The service's feature modules. */
  imports: NestImport[];
  /** The service's own migrations (read models), after the event store's and messaging's. */
  migrations: (MigrationClass | SqlMigration)[];
  /** How a dead letter about an application becomes an incident in routing (ADR 0010); default: `stuckWorkToRouting`. */
  stuckWork?: StuckWorkSink;
  /** The service's own scrape-time gauges (docs/observability.md). */
  gauges?: (metrics: ServiceMetrics, store: PostgresEventStore) => void;
}

/** Staged inside the reporter's transaction: what tells routing that an application's work stopped, or resumed. */
export interface StuckWorkSink {
  stuck(tx: EventStoreTransaction, work: StuckWork): Promise<void>;
  resumed(tx: EventStoreTransaction, work: ResumedWork): Promise<void>;
}

/** An agency service or intake tells routing through its outbox (the …WorkStuck / …WorkResumed contracts). */
export function stuckWorkToRouting(service: keyof typeof StuckWorkTypes): StuckWorkSink {
  const types = StuckWorkTypes[service];
  const incidentId = (deadLetterId: number) => `${service}:${deadLetterId}`;
  const stage = (tx: EventStoreTransaction, applicationId: string, type: string, data: object) =>
    stageMessages(tx, [{ type, data }], { key: applicationId, metadata: { correlationId: applicationId, actor: service } });
  return {
    stuck: (tx, w) => {
      const { deadLetterId, ...rest } = w;
      return stage(tx, w.applicationId, types.stuck, { ...rest, incidentId: incidentId(deadLetterId), service }).then(() => undefined);
    },
    resumed: (tx, w) =>
      stage(tx, w.applicationId, types.resumed, { applicationId: w.applicationId, incidentId: incidentId(w.deadLetterId), service, resumedAt: w.resumedAt }).then(() => undefined),
  };
}

/** The I/O a service runs on, created before Nest so the Kafka transport can use the store. */
export interface ServiceRuntime<C extends ServiceConfig = ServiceConfig> {
  definition: ServiceDefinition<C>;
  config: C;
  logger: JsonLogger;
  kafka: Kafka;
  store: PostgresEventStore;
  inbox: KafkaInboxServer;
  /** The process's Prometheus registry and metrics (docs/observability.md). */
  metrics: ServiceMetrics;
}

const KAFKA_LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

const kafkaLogs =
  (logger: JsonLogger): logCreator =>
  () =>
  ({ level, namespace, log }) => {
    const { message, ...fields } = log;
    logger.emit(KAFKA_LEVELS[level] ?? 'log', message, namespace ? `kafkajs.${namespace}` : 'kafkajs', fields);
  };

const messagingLogger = (logger: ContextLogger) => ({
  log: (m: string, ...rest: unknown[]) => logger.info(m, rest[0] as LogContext),
  warn: (m: string, ...rest: unknown[]) => logger.warn(m, rest[0] as LogContext),
  error: (m: string, ...rest: unknown[]) => logger.error(m, rest[0] as LogContext),
  debug: (m: string, ...rest: unknown[]) => logger.debug(m, rest[0] as LogContext),
});

export async function createServiceRuntime<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: JsonLogger,
): Promise<ServiceRuntime<C>> {
  await runMigrations(config.DATABASE_URL, [...eventStoreMigrations, ...messagingMigrations, auditMigration, ...definition.migrations]);
  const metrics = new ServiceMetrics(definition.name);
  // Appends carry the request's or message's trace and dossier code, and are timed.
  const store = observedStore(
    await createEventStore({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE ?? 10 }),
    metrics,
  );
  const kafka = new Kafka({
    clientId: definition.name,
    brokers: config.KAFKA_BROKERS.split(','),
    // The client's own INFO lines (joins, rebalances) at LOG_LEVEL=debug or verbose; warnings otherwise.
    logLevel: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'verbose' ? logLevel.INFO : logLevel.WARN,
    logCreator: kafkaLogs(logger),
  });
  const inbox = new KafkaInboxServer({
    kafka,
    groupId: config.KAFKA_GROUP_ID ?? definition.name,
    fromBeginning: (config.KAFKA_CONSUME_FROM ?? 'earliest') === 'earliest',
    topics: definition.consumes,
    store,
    ignore: definition.ignores ?? [],
    ...(definition.locksOf ? { locksOf: definition.locksOf(config) } : {}),
    logger: messagingLogger(logger.child('inbox')),
    observer: metrics.consumerObserver,
  });
  metrics.sample({ store, groupId: inbox.groupId });
  definition.gauges?.(metrics, store);
  return { definition, config, logger, kafka, store, inbox, metrics };
}

/** Starts the outbox relay with the application and stops it, then the store, at shutdown. */
@Injectable()
class RuntimeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private stuckWork?: StuckWorkReporter;
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  onApplicationBootstrap(): void {
    const { store, kafka, definition, logger } = this.runtime;
    this.relay = startOutboxRelay({
      store,
      kafka,
      source: definition.name,
      logger: messagingLogger(logger.child('outbox')),
      observer: this.runtime.metrics.relayObserver,
    });
    const sink = definition.stuckWork ?? (definition.name in StuckWorkTypes ? stuckWorkToRouting(definition.name as keyof typeof StuckWorkTypes) : undefined);
    if (sink) {
      this.stuckWork = startStuckWorkReporter({
        store,
        groupId: this.runtime.inbox.groupId,
        stuck: (tx, w) => sink.stuck(tx, w),
        resumed: (tx, w) => sink.resumed(tx, w),
        logger: messagingLogger(logger.child('stuck-work')),
      });
    }
  }

  /** Nest closes the Kafka transport (draining the consumer) before this hook runs. */
  async onApplicationShutdown(): Promise<void> {
    await this.stuckWork?.stop();
    await this.relay?.stop();
    await this.runtime.store.close();
  }
}


@Global()
@Module({})
class RuntimeModule {
  static for(runtime: ServiceRuntime): DynamicModule {
    const checks: ReadinessCheck[] = [
      { name: 'database', check: async () => (await runtime.store.query('SELECT 1')).length === 1 },
      { name: 'kafka-consumer', check: async () => runtime.inbox.isReady() },
    ];
    return {
      module: RuntimeModule,
      controllers: [AuditController],
      providers: [
        { provide: AuditTrail, useValue: new AuditTrail(runtime.store) },
        { provide: RUNTIME, useValue: runtime },
        { provide: EVENT_STORE, useValue: runtime.store },
        { provide: SERVICE_CONFIG, useValue: runtime.config },
        { provide: SERVICE_LOGGER, useValue: runtime.logger },
        { provide: READINESS_CHECKS, useValue: checks },
        { provide: OPS_RUNTIME, useValue: runtime },
        RuntimeLifecycle,
        ...authenticationProviders(runtime.config),
      ],
      exports: [EVENT_STORE, SERVICE_CONFIG, SERVICE_LOGGER, READINESS_CHECKS, AuditTrail, OPS_RUNTIME],
    };
  }
}

@Module({})
class ServiceRootModule {}

/** The root module of a service: its runtime, health endpoints and feature modules. */
export const serviceModule = (runtime: ServiceRuntime): DynamicModule => ({
  module: ServiceRootModule,
  imports: [RuntimeModule.for(runtime), HealthModule, DeadLettersModule, ...runtime.definition.imports],
});
