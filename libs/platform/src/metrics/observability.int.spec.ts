import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Inject, Module, Param, Post, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type Consumer, type KafkaMessage, type Producer, Kafka, logLevel } from 'kafkajs';
import { Topics, buildHeaders, exampleMessages, topicFor } from '@lienthong/contracts';
import type { EventStore } from '@lienthong/event-store';
import { PermanentMessageError, causedBy, parseTraceparent, stageRecordedEvents } from '@lienthong/messaging';
import { InboxContext, InboxErrorFilter } from '@lienthong/messaging/nest';
import { bearer, startTestService, testKafkaBrokers, type TestService } from '@lienthong/testing';
import { EVENT_STORE, SERVICE_LOGGER, type ServiceDefinition } from '../runtime';
import { type JsonLogger } from '../logger';
import { Roles } from '../roles';
import { ServiceConfig } from '../service-config';
import { findSeries } from './find-series';

const NAME = 'test-observability';
const dossierCode = '000.00.31.H12-261122-0042';
const state = { broken: true };

/** Intake's side: a request appends ApplicationSubmitted and stages it in the outbox (the intake topic). */
@Controller('test')
class SubmitController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('submit/:id')
  @HttpCode(202)
  @Roles('counter-officer')
  async submit(@Param('id') applicationId: string): Promise<{ applicationId: string }> {
    const data = { ...exampleMessages.ApplicationSubmitted, applicationId, dossierCode };
    await this.store.transaction(async (tx) => {
      const { events } = await tx.append(`application-${applicationId}`, [{ type: 'ApplicationSubmitted', data, metadata: { correlationId: applicationId } }], {
        expectedVersion: 'no-stream',
      });
      await stageRecordedEvents(tx, events, ['ApplicationSubmitted']);
    });
    return { applicationId };
  }
}

/** Routing's side: consumes it and publishes ProcedureDispatched; a withdrawal fails while `broken`. */
@Controller()
@UseFilters(InboxErrorFilter)
class InboxController {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: JsonLogger) {}

  @EventPattern('ApplicationSubmitted')
  async onSubmitted(@Payload() data: { applicationId: string }, @Ctx() ctx: InboxContext): Promise<void> {
    this.logger.emit('log', 'submission seen', 'test-inbox');
    const dispatched = { ...exampleMessages.ProcedureDispatched, applicationId: data.applicationId };
    const { events } = await ctx.tx.append(`workflow-${data.applicationId}`, [{ type: 'ProcedureDispatched', data: dispatched, metadata: causedBy(ctx.message) }], {
      expectedVersion: 'any',
    });
    await stageRecordedEvents(ctx.tx, events, ['ProcedureDispatched']);
  }

  @EventPattern('ApplicationWithdrawn')
  onWithdrawn(): void {
    if (state.broken) throw new PermanentMessageError('test-broken', 'cannot handle withdrawals of 001045012345 yet');
  }
}

@Module({ controllers: [SubmitController, InboxController] })
class TestModule {}

const intakeTypes = Object.keys(exampleMessages).filter((t) => topicFor(t) === Topics.intakeEvents);
const definition: ServiceDefinition<ServiceConfig> = {
  name: NAME,
  title: 'observability test',
  description: 'metrics, trace propagation and dead-letter endpoints',
  defaultPort: 0,
  configSchema: ServiceConfig,
  consumes: [Topics.intakeEvents],
  ignores: intakeTypes.filter((t) => t !== 'ApplicationSubmitted' && t !== 'ApplicationWithdrawn'),
  imports: [TestModule],
  migrations: [],
};

const text = (v: Buffer | string | (Buffer | string)[] | undefined): string | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? String(v[0]) : v.toString();

