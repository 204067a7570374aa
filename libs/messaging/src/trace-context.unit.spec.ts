import { causedBy } from './headers';
import { outboxRowOf } from './outbox/outbox';
import { prepare } from './consumer/prepare';
import { continueTrace, currentContext, messageContext, parseTraceparent, runWithContext } from './trace-context';
import type { RecordedEvent } from '@lienthong/event-store';

const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace context', () => {
  it('parses a valid traceparent and refuses malformed or all-zero ones', () => {
    expect(parseTraceparent(parent)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', flags: '01' });
    for (const bad of [undefined, '', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });

  it('continues a trace with a new span (same trace id), or starts a new sampled trace', () => {
    const child = continueTrace(parent);
    expect(child.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe('00f067aa0ba902b7');
    expect(child.traceparent).toBe(`00-${child.traceId}-${child.spanId}-01`);
    const fresh = continueTrace('nonsense');
    expect(parseTraceparent(fresh.traceparent)).toMatchObject({ traceId: fresh.traceId, flags: '01' });
  });

  it("takes a consumed message's application id and dossier code", () => {
    const ctx = messageContext('app-1', { traceparent: parent, 'dossier-code': 'H12-261122-0001' });
    expect(ctx).toMatchObject({ applicationId: 'app-1', dossierCode: 'H12-261122-0001', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
  });

  it('keeps the context across awaits and isolates concurrent units of work', async () => {
    const a = continueTrace(undefined);
    const b = continueTrace(undefined);
    const seen = await Promise.all([
      runWithContext(a, async () => { await new Promise((r) => setTimeout(r, 5)); return currentContext()?.traceId; }),
      runWithContext(b, async () => currentContext()?.traceId),
    ]);
    expect(seen).toEqual([a.traceId, b.traceId]);
    expect(currentContext()).toBeUndefined();
  });
});

describe('causedBy and the relay carry the trace and the dossier code', () => {
  const raw = {
    topic: 'lienthong.intake.events', partition: 0, offset: '1', key: 'app-1', value: Buffer.from('{}'),
    headers: { 'message-id': 'm1', 'event-type': 'Known', 'schema-version': '1', 'correlation-id': 'app-1', traceparent: parent, 'dossier-code': 'H12-261122-0001' },
  };
  const prepared = prepare(raw, () => ({ ok: true, type: 'Known', version: 1, data: {} }));
  if (!prepared.ok) throw new Error('test message does not decode');

  it('outside the inbox context: the same traceparent', () =>
    expect(causedBy(prepared.message)).toEqual({ correlationId: 'app-1', causationId: 'm1', traceparent: parent, dossierCode: 'H12-261122-0001' }));

  it("inside the message's context: the handler's own span of the same trace", () => {
    const ctx = messageContext(raw.key, raw.headers);
    const meta = runWithContext(ctx, () => causedBy(prepared.message));
    expect(meta.traceparent).toBe(ctx.traceparent);
    expect(parseTraceparent(meta.traceparent)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('writes the dossier-code header from the metadata', () => {
    const event = { id: 'e1', streamId: 's', streamVersion: 1, globalPosition: 1, transactionId: '1', type: 'ApplicationSubmitted', schemaVersion: 1,
      data: {}, metadata: { correlationId: 'app-1', dossierCode: 'H12-261122-0001' }, recordedAt: new Date() } as RecordedEvent;
    expect(outboxRowOf(event).headers).toMatchObject({ 'dossier-code': 'H12-261122-0001' });
  });
});
