import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SqlExecutor } from '@lienthong/event-store';
import type { ConsumerObserver, RelayObserver } from '@lienthong/messaging';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the scrape-time gauges sample: the service's store and its consumer group. */
export interface MetricsSources {
  store: SqlExecutor;
  groupId: string;
}

/**
 * One Prometheus registry per service process, every series labelled `service`. Names and
 * labels are documented in docs/observability.md; keep them stable (dashboards and alerts).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly handlerDuration: Histogram<'topic' | 'type' | 'outcome'>;
  private readonly handled: Counter<'topic' | 'type'>;
  private readonly failed: Counter<'topic' | 'type'>;
  private readonly retried: Counter<'topic' | 'type'>;
  private readonly deadLettered: Counter<'topic' | 'type' | 'code'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly publishDuration: Histogram;
  private readonly published: Counter;
  private readonly appendDuration: Histogram;
  private sources?: MetricsSources;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.http = new Histogram({
      name: 'lienthong_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'lienthong_consumer_handler_duration_seconds',
      help: 'One attempt at one consumed message (inbox transaction included), by topic, type and outcome.',
      labelNames: ['topic', 'type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers });
    this.handled = counter('lienthong_consumer_messages_handled_total', 'Messages handled and committed.', ['topic', 'type']);
    this.failed = counter('lienthong_consumer_messages_failed_total', 'Handler attempts that threw.', ['topic', 'type']);
    this.retried = counter('lienthong_consumer_messages_retried_total', 'Failed attempts that are tried again.', ['topic', 'type']);
    this.deadLettered = counter('lienthong_consumer_messages_dead_lettered_total', 'Messages sent to the dead-letter topic.', [
      'topic',
      'type',
      'code',
    ]);
    this.lag = new Gauge({
      name: 'lienthong_consumer_lag_messages',
      help: "Messages behind the partition's high watermark after the last processed batch.",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.publishDuration = new Histogram({
      name: 'lienthong_outbox_publish_duration_seconds',
      help: 'One acknowledged outbox relay batch (acks=all).',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.published = counter('lienthong_outbox_published_total', 'Events published by the outbox relay.', []);
    this.appendDuration = new Histogram({
      name: 'lienthong_event_store_append_duration_seconds',
      help: 'One event-store append (inside its transaction).',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const sampled = (name: string, help: string, labelNames: string[], sample: (g: Gauge) => Promise<void>) => this.sampledGauge(name, help, labelNames, sample);
    sampled('lienthong_outbox_backlog', 'Messages staged in the outbox and not yet published by the relay (capped at 100000).', [], async (g) => {
      if (!this.sources) return;
      g.set(await outboxBacklog(this.sources.store));
    });
    sampled('lienthong_dead_letters_open', 'Open rows of the dead-letter store of this service\'s group, by kind (dead-letter, parked).', ['kind'], async (g) => {
      if (!this.sources) return;
      const counts = await openDeadLetters(this.sources.store, this.sources.groupId);
      for (const kind of ['dead-letter', 'parked']) g.set({ kind }, counts[kind] ?? 0);
    });
  }

  /** A gauge read at scrape time (a service's own, e.g. routing's open incidents). */
  sampledGauge(name: string, help: string, labelNames: string[], sample: (g: Gauge) => Promise<void>): Gauge {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        // A failed sample leaves the last value: a scrape never fails on a busy database.
        await sample(this).catch(() => undefined);
      },
    });
  }

  /** Where the scrape-time gauges (outbox backlog, open dead letters) read from. */
  sample(sources: MetricsSources): void {
    this.sources = sources;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  observeAppend(seconds: number): void {
    this.appendDuration.observe(seconds);
  }

  readonly consumerObserver: ConsumerObserver = {
    attempted: ({ topic, type, outcome, durationMs }) => {
      this.handlerDuration.observe({ topic, type, outcome }, durationMs / 1000);
      if (outcome === 'handled') this.handled.inc({ topic, type });
      if (outcome === 'error') this.failed.inc({ topic, type });
    },
    retried: ({ topic, type }) => this.retried.inc({ topic, type }),
    deadLettered: ({ topic, type, code }) => this.deadLettered.inc({ topic, type, code }),
    lag: ({ topic, partition, lag }) => this.lag.set({ topic, partition: String(partition) }, lag),
  };

  readonly relayObserver: RelayObserver = {
    published: ({ count, durationMs }) => {
      this.publishDuration.observe(durationMs / 1000);
      this.published.inc(count);
    },
  };

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const BACKLOG_CAP = 100_000;

/** Staged messages the relay has not published yet (ADR 0906). */
export async function outboxBacklog(store: SqlExecutor): Promise<number> {
  const [row] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM messaging_outbox LIMIT ${BACKLOG_CAP}) x`);
  return row?.n ?? 0;
}

export async function openDeadLetters(store: SqlExecutor, groupId: string): Promise<Record<string, number>> {
  const rows = await store.query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM messaging_dead_letters
      WHERE consumer_group = $1 AND resolved_at IS NULL GROUP BY kind`,
    [groupId],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}
