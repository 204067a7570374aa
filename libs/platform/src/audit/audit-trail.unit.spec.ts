import { type EventStore, type SqlExecutor } from '@lienthong/event-store';
import { ProblemException } from '../problem';
import { AuditTrail, actorOf } from './audit-trail';

const officer = { subject: 'officer-7', roles: ['civil-status-officer' as const], unit: '00031' };

describe('actorOf', () => {
  it('takes the principal with the client address and a bounded user agent', () => {
    const actor = actorOf(officer, { ip: '10.0.0.9', headers: { 'user-agent': 'x'.repeat(400) } });
    expect(actor).toEqual({ principal: officer, ip: '10.0.0.9', userAgent: 'x'.repeat(300) });
  });

  it('refuses a request without a verified principal (401), never guessing one', () => {
    let thrown: unknown;
    try {
      actorOf(undefined, { ip: '10.0.0.9', headers: {} });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect((thrown as ProblemException).getStatus()).toBe(401);
  });
});

describe('AuditTrail.recordBy', () => {
  it("writes the principal's subject, roles and unit with the client address in the caller's transaction", async () => {
    const calls: unknown[][] = [];
    const tx = { query: (sql: string, params: unknown[]) => (calls.push(params), Promise.resolve([])) } as unknown as SqlExecutor;
    const trail = new AuditTrail({} as EventStore);
    await trail.recordBy({ principal: officer, ip: '10.0.0.9', userAgent: 'ua' }, { action: 'task.decided', applicationId: 'app-1', target: 't-1', details: { outcome: 'approved' } }, tx);
    expect(calls).toEqual([['officer-7', ['civil-status-officer'], '00031', '10.0.0.9', 'ua', 'task.decided', 'app-1', null, 't-1', '{"outcome":"approved"}']]);
  });
});
