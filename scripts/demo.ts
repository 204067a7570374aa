/**
 * `npm run demo`: against a running system (`npm start`), submits a 3-in-1 application for a
 * seeded beneficiary whose death is not yet registered, prints the dossier code and the due
 * date, then the timeline as it moves, until the results are ready.
 *
 * Addresses: INTAKE_URL, CIVIL_REGISTRY_URL (or INTAKE_PORT, CIVIL_REGISTRY_PORT as for
 * `npm start`); DEMO_TIMEOUT_MS (default 120000). Exit 0 when the results are ready, else 1
 * with one line saying why. Calls carry a bearer token: LIENTHONG_TOKEN if set, else one signed
 * with the development identity `npm start` serves (under LIENTHONG_DATA_DIR, default .data).
 */
import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { WELL_KNOWN_PERSONAL_IDS, generateRegistrySeed } from '@lienthong/dev-seed';
import { DEV_IDENTITY_SUBDIR, LOCAL_DEFAULTS, ensureDevIdentity, localService, signDevToken } from '@lienthong/platform';

class DemoError extends Error {}

const say = (line: string) => process.stdout.write(line + '\n');
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const serviceUrl = (name: 'intake' | 'civil-registry', urlVariable: string): string => {
  const s = localService(name);
  return (process.env[urlVariable] || `http://${LOCAL_DEFAULTS.host}:${process.env[s.portVariable] || s.defaultPort}`).replace(/\/$/, '');
};
const INTAKE = serviceUrl('intake', 'INTAKE_URL');
const CIVIL_REGISTRY = serviceUrl('civil-registry', 'CIVIL_REGISTRY_URL');
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS || 120_000);
const FINAL = new Set(['completed', 'partly-completed', 'refused', 'withdrawn', 'results-returned']);

/**
 * A counter officer who may also read the registry (the demo picks a living beneficiary there):
 * registry reads are scoped to the officer's unit (ADR 0604), and the seed's beneficiaries live in
 * several communes, so the demo reads as an administrator too.
 */
const token = (): string =>
  process.env.LIENTHONG_TOKEN ||
  signDevToken(ensureDevIdentity(join(resolve(__dirname, '..', process.env.LIENTHONG_DATA_DIR || LOCAL_DEFAULTS.dataDir), DEV_IDENTITY_SUBDIR)), {
    roles: ['counter-officer', 'civil-status-officer', 'administrator'],
    unit: '00031',
    sub: 'demo-counter-officer',
    ttlSeconds: 600,
  });

async function call<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { authorization: `Bearer ${token()}`, ...(init?.headers as Record<string, string> | undefined) } });
  } catch {
    throw new DemoError(`nothing answers at ${new URL(url).origin}: start the system with npm start (in another terminal), then run npm run demo again.`);
  }
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Person {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  status: 'alive' | 'deceased';
}

/** The well-known beneficiaries first, then the seed's other beneficiaries: the first one still alive. */
async function pickBeneficiary(): Promise<Person> {
  const seed = generateRegistrySeed(Number(process.env.CIVIL_REGISTRY_SEED_NUMBER || 20261122), Number(process.env.CIVIL_REGISTRY_SEED_SIZE || 5000));
  const candidates = [
    WELL_KNOWN_PERSONAL_IDS.householdHead,
    WELL_KNOWN_PERSONAL_IDS.livesAlone,
    WELL_KNOWN_PERSONAL_IDS.noPermanentResidence,
    ...seed.beneficiaryPersonalIds,
  ];
  for (const id of [...new Set(candidates)]) {
    const { status, body } = await call<Person>(`${CIVIL_REGISTRY}/api/v1/persons/${id}`);
    if (status === 404) continue;
    if (status !== 200) throw new DemoError(`civil-registry answered ${status} for person ${id}; is it healthy? (GET ${CIVIL_REGISTRY}/health/ready)`);
    if (body.status === 'alive') return body;
  }
  throw new DemoError('no seeded beneficiary is left alive (or the registries are not seeded): restart with npm start -- --fresh.');
}

const localTime = (iso: string) =>
  new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });

interface Status {
  status: string;
  dueAt: string;
  procedures: { procedure: string; status: string; result?: Record<string, unknown>; reasons?: { code: string; message: string }[] }[];
  timeline: { at: string; event: string; procedure?: string; detail?: string }[];
}

