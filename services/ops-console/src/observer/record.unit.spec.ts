import { observe, traceIdOf } from './record';

const base = { topic: 'lienthong.routing.events', partition: 2, offset: '7', key: 'app-1', timestamp: '1763800000000' };

describe('observe (a Kafka message as the read model keeps it)', () => {
  it('reads the envelope headers, the trace id and the payload', () => {
    const m = observe({
      ...base,
      value: Buffer.from(JSON.stringify({ applicationId: 'app-1', procedure: 'death-registration' })),
      headers: {
        'message-id': Buffer.from('m-1'), 'event-type': 'ProcedureDispatched', 'correlation-id': 'app-1', 'causation-id': 'm-0',
        'occurred-at': '2026-11-22T01:02:03.000Z', source: 'routing', 'dossier-code': '000.00.31.H12-261122-0001',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    expect(m).toMatchObject({
      applicationId: 'app-1', dossierCode: '000.00.31.H12-261122-0001', type: 'ProcedureDispatched', source: 'routing',
      occurredAt: '2026-11-22T01:02:03.000Z', messageId: 'm-1', causationId: 'm-0', traceId: '0af7651916cd43dd8448eb211c80319c',
      payload: { applicationId: 'app-1', procedure: 'death-registration' }, rawValue: null,
    });
    expect(m.kafkaTime).toBe(new Date(1763800000000).toISOString());
  });

  it('keeps what it cannot read: no headers, a value that is not JSON, a bad time', () => {
    const m = observe({ ...base, value: 'not json', headers: { 'occurred-at': 'yesterday' } });
    expect(m).toMatchObject({ applicationId: 'app-1', type: null, payload: null, rawValue: 'not json', dossierCode: null });
    expect(m.occurredAt).toBe(m.kafkaTime);
  });

  it('takes the trace id only from a well-formed traceparent', () => {
    expect(traceIdOf('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdOf('garbage')).toBeNull();
    expect(traceIdOf(undefined)).toBeNull();
  });
});
