/**
 * Issue 19 item 5 against a running System (e2e/harness.ts): used by e2e/fuzz.e2e.spec.ts (a
 * few hundred requests, CI) and by `npm run fuzz` (scripts/fuzz.ts, 10,000 and more).
 *
 * 1. refusals change nothing: requests that must be refused (NUL, lone surrogates, 10,000-deep
 *    bodies, `%00` in path ids, pages past bigint) against every operation: each a 4xx
 *    problem+json, and no row appears in any service's stores (events, effects, inbox, outbox,
 *    idempotency keys, attachments) and no message on any topic;
 * 2. random requests from the OpenAPI documents: no 5xx;
 * 3. every consumed topic fed random bytes, wrong types, missing headers, NUL text and huge
 *    values: each dead-lettered with a reason by its consumer, and every service still ready.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { AllTopics, HEADER, allContracts, exampleMessages } from '@lienthong/contracts';
import { prng } from '@lienthong/dev-seed';
import { testKafkaBrokers } from '@lienthong/testing';
import { SERVICE_NAMES, type ServiceName, type System, eventually, staffToken } from '../harness';
import { type FuzzFinding, type FuzzRequest, type FuzzResult, type FuzzTarget, describeFinding, fuzz, loadTarget, requests } from './http-fuzzer';

/** Operations the fuzzer leaves alone: none today (health probes are fuzzed too). */
const skip = (): boolean => false;

export async function targetsOf(system: System): Promise<FuzzTarget[]> {
  return Promise.all(SERVICE_NAMES.map((name) => loadTarget(name, system.url(name))));
}

/** Tables whose rows a refused request must not add (those a service has). */
const WATCHED = ['events', 'effects', 'inbox', 'messaging_outbox', 'outbox', 'intake_idempotency_keys', 'intake_attachment_contents', 'messaging_dead_letters', 'tasks', 'routing_incidents'];

export async function storeSnapshot(system: System): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of SERVICE_NAMES) {
    const db = new Client({ connectionString: system.databaseUrl(name) });
    await db.connect();
    try {
      const { rows } = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)", [WATCHED]);
      for (const { table_name } of rows) {
        const { rows: n } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}"`);
        out[`${name}.${table_name}`] = Number(n[0]!.n);
      }
    } finally {
      await db.end();
    }
  }
  const admin = new Kafka({ clientId: 'fuzz-snapshot', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const topic of AllTopics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      out[`kafka.${topic}`] = offsets.reduce((sum, o) => sum + Number(o.high), 0);
    }
  } finally {
    await admin.disconnect();
  }
  return out;
}

const MUST_REFUSE = /(^| )(body .*=(nul|only-nul|lone-high-surrogate|lone-low-surrogate)$|body (deep-object-10000|deep-array-10000|deep-object-40|nul-key|escaped-lone-surrogate)$|path \S+=(%00|a%00b)$|query (page|offset)=(beyond-bigint|beyond-bigint-string)$|query \S+=(nul|only-nul)$)/;

export interface RefusalResult {
  sent: number;
  findings: string[];
}

/**
 * Phase 1, on a quiet system: only requests that must be refused (staff token), `count` of
 * them; every one a 4xx problem+json, and the stores unchanged.
 */
