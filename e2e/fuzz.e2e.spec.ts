/**
 * Issue 19 item 5, the CI's share: every HTTP endpoint of the four services fuzzed from its
 * OpenAPI document (FUZZ_REQUESTS, default 600 random requests; `npm run fuzz` sends 10,000),
 * refusals that change nothing, and every consumed topic fed hostile messages.
 */
import { System } from './harness';
import { describeFinding, feedTopics, randomRequests, refusalsChangeNothing, targetsOf } from './fuzz/campaign';
import { type FuzzTarget } from './fuzz/http-fuzzer';

const SEED = Number(process.env.FUZZ_SEED || 19_005);
const REQUESTS = Number(process.env.FUZZ_REQUESTS || 600);

describe('fuzzing at every edge (issue 19)', () => {
  let system: System;
  let targets: FuzzTarget[];
  beforeAll(async () => {
    system = await System.start();
    targets = await targetsOf(system);
  });
  afterAll(() => system?.stop());

  it('refuses NUL, lone surrogates, 10,000-deep bodies, %00 path ids and pages past bigint with 400 problem+json naming the field, and such a refusal changes no store and no topic', async () => {
    const { sent, findings } = await refusalsChangeNothing(system, targets, 200, SEED);
    expect(sent).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  }, 240_000);

  it(`answers ${REQUESTS} random requests built from the OpenAPI documents without a 5xx`, async () => {
    const result = await randomRequests(system, targets, REQUESTS, SEED + 1);
    expect(result.sent).toBe(REQUESTS);
    expect(result.operations).toBeGreaterThan(30);
    expect(result.findings.map(describeFinding)).toEqual([]);
  }, 300_000);

  it('dead-letters every hostile message on every consumed topic with a reason, and every service stays ready', async () => {
    const { fed, deadLettered, findings } = await feedTopics(system, SEED + 2);
    expect(findings).toEqual([]);
    expect(deadLettered).toBeGreaterThanOrEqual(fed);
  }, 240_000);
});
