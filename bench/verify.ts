/**
 * Correctness while measuring: every application reached its expected end state exactly once
 * and each agency's effect happened once (one death extract, one residence outcome, at most one
 * change of household head, one grant and one payment order for a beneficiary, one refusal of
 * the allowance otherwise), read from each service's own domain events by correlation id (the
 * contract messages are not stored as events since ADR 0906: they are staged in the outbox).
 */
import type { ServiceName } from '../e2e/harness';
import type { Driver, Outcome } from './load';

export interface Correctness {
  checked: number;
  failures: string[];
}

/** Events an application must leave, per service and expected outcome: [types summed, min, max]. */
type Rule = [ServiceName, string[], number, number];
const RULES: Record<Outcome, Rule[]> = {
  completed: [
    ['routing', ['ApplicationCompleted'], 1, 1],
    ['routing', ['ApplicationPartlyCompleted', 'ApplicationRefused'], 0, 0],
    ['civil-registry', ['DeathExtractIssued'], 1, 1],
    ['civil-registry', ['PersonDeceased'], 1, 1],
    ['civil-registry', ['ResidenceDeregistrationCaseCompleted', 'ResidenceDeregistrationCaseNotApplicable'], 1, 1],
    ['civil-registry', ['HouseholdHeadChanged'], 0, 1],
    ['social-protection', ['FuneralAllowanceClaimGranted'], 1, 1],
    ['social-protection', ['PaymentOrdered'], 1, 1],
    ['social-protection', ['FuneralAllowanceClaimRefused'], 0, 0],
  ],
  'partly-completed': [
    ['routing', ['ApplicationPartlyCompleted'], 1, 1],
    ['routing', ['ApplicationCompleted', 'ApplicationRefused'], 0, 0],
    ['civil-registry', ['DeathExtractIssued'], 1, 1],
    ['civil-registry', ['PersonDeceased'], 1, 1],
    ['civil-registry', ['ResidenceDeregistrationCaseCompleted', 'ResidenceDeregistrationCaseNotApplicable'], 1, 1],
    ['civil-registry', ['HouseholdHeadChanged'], 0, 1],
    ['social-protection', ['FuneralAllowanceClaimRefused'], 1, 1],
    ['social-protection', ['FuneralAllowanceClaimGranted', 'PaymentOrdered'], 0, 0],
  ],
};

export async function verify(driver: Driver): Promise<Correctness> {
  const failures: string[] = [];
  const apps = [...driver.submitted.values()];
  const ids = apps.map((a) => a.applicationId);
  const fail = (m: string) => failures.push(m);

  // intake: one ResultsReady per application, with the expected outcome.
  const { rows: ready } = await driver.db('intake').query<{ stream_id: string; outcome: string; n: string }>(
    "SELECT stream_id, min(data->>'outcome') AS outcome, count(*) AS n FROM events WHERE type = 'ResultsReady' AND stream_id = ANY($1) GROUP BY stream_id",
    [ids.map((id) => `application-${id}`)],
  );
  const readyOf = new Map(ready.map((r) => [r.stream_id.slice('application-'.length), r]));
  for (const a of apps) {
    const r = readyOf.get(a.applicationId);
    if (!r) fail(`${a.applicationId}: no results ready in intake`);
    else if (Number(r.n) !== 1) fail(`${a.applicationId}: results ready ${r.n} times`);
    else if (r.outcome !== a.applicant.expected) fail(`${a.applicationId} (${a.applicant.person.personalId.slice(0, 3)}…): ${r.outcome}, expected ${a.applicant.expected}`);
  }

  // The agencies' and routing's effects, counted per application (correlation id).
  const counts = new Map<string, number>();
  for (const service of ['routing', 'civil-registry', 'social-protection'] as const) {
    const types = [...new Set(Object.values(RULES).flatMap((rules) => rules.filter((r) => r[0] === service).flatMap((r) => r[1])))];
    const { rows } = await driver.db(service).query<{ app: string; type: string; n: string }>(
      "SELECT metadata->>'correlationId' AS app, type, count(*) AS n FROM events WHERE type = ANY($1) AND metadata->>'correlationId' = ANY($2) GROUP BY 1, 2",
      [types, ids],
    );
    for (const r of rows) counts.set(`${service}|${r.app}|${r.type}`, Number(r.n));
  }
  for (const a of apps) {
    for (const [service, types, min, max] of RULES[a.applicant.expected]) {
      const n = types.reduce((sum, t) => sum + (counts.get(`${service}|${a.applicationId}|${t}`) ?? 0), 0);
      if (n < min || n > max) fail(`${a.applicationId}: ${service} ${types.join('+')} = ${n}, expected ${min === max ? min : `${min}..${max}`}`);
    }
  }

  // Extract numbers run per commune and year (ADR 0102): never one number twice in a commune.
  // The commune is the one civil-registry recorded on receipt (`unit`), else the seed's.
  const { rows: extracts } = await driver.db('civil-registry').query<{ app: string; num: string; unit: string | null }>(
    `SELECT e.metadata->>'correlationId' AS app, e.data->>'deathExtractNumber' AS num,
            (SELECT r.data->>'unit' FROM events r WHERE r.type = 'DeathRegistrationRequestReceived'
               AND r.metadata->>'correlationId' = e.metadata->>'correlationId' LIMIT 1) AS unit
     FROM events e WHERE e.type = 'DeathExtractIssued' AND e.metadata->>'correlationId' = ANY($1)`,
    [ids],
  );
  const seen = new Map<string, string>();
  for (const r of extracts) {
    const key = `${r.unit ?? driver.submitted.get(r.app)?.applicant.commune ?? 'none'}|${r.num}`;
    const other = seen.get(key);
    if (other && other !== r.app) fail(`death extract ${key} issued to both ${other} and ${r.app}`);
    seen.set(key, r.app);
  }

  // Nothing dead-lettered or parked anywhere.
  for (const service of ['intake', 'routing', 'civil-registry', 'social-protection'] as const) {
    const { rows } = await driver.db(service).query<{ n: string }>('SELECT count(*) AS n FROM messaging_dead_letters');
    if (Number(rows[0]!.n) > 0) fail(`${service}: ${rows[0]!.n} dead-lettered or parked messages`);
  }
  return { checked: apps.length, failures };
}
