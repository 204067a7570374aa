/**
 * `npm run bench` (issue 10): the ceiling of this machine's PostgreSQL and broker, then N
 * death-3in1 applications in auto mode through the four services as processes, closed loop
 * (as fast as the system takes them) and open loop at fixed offered rates. Fails (exit 1) when
 * an application misses its expected end state or an effect happened twice.
 *
 * Options (flag or variable): --apps / BENCH_APPS (closed-loop applications, default 2000),
 * --max-seconds / BENCH_MAX_SECONDS (closed loop stops submitting after this, default 40),
 * --concurrency / BENCH_CONCURRENCY (in flight, default 100), --rates / BENCH_RATES (default
 * 25,50,100,200), --seconds / BENCH_SECONDS (per rate, default 10), --overload / BENCH_OVERLOAD
 * (a rate above this many times the closed loop's throughput is skipped, default 2.5: its
 * backlog would take minutes to drain), --ceiling-seconds / BENCH_CEILING_SECONDS (default 6),
 * --out / BENCH_OUT (default bench/results).
 * DATABASE_URL / KAFKA_BROKERS: use that PostgreSQL server / Kafka instead of embedded ones.
 * BENCH_CPU_PROF=<dir>: the services write V8 CPU profiles there (see bench/profile.ts), and the
 * closed-loop stage's PostgreSQL statements (pg_stat_statements) go to <dir>/postgres-statements.txt.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICE_NAMES, System } from '../e2e/harness';
import { measureCommitCeiling, measureRoundTrip } from './ceiling';
import { latencyChartSvg } from './chart';
import { startIdentity } from './identity';
import { applicants } from './applicants';
import { Driver, type StageResult } from './load';
import { loadAverage } from './procstat';
import { summaryLine, table } from './stats';
import { verify } from './verify';
import { readStatements, resetStatements, statementReport } from './pg-statements';
import { type HopSummary, measureHops } from './hops';

const ROOT = resolve(__dirname, '..');
const say = (line = '') => process.stdout.write(line + '\n');

function options() {
  const { values } = parseArgs({
    options: {
      apps: { type: 'string' },
      'max-seconds': { type: 'string' },
      overload: { type: 'string' },
      concurrency: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      'ceiling-seconds': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const pick = (flag: string | undefined, variable: string, fallback: string) => flag ?? (process.env[variable] || fallback);
  const int = (raw: string, what: string) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${what}=${raw} is not a non-negative number`);
    return n;
  };
  const rates = pick(values.rates, 'BENCH_RATES', '25,50,100,200').split(',').map((r) => r.trim()).filter(Boolean).map((r) => int(r, 'rates'));
  return {
    apps: int(pick(values.apps, 'BENCH_APPS', '2000'), 'apps'),
    maxSeconds: int(pick(values['max-seconds'], 'BENCH_MAX_SECONDS', '40'), 'max-seconds'),
    overload: int(pick(values.overload, 'BENCH_OVERLOAD', '2.5'), 'overload'),
    concurrency: Math.max(1, int(pick(values.concurrency, 'BENCH_CONCURRENCY', '100'), 'concurrency')),
    rates: rates.filter((r) => r > 0),
    seconds: int(pick(values.seconds, 'BENCH_SECONDS', '10'), 'seconds'),
    ceilingSeconds: int(pick(values['ceiling-seconds'], 'BENCH_CEILING_SECONDS', '6'), 'ceiling-seconds'),
    out: resolve(ROOT, pick(values.out, 'BENCH_OUT', 'bench/results')),
  };
}

async function main(): Promise<number> {
  const o = options();
  const needed = 50 + o.apps + o.rates.reduce((sum, r) => sum + Math.round(r * o.seconds), 0);
  // ~4 % of seeded persons are already dead; the well-known nine are left out.
  const seedSize = Number(process.env.BENCH_SEED_SIZE || Math.ceil(needed / 0.93) + 200);
  const startedAt = new Date();
  say(`bench: ${o.apps} applications closed loop (${o.concurrency} in flight), rates ${o.rates.join(', ') || 'none'} /s for ${o.seconds} s each; seed ${seedSize} persons; load average ${loadAverage().join(' ')}`);

  const { startInfra } = await import('./infra');
  const infra = await startInfra({ statementStatistics: Boolean(process.env.BENCH_CPU_PROF) });
  const identity = await startIdentity();
  let system: System | undefined;
  let driver: Driver | undefined;
  try {
    const connections = 4 * Number(process.env.DATABASE_POOL_SIZE || 10);
    say(`ceiling: PostgreSQL single-row INSERT commits with ${connections} connections for ${o.ceilingSeconds} s ...`);
    const commits = await measureCommitCeiling(connections, o.ceilingSeconds);
    say(`ceiling: broker produce → consume round trip for ${o.ceilingSeconds} s ...`);
    const roundTrip = await measureRoundTrip(infra.brokers.split(','), o.ceilingSeconds);

    if (process.env.BENCH_CPU_PROF) {
      // Each service writes a V8 CPU profile there when it stops (bench/profile.ts sums them up).
      process.env.BENCH_CPU_PROF = resolve(process.env.BENCH_CPU_PROF);
      await mkdir(process.env.BENCH_CPU_PROF, { recursive: true });
      process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'cpu-profile.js')}`.trim();
    }
    say('system: starting PostgreSQL databases, the four services (auto policies) ...');
    const t = Date.now();
    const seedEnv = { CIVIL_REGISTRY_SEED_SIZE: String(seedSize), SOCIAL_PROTECTION_SEED_SIZE: String(seedSize) };
    system = await System.start({
      env: {
        'civil-registry': { DEATH_REGISTRATION_POLICY: 'auto', RESIDENCE_DEREGISTRATION_POLICY: 'auto', ...seedEnv },
        'social-protection': { FUNERAL_ALLOWANCE_POLICY: 'auto', ...seedEnv },
      },
    });
    say(`system: ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    driver = new Driver(system, applicants(seedSize), identity, infra.brokers.split(','), { postgres: infra.postgresPid, broker: infra.brokerPid });
    await driver.start();

    const stages: StageResult[] = [];
    /** The closed loop's waits between services (bench/hops.ts). */
    let hops: HopSummary[] = [];
    const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS || 180_000);
    // Warm-up (JIT, connection pools, the consumers' first fetches): not reported.
    await driver.closedLoop('warm-up', Math.min(50, o.apps || 50), 10, timeoutMs);
    if (o.apps > 0) {
      await driver.quiesce();
      const statements = process.env.BENCH_CPU_PROF && infra.embeddedPostgres;
      if (statements) await resetStatements(infra.adminUrl);
      say(`stage max: up to ${o.apps} applications or ${o.maxSeconds} s, ${o.concurrency} in flight ...`);
      const closedLoop = await driver.closedLoop('max', o.apps, o.concurrency, timeoutMs, o.maxSeconds);
      stages.push(closedLoop);
      report(closedLoop);
      hops = await measureHops(driver, 'max');
      say('  where applications waited between services (ms; the closed loop):');
      say(table([['hop', 'apps', 'p50', 'p95', 'mean'], ...hops.slice(0, 12).map((h) => [h.hop, h.count, h.p50, h.p95, h.mean])]).replace(/^/gm, '  '));
      if (statements) {
        const file = join(process.env.BENCH_CPU_PROF!, 'postgres-statements.txt');
        await writeFile(file, statementReport(await readStatements(infra.adminUrl, closedLoop.applications)) + '\n');
        say(`profile: PostgreSQL statements in ${file}`);
      }
    }
    const capacity = stages.find((s) => s.name === 'max')?.completedPerS;
    const skipped: { ratePerS: number; reason: string }[] = [];
    for (const rate of o.rates) {
      if (capacity !== undefined && rate > o.overload * capacity) {
        const reason = `offered ${rate}/s > ${o.overload} × the ${capacity.toFixed(1)}/s the closed loop completed: its backlog would take ${Math.round((rate * o.seconds) / capacity)} s to drain`;
        say(`stage ${rate}/s: skipped (${reason})`);
        skipped.push({ ratePerS: rate, reason });
        continue;
      }
      await driver.quiesce();
      say(`stage ${rate}/s: ${Math.round(rate * o.seconds)} applications over ${o.seconds} s ...`);
      stages.push(await driver.openLoop(`${rate}/s`, rate, o.seconds, timeoutMs));
      report(stages[stages.length - 1]!);
    }

    say('correctness: every application in its expected end state, each effect once ...');
    const correctness = await verify(driver);
    const dlq = (await driver.counters()).deadLetterMessages;
    if (dlq > 0) correctness.failures.push(`${dlq} messages on dead-letter topics`);

    const max = stages.find((s) => s.name === 'max');
    const at100 = stages.find((s) => s.offeredPerS === 100);
    const at50 = stages.find((s) => s.offeredPerS === 50);
    const closed = stages.find((s) => s.mode === 'closed');
    // The system's processes: the benchmark's own CPU (its load driver) is not the system's.
    const cpuMsPerApp = closed ? Object.entries(closed.cpuMsPerApplication).filter(([k]) => k !== 'bench').reduce((sum, [, ms]) => sum + ms, 0) : undefined;
    const maxAppsPerS = Math.max(0, ...stages.map((s) => s.completedPerS));
    const best = stages.find((s) => s.completedPerS === maxAppsPerS) ?? max;
    const ratio = best ? best.eventsAppendedPerS / commits.commitsPerS : Number.NaN;

    say();
    say(table([
      ['stage', 'apps', 'done/s', 'sent/s', 'p50 ms', 'p95 ms', 'p99 ms', 'POST p99', 'events/app', 'commits/app', 'kafka msgs/app', 'load avg'],
      ...stages.map((s) => [s.name, s.applications, s.completedPerS, s.submittedPerS, s.latencyMs.p50, s.latencyMs.p95, s.latencyMs.p99, s.submitHttpMs.p99, s.eventsPerApplication.total, s.commitsPerApplication.total, s.kafkaMessagesPerApplication, s.loadAverage.after[0] ?? NaN]),
    ]));
    say();
    const cpuKeys = [...SERVICE_NAMES, 'postgres', 'broker', 'bench'];
    say('CPU ms per application');
    say(table([['stage', ...cpuKeys], ...stages.map((s) => [s.name, ...cpuKeys.map((k) => s.cpuMsPerApplication[k] ?? NaN)])]));
    say();
    say('PostgreSQL rollbacks per application (deadlocks in the stage)');
    say(table([['stage', ...SERVICE_NAMES], ...stages.map((s) => [s.name, ...SERVICE_NAMES.map((k) => `${s.rollbacksPerApplication[k].toFixed(2)} (${s.deadlocks[k]})`)])]));
    say();
    say(`ceiling: ${Math.round(commits.commitsPerS)} commits/s (${connections} connections, p99 ${commits.latencyMs.p99.toFixed(1)} ms); broker round trip p50 ${roundTrip.single.latencyMs.p50.toFixed(1)} ms p99 ${roundTrip.single.latencyMs.p99.toFixed(1)} ms alone, ${Math.round(roundTrip.windowed.messagesPerS)} msgs/s with ${roundTrip.windowed.window} in flight`);
    say(`ratio: ${best ? Math.round(best.eventsAppendedPerS) : 0} events appended/s (stage ${best?.name}) / ${Math.round(commits.commitsPerS)} commits/s = ${ratio.toFixed(2)}`);
    say(correctness.failures.length === 0 ? `correctness: ${correctness.checked} applications OK` : `correctness FAILED:\n  ${correctness.failures.slice(0, 20).join('\n  ')}`);

    const result = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      options: { ...o, out: undefined, seedSize, embeddedPostgres: infra.embeddedPostgres, embeddedBroker: infra.embeddedBroker },
      ceiling: { commits, roundTrip },
      stages,
      hops,
      skipped,
      correctness,
      headline: {
        maxAppsPerS,
        p99MsAt100: at100?.latencyMs.p99,
        ceilingCommitsPerS: commits.commitsPerS,
        eventsPerCommitRatio: ratio,
        cpuMsPerApp,
        commitsPerApp: closed?.commitsPerApplication.total,
        p99MsAt50: at50?.latencyMs.p99,
      },
    };
    await mkdir(o.out, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const json = JSON.stringify(result, null, 2) + '\n';
    await writeFile(join(o.out, `${stamp}.json`), json);
    await writeFile(join(o.out, 'latest.json'), json);
    const points = stages.filter((s) => s.mode === 'open').map((s) => ({ label: s.name, offered: s.offeredPerS!, achieved: s.completedPerS, ...s.latencyMs }));
    if (points.length > 0) await writeFile(join(o.out, 'latency.svg'), latencyChartSvg(points, `death-3in1, auto policies, ${result.machine.cpus} cores, ${startedAt.toISOString().slice(0, 16)}Z`));
    say(`results: ${join(o.out, `${stamp}.json`)} (and latest.json${points.length > 0 ? ', latency.svg' : ''})`);
    say(summaryLine(result.headline));
    return correctness.failures.length === 0 ? 0 : 1;
  } finally {
    await driver?.stop();
    await system?.stop().catch(() => undefined);
    await identity.close().catch(() => undefined);
    await infra.stop();
  }
}

function report(s: StageResult): void {
  say(`  ${s.applications} apps in ${s.seconds.toFixed(1)} s: ${s.completedPerS.toFixed(1)} done/s, latency p50 ${Math.round(s.latencyMs.p50)} p95 ${Math.round(s.latencyMs.p95)} p99 ${Math.round(s.latencyMs.p99)} ms, ${s.eventsPerApplication.total.toFixed(1)} events/app, load ${s.loadAverage.after.join(' ')}`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`npm run bench: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
