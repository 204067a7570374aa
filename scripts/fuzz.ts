/**
 * `npm run fuzz` (issue 19 item 5): the four services as processes (the e2e harness on the
 * benchmark's embedded PostgreSQL and dev broker), then
 *   1. requests that must be refused, against every operation: 4xx problem+json naming the
 *      field, and no store or topic changed;
 *   2. random requests built from each service's OpenAPI document: no 5xx;
 *   3. every consumed topic fed hostile messages: each dead-lettered with a reason.
 * Options: --requests N (FUZZ_REQUESTS, default 10000), --seed N (FUZZ_SEED, default 19005).
 * Prints `fuzz: requests=N 5xx=N findings=N …`; exit 1 on any finding.
 */
import { parseArgs } from 'node:util';
import { startIdentity } from '../bench/identity';
import { startInfra } from '../bench/infra';
import { System } from '../e2e/harness';
import { createTopics } from './contract-topics';
import { describeFinding, feedTopics, randomRequests, refusalsChangeNothing, targetsOf } from '../e2e/fuzz/campaign';

const say = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, seed: { type: 'string' }, 'skip-topics': { type: 'boolean' } } });
  const count = Number(values.requests ?? (process.env.FUZZ_REQUESTS || 10_000));
  const seed = Number(values.seed ?? (process.env.FUZZ_SEED || 19_005));
  const infra = await startInfra();
  const identity = await startIdentity();
  let system: System | undefined;
  try {
    await createTopics(infra.brokers);
    system = await System.start();
    const targets = await targetsOf(system);
    const findings: string[] = [];

    const refusals = await refusalsChangeNothing(system, targets, 500, seed);
    say(`fuzz: ${refusals.sent} must-refuse requests, ${refusals.findings.length} findings`);
    for (const f of refusals.findings) say(`  finding: ${f}`);
    findings.push(...refusals.findings);

    let fives = 0;
    const t = Date.now();
    const random = await randomRequests(system, targets, count, seed + 1, (f) => {
      if (f.status >= 500) fives++;
      say(`  finding: ${describeFinding(f)}`);
    });
    say(`fuzz: ${random.sent} random requests over ${random.operations} operations in ${((Date.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(random.byStatus)}`);
    findings.push(...random.findings.map(describeFinding));

    let topics = { fed: 0, deadLettered: 0, findings: [] as string[] };
    if (!values['skip-topics']) {
      topics = await feedTopics(system, seed + 2);
      say(`fuzz: ${topics.fed} hostile messages fed to the consumed topics, ${topics.deadLettered} dead letters`);
      for (const f of topics.findings) say(`  finding: ${f}`);
      findings.push(...topics.findings);
    }
    say(`fuzz: requests=${refusals.sent + random.sent} 5xx=${fives + refusals.findings.filter((f) => / → 5\d\d /.test(f)).length} messages=${topics.fed} findings=${findings.length}`);
    return findings.length === 0 ? 0 : 1;
  } finally {
    await system?.stop().catch((e: Error) => say(`stop: ${e.message}`));
    await identity.close().catch(() => undefined);
    await infra.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`npm run fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