describe('observability of a service', () => {
  let service: TestService<ServiceConfig>;
  let kafka: Kafka;
  let producer: Producer;
  let tap: Consumer;
  const seen: { topic: string; message: KafkaMessage }[] = [];
  const logLines: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const operator = bearer({ roles: ['operations-operator'], sub: 'ops-1' });
  const viewer = bearer({ roles: ['operations-viewer'] });

  beforeAll(async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const line = chunk.toString();
      if (line.includes(`"service":"${NAME}"`)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      return write(chunk, ...(rest as [BufferEncoding]));
    });
    kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'observability-test', logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    tap = kafka.consumer({ groupId: `observability-tap-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 500 });
    await Promise.all([producer.connect(), tap.connect()]);
    await tap.subscribe({ topics: [Topics.intakeEvents, Topics.routingEvents], fromBeginning: false });
    const joined = new Promise<void>((resolve) => tap.on(tap.events.GROUP_JOIN, () => resolve()));
    await tap.run({ eachMessage: async ({ topic, message }) => void seen.push({ topic, message }) });
    await joined;
    service = await startTestService(definition, { LOG_LEVEL: 'log' });
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([producer?.disconnect(), tap?.disconnect()]);
    jest.restoreAllMocks();
  });

  const until = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const scrape = async () => (await fetch(`${service.url}/metrics`)).text();

  it("carries the request's trace and the dossier code to the messages of every topic and to the log lines", async () => {
    const applicationId = randomUUID();
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await fetch(`${service.url}/test/submit/${applicationId}`, {
      method: 'POST',
      headers: { traceparent: incoming, ...bearer({ roles: ['counter-officer'] }) },
    });
    expect(res.status).toBe(202);
    const server = parseTraceparent(res.headers.get('traceparent') ?? undefined);
    expect(server).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c' });
    expect(server?.parentId).not.toBe('b7ad6b7169203331');

    const byTopic = await until('both messages', () => {
      const mine = seen.filter((s) => s.message.key?.toString() === applicationId);
      const intake = mine.find((s) => s.topic === Topics.intakeEvents);
      const routing = mine.find((s) => s.topic === Topics.routingEvents);
      return intake && routing ? { intake: intake.message, routing: routing.message } : undefined;
    });
    const intakeTrace = parseTraceparent(text(byTopic.intake.headers?.traceparent));
    const routingTrace = parseTraceparent(text(byTopic.routing.headers?.traceparent));
    expect(intakeTrace).toEqual({ traceId: server?.traceId, parentId: server?.parentId, flags: '01' });
    expect(routingTrace?.traceId).toBe(server?.traceId);
    expect(routingTrace?.parentId).not.toBe(server?.parentId); // the consumer's own span
    expect(text(byTopic.intake.headers?.['dossier-code'])).toBe(dossierCode);
    expect(text(byTopic.routing.headers?.['dossier-code'])).toBe(dossierCode);
    expect(text(byTopic.routing.headers?.['causation-id'])).toBe(text(byTopic.intake.headers?.['message-id']));

    const line = await until('the handler log line', () => logLines.find((l) => l.msg === 'submission seen' && l.applicationId === applicationId));
    expect(line).toMatchObject({ service: NAME, dossierCode, traceId: server?.traceId, spanId: routingTrace?.parentId });

    const body = await scrape();
    expect(findSeries(body, 'lienthong_consumer_messages_handled_total', { service: NAME, topic: Topics.intakeEvents, type: 'ApplicationSubmitted' })).toBeGreaterThanOrEqual(1);
    expect(findSeries(body, 'lienthong_http_request_duration_seconds_count', { method: 'POST', route: '/test/submit/:id', status: '202' })).toBe(1);
    expect(findSeries(body, 'lienthong_outbox_published_total', { service: NAME })).toBeGreaterThanOrEqual(2);
    expect(findSeries(body, 'lienthong_outbox_publish_duration_seconds_count', {})).toBeGreaterThanOrEqual(1);
    expect(findSeries(body, 'lienthong_event_store_append_duration_seconds_count', {})).toBeGreaterThanOrEqual(2);
    expect(findSeries(body, 'lienthong_outbox_backlog', {})).toBe(0);
    expect(findSeries(body, 'lienthong_consumer_lag_messages', { topic: Topics.intakeEvents })).toBeGreaterThanOrEqual(0);
    expect(findSeries(body, 'process_resident_memory_bytes', { service: NAME })).toBeGreaterThan(0);
  });

  it('lists a dead letter and what is parked behind it, dry-runs, replays after the fix, and shows them resolved', async () => {
    const applicationId = randomUUID();
    const send = (type: string) =>
      producer.send({
        topic: Topics.intakeEvents,
        messages: [{
          key: applicationId,
          value: JSON.stringify({ ...exampleMessages[type], applicationId }),
          headers: buildHeaders({
            messageId: randomUUID(), type, schemaVersion: 1, correlationId: applicationId, causationId: randomUUID(),
            occurredAt: new Date().toISOString(), source: 'intake', dossierCode,
          }),
        }],
      });
    await send('ApplicationWithdrawn');
    await send('ResultsHandedOver'); // ignored by this service, but parked behind the dead letter
    const list = (query: string) =>
      fetch(`${service.url}/ops/v1/dead-letters?${query}`, { headers: viewer }).then(async (r) => {
        expect(r.status).toBe(200);
        return ((await r.json()) as { items: Record<string, unknown>[] }).items;
      });
    const open = await until('the dead letter and the parked message', async () => {
      const items = await list(`key=${applicationId}`);
      return items.length === 2 ? items : undefined;
    });
    const [parked, dead] = open; // newest first
    expect(dead).toMatchObject({
      group: service.runtime.inbox.groupId, topic: Topics.intakeEvents, key: applicationId, type: 'ApplicationWithdrawn',
      errorCode: 'test-broken', attempts: 1, status: 'open', resolvedAt: null,
      error: 'cannot handle withdrawals of ************ yet', // personal ids masked
    });
    expect(dead.deadLetteredAt).toEqual(expect.any(String));
    expect(parked).toMatchObject({ type: 'ResultsHandedOver', status: 'parked' });
    expect(JSON.stringify(open)).not.toContain('withdrawnAt'); // no message bodies
    expect(findSeries(await scrape(), 'lienthong_dead_letters_open', { kind: 'dead-letter' })).toBe(1);
    expect(findSeries(await scrape(), 'lienthong_consumer_messages_dead_lettered_total', { type: 'ApplicationWithdrawn', code: 'test-broken' })).toBe(1);

    const replay = (body: object) =>
      fetch(`${service.url}/ops/v1/dead-letters/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operator },
        body: JSON.stringify(body),
      });
    expect((await replay({})).status).toBe(400);
    const dry = (await (await replay({ key: applicationId, dryRun: true })).json()) as { dryRun: boolean; keys: { key: string; replayed: unknown[]; remaining: { id: number }[] }[] };
    expect(dry).toMatchObject({ dryRun: true, keys: [{ key: applicationId, replayed: [] }] });
    expect(dry.keys[0].remaining.map((r) => r.id)).toEqual([dead.id, parked.id]);

    state.broken = false;
    const res = await replay({ key: applicationId });
    expect(res.status).toBe(200);
    const done = (await res.json()) as { dryRun: boolean; keys: { key: string; replayed: { id: number; status: string }[]; remaining: unknown[]; error?: string }[] };
    expect(done).toEqual({
      dryRun: false,
      keys: [{ key: applicationId, replayed: [expect.objectContaining({ id: dead.id, status: 'resolved' }), expect.objectContaining({ id: parked.id, status: 'resolved' })], remaining: [] }],
    });
    expect(await list(`key=${applicationId}`)).toEqual([]);
    const all = await list(`key=${applicationId}&status=all&limit=10`);
    expect(all.map((m) => m.status)).toEqual(['resolved', 'resolved']);
    expect(findSeries(await scrape(), 'lienthong_dead_letters_open', { kind: 'dead-letter' })).toBe(0);
    const audit = (await (await fetch(`${service.url}/api/v1/audit?applicationId=${applicationId}`, { headers: viewer })).json()) as {
      items: { actor: { subject: string }; action: string; target?: string; details: { dryRun: boolean; keys: { replayed: number[] }[] } }[];
    };
    expect(audit.items.map((i) => [i.actor.subject, i.action, i.target, i.details.dryRun])).toEqual([
      ['ops-1', 'dead-letters.replay', applicationId, false],
      ['ops-1', 'dead-letters.replay', applicationId, true],
    ]);
    expect(audit.items[0].details.keys[0].replayed).toEqual([dead.id, parked.id]);
  });

  it('refuses unknown query fields and bad values', async () => {
    expect((await fetch(`${service.url}/ops/v1/dead-letters?status=closed`, { headers: viewer })).status).toBe(400);
    expect((await fetch(`${service.url}/ops/v1/dead-letters?limit=0`, { headers: viewer })).status).toBe(400);
  });
});
