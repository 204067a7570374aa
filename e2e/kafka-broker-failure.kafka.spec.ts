/**
 * Three Apache Kafka brokers, one SIGKILLed mid-flow (npm run test:kafka). Production's topic
 * settings (replication factor 3, min.insync.replicas 2, ADR 0502) and producers (acks=all,
 * idempotent): with the broker that leads most of the partitions in use killed while
 * applications are in flight, and submissions going on, every application still reaches its
 * end state, each effect once, nothing dead-lettered. The figures are printed.
 */
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type ApacheKafka, startApacheKafka } from '@lienthong/apache-kafka';
import { AllTopics, ConsumedTopics, Topics, partitionsOf } from '@lienthong/contracts';
import { ensureTopics } from '@lienthong/messaging';
import { testToken } from '@lienthong/testing';
import { type ApplicationStatus, type Bundle, SERVICE_NAMES, type Submitted, System, applicationStatus, person, procedure, submit, tap, workflow } from './harness';

const BENEFICIARIES = 10; // death-3in1: death extract, residence, grant, payment order, stopped allowance
const OTHERS = 50; // death-2in1: death extract, residence
const OPEN = new Set(['received', 'in-progress', 'awaiting-supplement', 'withdrawal-requested']);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

describe('three Apache Kafka brokers, the leading one SIGKILLed mid-flow', () => {
  let kafka: ApacheKafka;
  let admin: Admin;
  let system: System;
  let events: Awaited<ReturnType<typeof tap>>;

  beforeAll(async () => {
    kafka = await startApacheKafka({ nodes: 3, heapMb: 512 });
    process.env.KAFKA_BROKERS = kafka.brokers; // the harness and tap read it
    admin = new Kafka({ clientId: 'fault-test', brokers: kafka.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // As production's topic job does (ADR 0502): explicit, replicated, min ISR 2.
    await ensureTopics(admin, AllTopics, { partitions: partitionsOf, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    system = await System.start();
    events = await tap([Topics.routingEvents, Topics.civilRegistryRequests, Topics.civilRegistryEvents, Topics.socialProtectionRequests, Topics.socialProtectionEvents]);
  }, 300_000);

  afterAll(async () => {
    await events?.close().catch(() => undefined);
    await system?.stop();
    await admin?.disconnect();
    await kafka?.stop();
  }, 120_000);

  it('every topic has 3 replicas in sync and min.insync.replicas=2', async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [...AllTopics] });
    for (const t of topics) {
      for (const p of t.partitions) expect({ topic: t.name, replicas: p.replicas.length, isr: p.isr.length }).toEqual({ topic: t.name, replicas: 3, isr: 3 });
    }
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: AllTopics.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })) });
    for (const r of resources) expect({ topic: r.resourceName, min: r.configEntries[0]?.configValue }).toEqual({ topic: r.resourceName, min: '2' });
  });

  it('loses nothing and duplicates no effect; nothing is dead-lettered', async () => {
    const people: { bundle: Bundle; deceased: ReturnType<typeof person> }[] = [];
    for (let i = 0; i < BENEFICIARIES + OTHERS; i++) {
      // Interleaved, so both kinds are in flight on both sides of the kill.
      const beneficiary = i % 6 === 0 && people.filter((p) => p.bundle === 'death-3in1').length < BENEFICIARIES;
      people.push(beneficiary ? { bundle: 'death-3in1', deceased: person('beneficiary') } : { bundle: 'death-2in1', deceased: person('nonBeneficiary') });
    }
    const half = Math.floor(people.length / 2);
    const submitted: (Submitted & { bundle: Bundle; submittedAt: number })[] = [];
    const submitSome = async (from: number, to: number) => {
      for (let i = from; i < to; i += 5) {
        const batch = people.slice(i, Math.min(i + 5, to));
        const done = await Promise.all(batch.map(async (p) => ({ ...(await submit(system, p.bundle, p.deceased)), bundle: p.bundle, submittedAt: Date.now() })));
        submitted.push(...done);
      }
    };
    const started = Date.now();
    await submitSome(0, half);
    // In flight: agencies' requests are on the topics, not every application is done.
    const mine = new Set(submitted.map((s) => s.applicationId));
    await waitUntil(() => events.messages.filter((m) => m.topic === Topics.civilRegistryRequests && mine.has(m.correlationId)).length >= 10, 60_000);

    // The broker that leads most of the partitions these applications' messages are on.
    const inUse = new Set(events.messages.filter((m) => mine.has(m.correlationId)).map((m) => `${m.topic}/${m.partition}`));
    const leaders = await partitionLeaders(admin);
    const led = new Map<number, number>();
    for (const tp of inUse) led.set(leaders.get(tp)!, (led.get(leaders.get(tp)!) ?? 0) + 1);
    const victim = [...led.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const killedAt = Date.now();
    await kafka.kill(victim, 'SIGKILL');

    // Submissions go on while it is down; the remaining brokers take over its partitions.
    const leadersMoved = waitUntil(async () => [...(await partitionLeaders(admin).catch(() => new Map([['?', victim]]))).values()].every((l) => l !== victim && l >= 0), 120_000).then(() => Date.now() - killedAt);
    await submitSome(half, people.length);
    const leadersMovedMs = await leadersMoved;
    await sleep(Math.max(0, 15_000 - (Date.now() - killedAt))); // down for at least 15 s
    await kafka.restart(victim);
    const restartedAt = Date.now();

    // Every application to its end state.
    const finished = new Map<string, { status: ApplicationStatus; at: number }>();
    const deadline = Date.now() + 240_000;
    while (finished.size < submitted.length && Date.now() < deadline) {
      for (const s of submitted) {
        if (finished.has(s.dossierCode)) continue;
        const status = await applicationStatus(system, s.dossierCode).catch(() => undefined);
        if (status && !OPEN.has(status.status)) finished.set(s.dossierCode, { status, at: Date.now() });
      }
      await sleep(500);
    }
    const afterKill = submitted.filter((s) => s.submittedAt > killedAt).map((s) => finished.get(s.dossierCode)?.at ?? Infinity);
    const firstCompletionAfterKillMs = Math.min(...afterKill) - killedAt;
    const allDoneMs = Math.max(...[...finished.values()].map((f) => f.at)) - started;

    // Each effect once: counted by distinct message id (a re-publish keeps its id).
    await sleep(2_000); // the tap may lag the services a little
    const distinct = (type: string, applicationId: string) => new Set(events.messages.filter((m) => m.type === type && m.correlationId === applicationId).map((m) => m.messageId)).size;
    const lost: string[] = [];
    let duplicated = 0;
    const effects: string[] = [];
    for (const s of submitted) {
      const end = finished.get(s.dossierCode)?.status;
      if (end?.status !== 'completed') {
        const now = end ?? (await applicationStatus(system, s.dossierCode).catch(() => undefined));
        const wf = await workflow(system, s.applicationId).catch(() => undefined);
        const onTopic = events.messages.filter((m) => m.correlationId === s.applicationId).map((m) => `${m.type}@${m.topic.replace('lienthong.', '')}/${m.partition}`);
        lost.push(
          `${s.dossierCode} (${s.bundle}): ${now?.status} ${JSON.stringify(now?.procedures.map((p) => [p.procedure, p.status, p.reasons?.map((r) => r.code)]))} ` +
            `routing: ${wf?.timeline.slice(-8).map((e) => e.type).join(' > ')}; on the topics: ${onTopic.join(' ')}`,
        );
        continue;
      }
      const expected: Record<string, number> = { DeathRegistered: 1 };
      const residence = procedure(end, 'residence-deregistration').status;
      expected[residence === 'not-applicable' ? 'ResidenceDeregistrationNotApplicable' : 'ResidenceDeregistered'] = 1;
      if (s.bundle === 'death-3in1') Object.assign(expected, { FuneralAllowanceGranted: 1, MonthlyAllowanceStopped: 1 });
      for (const [type, n] of Object.entries(expected)) {
        const seen = distinct(type, s.applicationId);
        if (seen > n) duplicated += seen - n;
        if (seen < n) effects.push(`${s.dossierCode}: ${type} seen ${seen} times`);
      }
      if (s.bundle === 'death-3in1') {
        const orders = new Set(events.messages.filter((m) => m.type === 'FuneralAllowanceGranted' && m.correlationId === s.applicationId).map((m) => String(m.value.paymentOrderId)));
        if (orders.size > 1) duplicated += orders.size - 1;
      }
      const wf = await workflow(system, s.applicationId);
      const completions = wf.timeline.filter((e) => e.type === 'ProcedureCompleted');
      const perProcedure = new Set(completions.map((e) => String(e.data.procedure)));
      duplicated += completions.length - perProcedure.size;
    }
    const viewer = testToken({ roles: ['operations-viewer'] });
    const deadLetters: string[] = [];
    for (const name of SERVICE_NAMES) {
      const list = await system.call<{ items: { kind?: string; topic?: string; error?: string }[] }>(name, '/ops/v1/dead-letters?status=all', { token: viewer });
      deadLetters.push(...list.items.map((d) => `${name}: ${JSON.stringify(d).slice(0, 200)}`));
    }
    const dlqMessages = (await Promise.all(ConsumedTopics.map((t) => admin.fetchTopicOffsets(`${t}.dlq`)))).flat().reduce((n, p) => n + Number(p.high), 0);

    console.log(
      `kafka-3-brokers: applications=${submitted.length} submitted_after_kill=${afterKill.length} kills=1 killed_broker=${victim} ` +
        `lost=${lost.length} duplicated=${duplicated} dead_letters=${deadLetters.length + dlqMessages} ` +
        `leaders_moved_ms=${leadersMovedMs} first_completion_after_kill_ms=${firstCompletionAfterKillMs} ` +
        `broker_down_ms=${restartedAt - killedAt} all_completed_ms=${allDoneMs}`,
    );
    if (lost.length > 0) {
      // What each service stored for a lost application, and what its relay has yet to publish.
      for (const s of submitted.filter((x) => finished.get(x.dossierCode)?.status.status !== 'completed')) {
        for (const name of SERVICE_NAMES) {
          const db = new Client({ connectionString: system.databaseUrl(name) });
          await db.connect();
          try {
            const rows = await db.query<{ global_position: string; transaction_id: string; stream_id: string; type: string; recorded_at: Date }>(
              `SELECT global_position, transaction_id::text, stream_id, type, recorded_at FROM events WHERE metadata->>'correlationId' = $1 OR data->>'applicationId' = $1 ORDER BY global_position`,
              [s.applicationId],
            );
            const outbox = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messaging_outbox');
            console.log(`${name} for ${s.dossierCode}: ${rows.rows.map((r) => `${r.type}#${r.global_position}/xid${r.transaction_id}@${r.recorded_at.toISOString().slice(11, 23)}`).join(' ')}; outbox rows not yet published: ${outbox.rows[0]?.n}`);
          } finally {
            await db.end();
          }
        }
      }
      // Which service's consumer group is behind, where.
      const { groups } = await admin.listGroups();
      for (const { groupId } of groups.filter((g) => /-e2e-/.test(g.groupId))) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...ConsumedTopics] })) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
          const behind = partitions.filter((p) => Number(p.offset) >= 0 && Number(p.offset) < (ends.get(p.partition) ?? 0)).map((p) => `${p.partition}:${p.offset}/${ends.get(p.partition)}`);
          if (behind.length > 0) console.log(`lag ${groupId} ${topic} ${behind.join(' ')}`);
        }
      }
      // What the services said about Kafka meanwhile (warnings and errors; personal ids are masked in logs).
      for (const name of SERVICE_NAMES) {
        const lines = system.instances(name).flatMap((i) => i.output().split('\n')).filter((l) => /crash|rebalanc|offset|kafka|partition/i.test(l));
        console.log(`${name}: ${lines.slice(-15).map((l) => l.slice(0, 300)).join('\n')}`);
      }
    }
    expect(lost).toEqual([]);
    expect(effects).toEqual([]);
    expect(duplicated).toBe(0);
    expect(deadLetters).toEqual([]);
    expect(dlqMessages).toBe(0);
    expect(afterKill.length).toBeGreaterThanOrEqual(25);
  }, 600_000);
});

/** `topic/partition` → leader node id (-1 while none) for every contract topic. */
async function partitionLeaders(admin: Admin): Promise<Map<string, number>> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [...ConsumedTopics] });
  return new Map(topics.flatMap((t) => t.partitions.map((p) => [`${t.name}/${p.partitionId}`, p.leader] as const)));
}

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(200);
  }
}
