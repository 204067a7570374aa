/**
 * Observability across the four services as processes (issue #9, docs/observability.md): one
 * submission's W3C trace id and dossier code on the messages of every topic of that
 * application, JSON log lines naming their service, and `/metrics` and the dead-letter
 * endpoints on each service.
 */
import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { ConsumedTopics, HEADER } from '@lienthong/contracts';
import { parseTraceparent } from '@lienthong/messaging';
import { findSeries } from '@lienthong/platform';
import { startGroupAtEnd, testKafkaBrokers, testToken, uniqueName } from '@lienthong/testing';
import { SERVICE_NAMES, System, type Submitted, applicationBody, eventually, person, untilStatus } from './harness';

interface Seen {
  topic: string;
  type: string;
  key: string;
  traceparent?: string;
  dossierCode?: string;
}

describe('observability of the whole flow', () => {
  let system: System;
  let consumer: Consumer;
  const seen: Seen[] = [];

  beforeAll(async () => {
    system = await System.start();
    const groupId = uniqueName('e2e-observability-tap');
    await startGroupAtEnd(groupId, ConsumedTopics);
    consumer = new Kafka({ clientId: groupId, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).consumer({
      groupId,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...ConsumedTopics] });
    const h = (v: unknown) => (v === undefined ? undefined : String(v));
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({
          topic,
          type: h(message.headers?.[HEADER.eventType]) ?? '',
          key: message.key?.toString() ?? '',
          traceparent: h(message.headers?.[HEADER.traceparent]),
          dossierCode: h(message.headers?.[HEADER.dossierCode]),
        });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await system?.stop();
  });

  it("carries the counter request's trace id and the dossier code through every topic", async () => {
    const traceId = randomUUID().replace(/-/g, '');
    const submitted = await system.call<Submitted>('intake', '/api/v1/applications', {
      body: applicationBody('death-3in1', person('beneficiary')),
      headers: { 'idempotency-key': randomUUID(), traceparent: `00-${traceId}-${'1'.repeat(16)}-01` },
    });
    await untilStatus(system, submitted.dossierCode, 'completed');

    const mine = await eventually('messages on all six topics', async () => {
      const found = seen.filter((m) => m.key === submitted.applicationId);
      return new Set(found.map((m) => m.topic)).size === ConsumedTopics.length ? found : undefined;
    }, 20_000);
    for (const m of mine) {
      expect({ type: m.type, traceId: parseTraceparent(m.traceparent)?.traceId }).toEqual({ type: m.type, traceId });
      expect({ type: m.type, dossierCode: m.dossierCode }).toEqual({ type: m.type, dossierCode: submitted.dossierCode });
    }

    // Every line each service wrote is one JSON object naming the service (the int test
    // libs/platform/src/metrics/observability.int.spec.ts checks a handler's line carries the trace).
    for (const name of SERVICE_NAMES) {
      const lines = system.instances(name)[0].output().split('\n').filter((l) => l.startsWith('{'));
      for (const line of lines) expect((JSON.parse(line) as { service?: string }).service).toBe(name);
    }
  });

  it('serves /metrics without a token and the dead-letter endpoints on every service', async () => {
    for (const name of SERVICE_NAMES) {
      const res = await system.fetch(name, '/metrics', { token: null });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(findSeries(body, 'process_resident_memory_bytes', { service: name })).toBeGreaterThan(0);
      expect(findSeries(body, 'lienthong_dead_letters_open', { service: name, kind: 'dead-letter' })).toBe(0);
      expect(findSeries(body, 'lienthong_outbox_backlog', { service: name })).toEqual(expect.any(Number));
      const list = await system.call<{ items: unknown[] }>(name, '/ops/v1/dead-letters?status=all', {
        token: testToken({ roles: ['operations-viewer'] }),
      });
      expect(list.items).toEqual([]);
    }
    const routing = await (await system.fetch('routing', '/metrics', { token: null })).text();
    expect(findSeries(routing, 'lienthong_consumer_messages_handled_total', { type: 'ApplicationSubmitted' })).toBeGreaterThanOrEqual(1);
    const intake = await (await system.fetch('intake', '/metrics', { token: null })).text();
    expect(findSeries(intake, 'lienthong_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/applications', status: '201' })).toBeGreaterThanOrEqual(1);
  });
});
