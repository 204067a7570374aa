/**
 * Drives the running system: submits death-3in1 applications over intake's HTTP API, closed
 * loop (bounded applications in flight) or open loop (scheduled by time, not by completion),
 * and sees each one finish on routing's topic. Counts, latencies and CPU per stage.
 */
import { Kafka, type Consumer, logLevel } from 'kafkajs';
import { ensureTopics } from '@lienthong/messaging';
import { Client } from 'pg';
import { AllTopics, HEADER, Topics, partitionsOf } from '@lienthong/contracts';
import { type SeedPerson } from '@lienthong/dev-seed';
import { startGroupAtEnd, uniqueName } from '@lienthong/testing';
import { SERVICE_NAMES, type ServiceName, type System, applicationBody } from '../e2e/harness';
import { type Identity } from './identity';
import { cpuSeconds, loadAverage, treeCpuSeconds } from './procstat';
import { type Summary, summarize } from './stats';

export type Outcome = 'completed' | 'partly-completed';
export interface Applicant {
  person: SeedPerson;
  /** Beneficiaries get every procedure done; anyone else is refused the funeral allowance. */
  expected: Outcome;
  /** Commune of the permanent residence (death extract numbers run per commune); none = the default unit. */
  commune?: string;
}

export interface Submitted {
  applicationId: string;
  applicant: Applicant;
  stage: string;
  /** Wall clock (ms) when the request was sent: comparable with PostgreSQL's recorded_at. */
  sentAt: number;
  httpMs: number;
  /** When routing's completion message reached the benchmark's consumer (ms). */
  seenDoneAt?: number;
}

const FINISHED = new Set(['ApplicationCompleted', 'ApplicationPartlyCompleted', 'ApplicationRefused']);

export interface Counters {
  events: Record<ServiceName, number>;
  /** Committed transactions in each service's database (pg_stat_database, flushed within ~1 s). */
  commits: Record<ServiceName, number>;
  /** Rolled-back transactions and detected deadlocks in each service's database (pg_stat_database). */
  rollbacks: Record<ServiceName, number>;
  deadlocks: Record<ServiceName, number>;
  kafkaMessages: number;
  deadLetterMessages: number;
  cpu: Record<string, number | undefined>;
}

