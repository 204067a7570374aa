import type { RecordedEvent } from '@lienthong/event-store';
import { causedBy, readEnvelope } from './headers';
import { outboxRowOf } from './outbox/outbox';
import { decodeMessage } from '@lienthong/contracts';
import { prepare } from './consumer/prepare';
import type { DecodeFn } from './types';

const event = (over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: '7c1e0d6a-0000-4000-8000-000000000001',
  streamId: 'application-1',
  streamVersion: 1,
  globalPosition: 10,
  transactionId: '900',
  type: 'ApplicationSubmitted',
  schemaVersion: 2,
  data: { dossierCode: 'X-1' },
  metadata: { correlationId: 'app-42', causationId: 'cmd-1', traceparent: '00-abc-def-01' },
  recordedAt: new Date('2026-11-22T01:02:03.004Z'),
  ...over,
});

describe('outboxRowOf (the relay adds `source`)', () => {
  it('maps an event to key, JSON value and exactly the contract headers', () => {
    expect(outboxRowOf(event())).toEqual({
      id: '7c1e0d6a-0000-4000-8000-000000000001',
      topic: 'lienthong.intake.events',
      key: 'app-42',
      value: '{"dossierCode":"X-1"}',
      headers: {
        'message-id': '7c1e0d6a-0000-4000-8000-000000000001',
        'event-type': 'ApplicationSubmitted',
        'schema-version': '2',
        'correlation-id': 'app-42',
        'causation-id': 'cmd-1',
        'occurred-at': '2026-11-22T01:02:03.004Z',
        traceparent: '00-abc-def-01',
      },
    });
  });

  it('falls back to the stream id for the key and to the event id for the cause; no empty traceparent', () => {
    const m = outboxRowOf(event({ metadata: {} }));
    expect(m.key).toBe('application-1');
    expect(m.headers).toMatchObject({ 'correlation-id': 'application-1', 'causation-id': event().id });
    expect(m.headers).not.toHaveProperty('traceparent');
  });
});

describe('readEnvelope', () => {
  it('names every missing or malformed header', () => {
    expect(readEnvelope({ 'schema-version': 'x' })).toEqual({
      ok: false,
      errors: ['message-id: missing', 'event-type: missing', 'schema-version: not a positive integer'],
    });
  });
});

describe('prepare', () => {
  const raw = (value: string, headers: Record<string, string> = {}) => ({
    topic: 't',
    partition: 0,
    offset: '5',
    key: 'app-42',
    value: Buffer.from(value),
    headers: { 'message-id': 'm1', 'event-type': 'Known', 'schema-version': '1', 'correlation-id': 'app-42', ...headers },
  });
  const decode: DecodeFn = (meta, value) =>
    meta.eventType === 'Known'
      ? { ok: true, type: 'Known', version: 3, data: value }
      : { ok: false, reason: 'unknown-type', errors: [`unknown ${meta.eventType}`] };

  it('decodes through the registry and keeps the envelope', () => {
    const p = prepare(raw('{"a":1}'), decode);
    expect(p).toMatchObject({ ok: true, message: { messageId: 'm1', type: 'Known', schemaVersion: 3, data: { a: 1 }, key: 'app-42' } });
    if (p.ok) expect(causedBy(p.message)).toEqual({ correlationId: 'app-42', causationId: 'm1' });
  });

  it('rejects bad JSON, unknown types and missing envelope without calling a handler', () => {
    expect(prepare(raw('{oops'), decode)).toMatchObject({ ok: false, code: 'invalid' });
    expect(prepare(raw('{}', { 'event-type': 'Other' }), decode)).toMatchObject({ ok: false, code: 'unknown-type' });
    expect(prepare(raw('{}', { 'message-id': '' }), decode)).toMatchObject({ ok: false, code: 'invalid-envelope' });
  });

  it('uses the contracts registry by default: an unknown type is refused, not guessed at', () => {
    expect(prepare(raw('{}', { 'event-type': 'NoSuchEvent' }), decodeMessage)).toMatchObject({ ok: false, code: 'unknown-type' });
  });
});
