import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { AllTopics, Topics, exampleMessages } from '@lienthong/contracts';
import { KafkaDouble, type TestService, startGroupAtEnd, startTestService, uniqueName } from '@lienthong/testing';
import { type OpsConsoleConfig } from '../src/config';
import { opsConsoleService } from '../src/service';

/** A stand-in for a service's HTTP API: records each call, answers what the test says. */
export interface StubService {
  url: string;
  calls: { method: string; path: string; authorization?: string; body: unknown }[];
  close(): Promise<void>;
}

export async function startStub(answer: (path: string, body: unknown) => { status: number; body: unknown }): Promise<StubService> {
  const calls: StubService['calls'] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((done) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => done(text));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      const body: unknown = text ? JSON.parse(text) : undefined;
      calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      const a = answer(req.url ?? '', body ?? {});
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The last POST the stub received (the lists also ask it with GETs). */
export const lastPost = (stub: StubService): StubService['calls'][number] | undefined => stub.calls.filter((c) => c.method === 'POST').at(-1);

export interface Console {
  service: TestService<OpsConsoleConfig>;
  observerGroup: string;
  prefix: string;
}

/** The console on a fresh database, its observer group committed at the topics' ends. */
export async function startConsole(env: Record<string, string>): Promise<Console> {
  const prefix = uniqueName('opsc');
  const observerGroup = `${prefix}-observer`;
  await startGroupAtEnd(observerGroup, AllTopics);
  const service = await startTestService(opsConsoleService, {
    OPS_OBSERVER_GROUP_ID: observerGroup,
    OPS_GROUPS_PATTERN: `^${prefix}`,
    ...env,
  });
  return { service, observerGroup, prefix };
}

/** The producing side of the one Kafka test double (libs/testing): the console only observes. */
export const newProducer = (): Promise<KafkaDouble> => KafkaDouble.start({ source: 'test' });

/** A contract message as its publisher sends it; returns its message id. */
export async function produce(
  producer: KafkaDouble,
  topic: string,
  type: string,
  applicationId: string,
  data: unknown,
  extra: Record<string, string> = {},
  source = 'test',
): Promise<string> {
  const { causation, occurredAt, ...headers } = extra;
  const { messageId } = await producer.produce(type, data, {
    topic, key: applicationId, correlationId: applicationId, source, headers,
    ...(causation ? { causationId: causation } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
  });
  return messageId;
}

/** One application's story: submitted at intake, dispatched by routing (due in the past: overdue), a dead letter. */
export async function seedApplication(producer: KafkaDouble, opts: { dueAt?: string } = {}) {
  const applicationId = randomUUID();
  const seq = String(Math.floor(Math.random() * 9000) + 1000);
  const dossierCode = `000.00.31.H12-260101-${seq}`;
  const submitted = { ...exampleMessages.ApplicationSubmitted, applicationId, dossierCode, channel: 'online' };
  const submittedId = await produce(producer, Topics.intakeEvents, 'ApplicationSubmitted', applicationId, submitted, {}, 'intake');
  const requestId = randomUUID();
  const dueAt = opts.dueAt ?? new Date(Date.now() - 3_600_000).toISOString();
  const dispatched = { applicationId, procedure: 'death-registration', agency: 'civil-status', requestId, dueAt, catalogueVersion: 'test', dispatchedAt: new Date().toISOString() };
  const dispatchedId = await produce(producer, Topics.routingEvents, 'ProcedureDispatched', applicationId, dispatched, { causation: submittedId }, 'routing');
  return { applicationId, dossierCode, requestId, submittedId, dispatchedId, personalId: (exampleMessages.ApplicationSubmitted as { deceased: { personalId: string } }).deceased.personalId };
}

export async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