export async function refusalsChangeNothing(system: System, targets: FuzzTarget[], count: number, seed: number): Promise<RefusalResult> {
  const token = staffToken();
  const gen = requests(targets, { seed, authorized: () => ({ authorization: `Bearer ${token}` }), skip });
  const picked: FuzzRequest[] = [];
  for (let i = 0; picked.length < count && i < count * 400; i++) {
    const r = gen.next().value as FuzzRequest;
    if (r.headers.authorization && MUST_REFUSE.test(r.mutation)) picked.push(r);
  }
  const before = await storeSnapshot(system);
  const findings: string[] = [];
  for (const r of picked) {
    const res = await fetch(`${system.url(r.service as ServiceName)}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    if (res.status < 400 || res.status >= 500 || (res.status !== 404 && !type.includes('problem+json'))) {
      findings.push(`${r.service} ${r.method} ${r.template} [${r.mutation}] → ${res.status} ${type}: ${text.slice(0, 200)}`);
    } else if (res.status === 400 && !/"field"/.test(text) && !/MALFORMED_JSON|UNSUPPORTED/.test(text) && /nul|surrogate|deep|%00|bigint/.test(r.mutation)) {
      findings.push(`${r.service} ${r.method} ${r.template} [${r.mutation}] → 400 names no field: ${text.slice(0, 200)}`);
    }
  }
  // Whatever a refused request would have started (a relay, a projection) has had time to show.
  await new Promise((done) => setTimeout(done, 1500));
  const after = await storeSnapshot(system);
  for (const [k, v] of Object.entries(after)) if (v !== before[k]) findings.push(`refused requests changed ${k}: ${before[k] ?? 0} → ${v}`);
  return { sent: picked.length, findings };
}

export async function randomRequests(system: System, targets: FuzzTarget[], count: number, seed: number, onFinding?: (f: FuzzFinding) => void): Promise<FuzzResult> {
  // A fresh token now and then: a long run outlives one.
  let token = staffToken();
  let signedAt = Date.now();
  return fuzz(targets, {
    seed,
    count,
    concurrency: 4,
    skip,
    onFinding,
    authorized: () => {
      if (Date.now() - signedAt > 600_000) {
        token = staffToken();
        signedAt = Date.now();
      }
      return { authorization: `Bearer ${token}` };
    },
  });
}

export { describeFinding };

// ── Kafka ───────────────────────────────────────────────────────────────────────────────

interface Fed {
  topic: string;
  key: string;
  kind: string;
}

const randomBytes = (n: number, rnd: () => number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));

/** Wrong types for every field of an example. */
const wrongTypes = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? 12345 : typeof v === 'number' ? 'not a number' : typeof v === 'object' ? 'not an object' : { wrong: true }]));

const withText = (data: unknown, text: string): unknown => {
  if (typeof data === 'string') return text;
  if (Array.isArray(data)) return data.map((d) => withText(d, text));
  if (data && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, withText(v, text)]));
  return data;
};

/**
 * Phase 3: feeds each consumed topic hostile messages (each with a key of its own, so no real
 * application waits behind them) and waits until every one is dead-lettered by each group
 * that consumes the topic, with a reason. Returns the problems found (none expected).
 */
export async function feedTopics(system: System, seed: number): Promise<{ fed: number; deadLettered: number; findings: string[] }> {
  const rnd = prng(seed);
  const kafka = new Kafka({ clientId: 'fuzz-topics', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const fed: Fed[] = [];
  const consumers = new Map<string, ServiceName[]>();
  for (const c of allContracts()) {
    const list = consumers.get(c.topic) ?? [];
    for (const who of c.consumedBy) if ((SERVICE_NAMES as readonly string[]).includes(who) && !list.includes(who as ServiceName)) list.push(who as ServiceName);
    consumers.set(c.topic, list);
  }
  try {
    for (const c of allContracts()) {
      const example = (exampleMessages[c.type] ?? {}) as Record<string, unknown>;
      const headers = (over: Record<string, string | undefined> = {}) => {
        const h: Record<string, string> = {
          [HEADER.messageId]: randomUUID(),
          [HEADER.eventType]: c.type,
          [HEADER.schemaVersion]: String(c.version),
          [HEADER.correlationId]: randomUUID(),
          [HEADER.occurredAt]: new Date().toISOString(),
          [HEADER.source]: c.producedBy,
        };
        for (const [k, v] of Object.entries(over)) {
          if (v === undefined) delete h[k];
          else h[k] = v;
        }
        return h;
      };
      const cases: { kind: string; value: Buffer | string | null; headers: Record<string, string> }[] = [
        { kind: 'random-bytes', value: randomBytes(64 + Math.floor(rnd() * 512), rnd), headers: headers() },
        { kind: 'not-json', value: '{"applicationId":', headers: headers() },
        { kind: 'null-value', value: null, headers: headers() },
        { kind: 'json-array', value: '[1,2,3]', headers: headers() },
        { kind: 'wrong-types', value: JSON.stringify(wrongTypes(example)), headers: headers() },
        { kind: 'nul-text', value: JSON.stringify(withText(example, 'a\u0000b')), headers: headers() },
        { kind: 'lone-surrogate-text', value: JSON.stringify(withText(example, 'x\ud800')), headers: headers() },
        { kind: 'huge-text', value: JSON.stringify(withText(example, 'A'.repeat(20_000))), headers: headers() },
        { kind: 'deep', value: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), headers: headers() },
        { kind: 'no-headers', value: JSON.stringify(example), headers: {} },
        { kind: 'no-event-type', value: JSON.stringify(example), headers: headers({ [HEADER.eventType]: undefined }) },
        { kind: 'no-message-id', value: JSON.stringify(example), headers: headers({ [HEADER.messageId]: undefined }) },
        { kind: 'bad-version', value: JSON.stringify(example), headers: headers({ [HEADER.schemaVersion]: '99999999999999999999' }) },
        { kind: 'unknown-type', value: JSON.stringify(example), headers: headers({ [HEADER.eventType]: 'NoSuchEvent\u0000' }) },
      ];
      for (const k of cases) {
        const key = `fuzz-${randomUUID()}`;
        await producer.send({ topic: c.topic, messages: [{ key, value: k.value, headers: k.headers }] });
        fed.push({ topic: c.topic, key, kind: `${c.type}/${k.kind}` });
      }
    }
  } finally {
    await producer.disconnect();
  }

  const findings: string[] = [];
  let deadLettered = 0;
  for (const name of SERVICE_NAMES) {
    const mine = fed.filter((f) => consumers.get(f.topic)?.includes(name));
    if (mine.length === 0) continue;
    const db = new Client({ connectionString: system.databaseUrl(name) });
    await db.connect();
    try {
      const keys = mine.map((f) => f.key);
      const rows = await eventually(
        `${name} dead-letters ${mine.length} hostile messages`,
        async () => {
          const { rows } = await db.query<{ message_key: string; error_code: string | null; error_message: string | null }>(
            "SELECT message_key, error_code, error_message FROM messaging_dead_letters WHERE kind = 'dead-letter' AND message_key = ANY($1)",
            [keys],
          );
          return rows.length >= mine.length ? rows : undefined;
        },
        120_000,
        500,
      ).catch(async (e: Error) => {
        const { rows } = await db.query<{ message_key: string; error_code: string | null; error_message: string | null }>(
          'SELECT message_key, error_code, error_message FROM messaging_dead_letters WHERE message_key = ANY($1)',
          [keys],
        );
        const got = new Set(rows.map((r) => r.message_key));
        findings.push(`${e.message}: missing ${mine.filter((f) => !got.has(f.key)).map((f) => f.kind).join(', ')}`);
        return rows;
      });
      deadLettered += rows.length;
      for (const r of rows) {
        if (!r.error_code && !r.error_message) findings.push(`${name}: dead letter ${mine.find((f) => f.key === r.message_key)?.kind} has no reason`);
      }
    } finally {
      await db.end();
    }
    const ready = await fetch(`${system.url(name)}/health/ready`).then((r) => r.status, () => 0);
    if (ready !== 200) findings.push(`${name} not ready after the hostile messages (${ready})`);
  }
  return { fed: fed.length, deadLettered, findings };
}
