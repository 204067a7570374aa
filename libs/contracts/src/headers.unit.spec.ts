import { type EnvelopeMeta } from './envelope';
import { HEADER, type KafkaHeaders, buildHeaders, looksLikePersonalId, parseHeaders } from './headers';
import { exampleMessages } from './examples';

const meta: EnvelopeMeta = {
  messageId: '7d0e4c1a-2b3f-4a5e-9c8d-0f1e2d3c4b5a',
  type: 'DeathRegistered',
  schemaVersion: 1,
  correlationId: '123e4567-e89b-12d3-a456-426614174000',
  causationId: '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02',
  occurredAt: '2026-11-22T02:15:00.000Z',
  source: 'civil-registry',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  dossierCode: '000.00.19.H26-261122-0001',
};

describe('headers', () => {
  it('uses the names of the Kafka contract', () => {
    expect(Object.keys(buildHeaders(meta)).sort()).toEqual(Object.values(HEADER).sort());
  });

  it('round-trips through kafkajs headers (Buffers on the consumer side)', () => {
    const onTheWire: KafkaHeaders = Object.fromEntries(Object.entries(buildHeaders(meta)).map(([k, v]) => [k, Buffer.from(v)]));
    expect(parseHeaders(onTheWire)).toEqual({ ok: true, meta });
  });

  it('leaves out traceparent and dossier-code when there are none', () => {
    const { traceparent: _omit, dossierCode: _none, ...rest } = meta;
    const headers = buildHeaders(rest);
    expect(headers).not.toHaveProperty(HEADER.traceparent);
    expect(headers).not.toHaveProperty(HEADER.dossierCode);
    expect(parseHeaders(headers)).toEqual({ ok: true, meta: rest });
  });

  it('names every missing or malformed header', () => {
    const headers: KafkaHeaders = { ...buildHeaders(meta), [HEADER.messageId]: undefined, [HEADER.schemaVersion]: 'v1' };
    delete headers[HEADER.source];
    expect(parseHeaders(headers)).toEqual({
      ok: false,
      errors: ['message-id: missing', 'source: missing', 'schema-version: not a positive integer'],
    });
    expect(parseHeaders(undefined)).toMatchObject({ ok: false });
  });

  it('never carries a personal id', () => {
    const personalIds = JSON.stringify(exampleMessages).match(/\b\d{12}\b/g) ?? [];
    expect(personalIds.length).toBeGreaterThan(0);
    const values = Object.values(buildHeaders(meta)).join('\n');
    for (const id of personalIds) expect(values).not.toContain(id);
    expect(Object.values(buildHeaders(meta)).some(looksLikePersonalId)).toBe(false);
  });

  it('refuses to build headers around a personal id', () => {
    expect(() => buildHeaders({ ...meta, correlationId: '001045012345' })).toThrow(/correlation-id/);
    expect(() => buildHeaders({ ...meta, causationId: 'person:001045012345' })).toThrow(/causation-id/);
  });
});