async function main(): Promise<void> {
  const ready = await call<unknown>(`${INTAKE}/health/ready`);
  if (ready.status !== 200) throw new DemoError(`intake at ${INTAKE} is not ready (${ready.status}); wait for npm start to print that Liên thông is running.`);

  const deceased = await pickBeneficiary();
  const died = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const notice = `Giấy báo tử của ${deceased.fullName}`;
  const body = {
    bundle: 'death-3in1',
    receivingUnit: '000.00.31.H12',
    channel: 'counter',
    returnMethod: 'counter',
    deceased: { personalId: deceased.personalId, fullName: deceased.fullName, dateOfBirth: deceased.dateOfBirth, dateOfDeath: died, placeOfDeath: 'Tại nhà' },
    requester: { personalId: '079090000123', fullName: 'Nguyễn Thị Demo', relationship: 'child', phone: '0912345678', email: 'nguoi-khai@example.vn', address: 'Số 1 Phố Huế, Hà Nội' },
    deathNotice: { number: `BT-DEMO-${Date.now() % 100_000}`, issuer: 'Trạm y tế phường', date: died },
    funeral: { paymentMethod: 'counter' },
    // The family of HH-DEMO-0001 agreed on the widow as head; the requester states it (ADR 0101).
    ...(deceased.personalId === WELL_KNOWN_PERSONAL_IDS.householdHead ? { residence: { newHeadPersonalId: WELL_KNOWN_PERSONAL_IDS.householdMember } } : {}),
    attachments: [{ name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: Buffer.byteLength(notice), sha256: createHash('sha256').update(notice).digest('hex') }],
  };
  const submitted = await call<{ dossierCode: string; dueAt: string; applicationId: string; title?: string; detail?: string }>(`${INTAKE}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  if (submitted.status !== 201) throw new DemoError(`intake refused the application (${submitted.status}): ${submitted.body.detail ?? JSON.stringify(submitted.body)}`);
  const { dossierCode, dueAt } = submitted.body;
  say(`Submitted a 3-in-1 application (death registration, residence deregistration, funeral allowance)`);
  say(`  deceased      ${deceased.fullName} (${deceased.personalId})`);
  say(`  dossier code  ${dossierCode}`);
  say(`  due           ${localTime(dueAt)} (receipt: ${INTAKE}/api/v1/applications/${dossierCode}/receipt?format=html)`);
  say('Timeline:');

  const deadline = Date.now() + TIMEOUT_MS;
  let shown = 0;
  for (;;) {
    const { status, body: st } = await call<Status>(`${INTAKE}/api/v1/applications/${encodeURIComponent(dossierCode)}`);
    if (status !== 200) throw new DemoError(`intake answered ${status} for ${dossierCode}.`);
    for (const e of st.timeline.slice(shown)) {
      say(`  ${localTime(e.at)}  ${e.event}${e.procedure ? `  ${e.procedure}` : ''}${e.detail ? `  (${e.detail})` : ''}`);
    }
    shown = st.timeline.length;
    if (FINAL.has(st.status)) {
      say(`Results ready: ${st.status}`);
      for (const p of st.procedures) {
        const result = p.result ? Object.entries(p.result).map(([k, v]) => `${k} ${typeof v === 'object' ? Object.values(v as object).join(' ') : String(v)}`).join(', ') : '';
        const reasons = p.reasons?.map((r) => r.message).join('; ');
        say(`  ${p.procedure.padEnd(26)} ${p.status}${result ? `  ${result}` : ''}${reasons ? `  ${reasons}` : ''}`);
      }
      say(`Status: ${INTAKE}/api/v1/applications/${dossierCode}`);
      say(`Mails to the requester (receipt, results): the mail inbox npm start printed (default http://127.0.0.1:1080/).`);
      return;
    }
    if (Date.now() > deadline) {
      throw new DemoError(
        `no results after ${TIMEOUT_MS / 1000}s (status ${st.status}); with manual policies an officer must decide the tasks (GET ${CIVIL_REGISTRY}/api/v1/tasks?desk=death-registration).`,
      );
    }
    await sleep(500);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`npm run demo: ${e instanceof DemoError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