export interface StageResult {
  name: string;
  mode: 'closed' | 'open';
  offeredPerS?: number;
  concurrency?: number;
  applications: number;
  /** First submission → last results ready. */
  seconds: number;
  completedPerS: number;
  /** Submissions actually sent per second (open loop: did the generator keep up?). */
  submittedPerS: number;
  /** Submit → intake recorded ResultsReady. */
  latencyMs: Summary;
  /** The POST itself (201 received). */
  submitHttpMs: Summary;
  /** Submit → routing's completion message seen by the benchmark's consumer. */
  seenMs: Summary;
  eventsPerApplication: Record<ServiceName, number> & { total: number };
  eventsAppendedPerS: number;
  /** PostgreSQL commits per application in each service's database (load-independent work). */
  commitsPerApplication: Record<ServiceName, number> & { total: number };
  /** Rolled-back transactions per application (a batch that fell back, a retried conflict), and deadlocks in the stage. */
  rollbacksPerApplication: Record<ServiceName, number> & { total: number };
  deadlocks: Record<ServiceName, number> & { total: number };
  kafkaMessagesPerApplication: number;
  cpuSeconds: Record<string, number>;
  cpuMsPerApplication: Record<string, number>;
  loadAverage: { before: number[]; after: number[] };
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export class Driver {
  readonly submitted = new Map<string, Submitted>();
  private readonly waiters = new Map<string, () => void>();
  private readonly earlyDone = new Map<string, number>();
  private readonly dbs = new Map<ServiceName, Client>();
  private consumer?: Consumer;
  private admin?: ReturnType<Kafka['admin']>;
  private readonly intakeUrl: string;

  constructor(
    private readonly system: System,
    private readonly applicants: Applicant[],
    private readonly identity: Identity,
    private readonly brokers: string[],
    private readonly pids: { postgres(): number | undefined; broker?: number },
  ) {
    this.intakeUrl = system.url('intake');
  }

  async start(): Promise<void> {
    for (const name of SERVICE_NAMES) {
      const c = new Client({ connectionString: this.system.databaseUrl(name) });
      await c.connect();
      this.dbs.set(name, c);
    }
    const kafka = new Kafka({ clientId: 'bench', brokers: this.brokers, logLevel: logLevel.NOTHING });
    this.admin = kafka.admin();
    await this.admin.connect();
    // The dead-letter twins too (the services create them on first use), so they can be counted.
    await ensureTopics(this.admin, AllTopics, { partitions: partitionsOf });
    const groupId = uniqueName('bench-done');
    await startGroupAtEnd(groupId, [Topics.routingEvents]);
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [Topics.routingEvents] });
    const joined = new Promise<void>((done) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => done()));
    await this.consumer.run({
      partitionsConsumedConcurrently: 12,
      eachMessage: async ({ message }) => {
        const type = message.headers?.[HEADER.eventType]?.toString();
        if (!type || !FINISHED.has(type)) return;
        const id = message.headers?.[HEADER.correlationId]?.toString() ?? '';
        const now = Date.now();
        const app = this.submitted.get(id);
        if (app) {
          app.seenDoneAt ??= now;
          this.waiters.get(id)?.();
        } else {
          this.earlyDone.set(id, now);
        }
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    for (const c of this.dbs.values()) await c.end().catch(() => undefined);
  }

  db(name: ServiceName): Client {
    return this.dbs.get(name)!;
  }

  remaining(): number {
    return this.applicants.length;
  }

  /** One POST; resolves when intake answered 201 (the application is then tracked). */
  private async submit(stage: string): Promise<Submitted> {
    const applicant = this.applicants.shift();
    if (!applicant) throw new Error('the seed has no more applicants: raise BENCH_SEED_SIZE');
    const body = JSON.stringify(applicationBody('death-3in1', applicant.person));
    const sentAt = Date.now();
    const t = performance.now();
    const res = await fetch(`${this.intakeUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${applicant.person.personalId}`, ...this.identity.headers() },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`intake answered ${res.status} for ${applicant.person.personalId}: ${text.slice(0, 300)}`);
    const { applicationId } = JSON.parse(text) as { applicationId: string };
    const s: Submitted = { applicationId, applicant, stage, sentAt, httpMs: performance.now() - t };
    const early = this.earlyDone.get(applicationId);
    if (early !== undefined) s.seenDoneAt = early;
    this.submitted.set(applicationId, s);
    return s;
  }

  private done(s: Submitted, timeoutMs: number): Promise<void> {
    if (s.seenDoneAt !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(s.applicationId);
        reject(new Error(`application ${s.applicationId} (${s.applicant.person.personalId}) did not finish within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      this.waiters.set(s.applicationId, () => {
        clearTimeout(timer);
        this.waiters.delete(s.applicationId);
        resolve();
      });
    });
  }

  /**
   * Closed loop: `concurrency` applications in flight; a finished one makes room for the next.
   * Stops submitting after `total` applications or `maxSeconds`, whichever comes first.
   */
  async closedLoop(name: string, total: number, concurrency: number, timeoutMs: number, maxSeconds = Infinity): Promise<StageResult> {
    const before = await this.counters();
    const started = Date.now();
    const until = started + maxSeconds * 1000;
    let left = total;
    const mine: Submitted[] = [];
    await Promise.all(
      Array.from({ length: Math.min(concurrency, total) }, async () => {
        while (left > 0 && Date.now() < until) {
          left--;
          const s = await this.submit(name);
          mine.push(s);
          await this.done(s, timeoutMs);
        }
      }),
    );
    return this.finish(name, 'closed', mine, before, started, Date.now(), { concurrency });
  }

  /** Open loop: submission i is sent at start + i / rate, whatever happened to the others. */
  async openLoop(name: string, ratePerS: number, seconds: number, timeoutMs: number): Promise<StageResult> {
    const before = await this.counters();
    const total = Math.max(1, Math.round(ratePerS * seconds));
    const started = Date.now();
    const flights: Promise<Submitted>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / ratePerS;
      const wait = due - Date.now();
      if (wait > 1) await sleep(wait);
      flights.push(this.submit(name));
    }
    const submittedAll = Date.now();
    const mine = await Promise.all(flights);
    await Promise.all(mine.map((s) => this.done(s, timeoutMs)));
    return this.finish(name, 'open', mine, before, started, submittedAll, { offeredPerS: ratePerS });
  }

  /**
   * Waits until no service appends any more (the event counts stand still for two looks a
   * second apart, at most `maxMs`), so a stage does not start on the previous one's backlog
   * (projections, relays, consumers catching up).
   */
  async quiesce(maxMs = 60_000): Promise<void> {
    const total = async () => {
      let n = 0;
      for (const name of SERVICE_NAMES) n += Number((await this.db(name).query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
      return n;
    };
    const until = Date.now() + maxMs;
    let last = await total();
    let still = 0;
    while (still < 2 && Date.now() < until) {
      await sleep(1000);
      const now = await total();
      still = now === last ? still + 1 : 0;
      last = now;
    }
  }

  async counters(): Promise<Counters> {
    const events = {} as Record<ServiceName, number>;
    const commits = {} as Record<ServiceName, number>;
    const rollbacks = {} as Record<ServiceName, number>;
    const deadlocks = {} as Record<ServiceName, number>;
    const cpu: Record<string, number | undefined> = {};
    for (const name of SERVICE_NAMES) {
      const { rows } = await this.db(name).query<{ n: string }>('SELECT count(*) AS n FROM events');
      events[name] = Number(rows[0]!.n);
      const stat = await this.db(name).query<{ n: string; rollbacks: string; deadlocks: string }>(
        'SELECT xact_commit AS n, xact_rollback AS rollbacks, deadlocks FROM pg_stat_database WHERE datname = current_database()',
      );
      commits[name] = Number(stat.rows[0]!.n);
      rollbacks[name] = Number(stat.rows[0]!.rollbacks);
      deadlocks[name] = Number(stat.rows[0]!.deadlocks);
      cpu[name] = this.system.instances(name).reduce((sum, i) => sum + (cpuSeconds(i.child.pid) ?? 0), 0);
    }
    cpu.postgres = treeCpuSeconds(this.pids.postgres());
    cpu.broker = cpuSeconds(this.pids.broker);
    const usage = process.cpuUsage();
    cpu.bench = (usage.user + usage.system) / 1e6;
    let kafkaMessages = 0;
    let deadLetterMessages = 0;
    for (const topic of AllTopics) {
      const offsets = await this.admin!.fetchTopicOffsets(topic);
      const n = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
      if (topic.endsWith('.dlq')) deadLetterMessages += n;
      else kafkaMessages += n;
    }
    return { events, commits, rollbacks, deadlocks, kafkaMessages, deadLetterMessages, cpu };
  }

  private async finish(
    name: string,
    mode: 'closed' | 'open',
    mine: Submitted[],
    before: Counters,
    started: number,
    submittedAll: number,
    extra: { concurrency?: number; offeredPerS?: number },
  ): Promise<StageResult> {
    const loadBefore = loadAverage();
    // Work after results-ready (e.g. intake's own bookkeeping) settles before counting.
    await sleep(1000);
    const after = await this.counters();
    const ready = await this.readyTimes(mine.map((s) => s.applicationId));
    const latencies = mine.map((s) => {
      const at = ready.get(s.applicationId);
      if (at === undefined) throw new Error(`application ${s.applicationId} has no ResultsReady in intake`);
      return at - s.sentAt;
    });
    const lastReady = Math.max(...mine.map((s) => ready.get(s.applicationId)!));
    const seconds = (lastReady - started) / 1000;
    const n = mine.length;
    /** after − before in each service's database, less `own` (the benchmark's own work), divided by `per`, with their total. */
    const perService = (counter: 'events' | 'commits' | 'rollbacks' | 'deadlocks', per: number, own = 0) => {
      const out = { total: 0 } as Record<ServiceName, number> & { total: number };
      for (const s of SERVICE_NAMES) {
        out[s] = (after[counter][s] - before[counter][s] - own) / per;
        out.total += out[s];
      }
      return out;
    };
    const eventsPerApplication = perService('events', n);
    // Less the benchmark's own two counting queries per service.
    const commitsPerApplication = perService('commits', n, 2);
    const rollbacksPerApplication = perService('rollbacks', n);
    const deadlocks = perService('deadlocks', 1);
    const cpuSecondsUsed: Record<string, number> = {};
    const cpuMsPerApplication: Record<string, number> = {};
    for (const key of Object.keys(after.cpu)) {
      const a = after.cpu[key];
      const b = before.cpu[key];
      if (a === undefined || b === undefined) continue;
      cpuSecondsUsed[key] = a - b;
      cpuMsPerApplication[key] = ((a - b) * 1000) / n;
    }
    return {
      name,
      mode,
      ...extra,
      applications: n,
      seconds,
      completedPerS: n / seconds,
      submittedPerS: n / Math.max(0.001, (submittedAll - started) / 1000 || seconds),
      latencyMs: summarize(latencies),
      submitHttpMs: summarize(mine.map((s) => s.httpMs)),
      seenMs: summarize(mine.map((s) => (s.seenDoneAt ?? Number.NaN) - s.sentAt)),
      eventsPerApplication,
      eventsAppendedPerS: (eventsPerApplication.total * n) / seconds,
      commitsPerApplication,
      rollbacksPerApplication,
      deadlocks,
      kafkaMessagesPerApplication: (after.kafkaMessages - before.kafkaMessages) / n,
      cpuSeconds: cpuSecondsUsed,
      cpuMsPerApplication,
      loadAverage: { before: loadBefore, after: loadAverage() },
    };
  }

  /** When intake recorded ResultsReady for each application (ms since the epoch). */
  async readyTimes(ids: string[]): Promise<Map<string, number>> {
    const { rows } = await this.db('intake').query<{ stream_id: string; at: string }>(
      "SELECT stream_id, (extract(epoch FROM recorded_at) * 1000)::float8 AS at FROM events WHERE type = 'ResultsReady' AND stream_id = ANY($1)",
      [ids.map((id) => `application-${id}`)],
    );
    return new Map(rows.map((r) => [r.stream_id.slice('application-'.length), Number(r.at)]));
  }
}
