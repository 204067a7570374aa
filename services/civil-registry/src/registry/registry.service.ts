import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { aggregateStream, type EventStore } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { type Actor, AuditTrail, EVENT_STORE, type JsonLogger, ProblemException, SERVICE_CONFIG, SERVICE_LOGGER, type ScopePolicy, accessTo, assertAccess, callerScope, toProblem } from '@lienthong/platform';
import { CivilRegistryConfig, DEFAULT_SEED_NUMBER, DEFAULT_SEED_SIZE } from '../config';
import { localDate } from '@lienthong/working-calendar';
import { CivilRegistryError } from '../domain/errors';
import { householdDecider } from './domain/household.decider';
import { deskPolicy } from '../tasks/task-access';
import { generateRegistrySeed } from '@lienthong/dev-seed';
import type { HouseholdHistoryEntry, HouseholdView, PersonView, RecordHouseholdHeadRequest, RegistryImportRequest, RegistryImportResult } from './registry.dto';
import { ImportAlreadyApplied, ImportRejected, importRegistry } from './registry-import';
import { householdStream } from './registry.lookup';

/**
 * Registry reads (issue 21, ADR 0604): an officer of either desk reads the persons and households
 * of their own unit (the household's commune; a person without one: the desk's commune, as for
 * cases); an administrator every unit's. Another unit's entry is 404, like one that does not
 * exist (household codes and personal ids are guessable); an officer without `unit` 403.
 */
export const REGISTRY_READ_POLICY: ScopePolicy = {
  everyUnit: ['administrator'],
  // The counter reads its unit's registry to fill in an application (issue 22: the citizen does not write what the state knows).
  ownUnit: ['civil-status-officer', 'residence-officer', 'counter-officer'],
};

const personNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'PERSON_NOT_FOUND', 'No such person in the civil-status registry.');
const householdNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'HOUSEHOLD_NOT_FOUND', 'No such household.');

@Injectable()
export class RegistryService implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: CivilRegistryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    private readonly audit: AuditTrail,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** An administrator's import, audited in its own transaction (nothing imported, nothing recorded). */
  async import(body: RegistryImportRequest, actor: Actor): Promise<RegistryImportResult> {
    const importId = body.importId ?? randomUUID();
    const strip = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
    try {
      await this.store.transaction(async (tx) => {
        await importRegistry(this.pipeline, tx, { importId, persons: body.persons.map(strip), households: body.households.map(strip) }, new Date().toISOString(), actor.principal.subject);
        await this.audit.recordBy(actor, { action: 'registry.import', target: importId, details: { persons: body.persons.length, households: body.households.length } }, tx);
      });
    } catch (e) {
      if (e instanceof ImportRejected) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_REJECTED', 'Nothing was imported: fix the rows named in errors.', e.errors);
      }
      if (e instanceof ImportAlreadyApplied) throw new ProblemException(HttpStatus.CONFLICT, 'IMPORT_ALREADY_APPLIED', e.message);
      throw e;
    }
    return { importId, persons: body.persons.length, households: body.households.length };
  }

  /** The commune a household belongs to, or undefined when there is none. */
  private async householdUnit(householdId: string): Promise<string | undefined> {
    const rows = await this.store.transaction((tx) => tx.query<{ commune_code: string }>('SELECT commune_code FROM registry_households WHERE household_id = $1', [householdId]));
    return rows[0]?.commune_code;
  }

  /** 403 without a unit; 404 for no such household or another unit's; the read is audited. */
  private async readableHousehold(householdId: string, actor: Actor, action: string): Promise<void> {
    assertAccess(callerScope(actor.principal, REGISTRY_READ_POLICY));
    const unit = await this.householdUnit(householdId);
    if (unit === undefined) throw householdNotFound();
    assertAccess(accessTo(actor.principal, REGISTRY_READ_POLICY, { unit }), householdNotFound);
    await this.audit.recordBy(actor, { action, target: householdId, details: { unit } });
  }

  async household(householdId: string, actor: Actor): Promise<HouseholdView> {
    await this.readableHousehold(householdId, actor, 'registry.household-read');
    return this.viewOf(householdId);
  }

  private async viewOf(householdId: string): Promise<HouseholdView> {
    const history = await this.historyOf(householdId);
    const { state, version } = await aggregateStream(this.store, householdStream(householdId), householdDecider);
    if (state.status === 'none') throw householdNotFound();
    const row = history[0]!.data as { address: string; communeCode: string };
    return state.status === 'active'
      ? { householdId, address: state.address, communeCode: state.communeCode, status: 'active', ...(state.headPersonalId === null ? {} : { headPersonalId: state.headPersonalId }), memberPersonalIds: state.members.map((m) => m.personalId), version, history }
      : { householdId, address: row.address, communeCode: row.communeCode, status: 'closed', memberPersonalIds: [], version, history };
  }

  /**
   * The residence desk settles a household's head (ADR 0101): a residence officer of the
   * household's commune, or an administrator (the desk's policy over the platform's one scoping
   * rule, ADR 0604). As for the registry reads: no `unit` → 403 before anything is looked up;
   * another commune's household → 404 like none (HH-… codes are guessable). Audited.
   */
  async recordHead(householdId: string, body: RecordHouseholdHeadRequest, actor: Actor): Promise<HouseholdView> {
    const policy = deskPolicy('residence-deregistration');
    assertAccess(callerScope(actor.principal, policy));
    const unit = await this.householdUnit(householdId);
    if (unit === undefined) throw householdNotFound();
    assertAccess(accessTo(actor.principal, policy, { unit }), householdNotFound);
    const now = new Date().toISOString();
    const command = { type: 'RecordHouseholdHead' as const, data: { personalId: body.personalId, basis: body.basis, officerId: actor.principal.subject } };
    try {
      await this.pipeline.run({
        streamId: householdStream(householdId),
        decider: householdDecider,
        command,
        ctx: { now, today: localDate(now) },
        metadata: { correlationId: `household-${householdId}`, causationId: randomUUID(), actor: actor.principal.subject },
        also: (tx) => this.audit.recordBy(actor, { action: 'household.record-head', target: householdId, details: { basis: body.basis } }, tx),
      });
    } catch (error) {
      if (error instanceof CivilRegistryError && (error.code === 'NOT_A_MEMBER' || error.code === 'NEW_HEAD_NOT_ELIGIBLE')) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, error.code, error.message, [{ field: 'personalId', message: error.message }]);
      }
      throw toProblem(error);
    }
    return this.viewOf(householdId);
  }

  /** 403 without a unit; 404 for no such person or another unit's; the read is audited (who saw whom, when). */
  async person(personalId: string, actor: Actor): Promise<PersonView> {
    assertAccess(callerScope(actor.principal, REGISTRY_READ_POLICY));
    const rows = await this.store.transaction((tx) =>
      tx.query<Record<string, string | null>>(
        `SELECT p.personal_id, p.full_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.sex, p.place_of_birth, p.status,
                p.death_extract_number, to_char(p.date_of_death, 'YYYY-MM-DD') AS date_of_death, p.household_id, h.commune_code
         FROM registry_persons p LEFT JOIN registry_households h ON h.household_id = p.household_id WHERE p.personal_id = $1`,
        [personalId],
      ),
    );
    const r = rows[0];
    if (!r) throw personNotFound();
    const unit = r.commune_code ?? this.config.CIVIL_REGISTRY_COMMUNE_CODE;
    assertAccess(accessTo(actor.principal, REGISTRY_READ_POLICY, { unit }), personNotFound);
    await this.audit.recordBy(actor, { action: 'registry.person-read', target: personalId, details: { unit } });
    return {
      personalId: r.personal_id!,
      fullName: r.full_name!,
      dateOfBirth: r.date_of_birth!,
      sex: r.sex!,
      placeOfBirth: r.place_of_birth!,
      status: r.status!,
      ...(r.death_extract_number ? { deathExtractNumber: r.death_extract_number } : {}),
      ...(r.date_of_death ? { dateOfDeath: r.date_of_death } : {}),
      ...(r.household_id ? { householdId: r.household_id } : {}),
    };
  }

  async history(householdId: string, actor: Actor): Promise<HouseholdHistoryEntry[]> {
    await this.readableHousehold(householdId, actor, 'registry.household-history-read');
    return this.historyOf(householdId);
  }

  private async historyOf(householdId: string): Promise<HouseholdHistoryEntry[]> {
    const events = await this.store.readStream(householdStream(householdId));
    if (events.length === 0) throw householdNotFound();
    return events.map((e) => ({
      version: e.streamVersion,
      type: e.type,
      data: e.data as Record<string, unknown>,
      recordedAt: new Date(e.recordedAt).toISOString(),
      ...(typeof e.metadata.actor === 'string' ? { actor: e.metadata.actor } : {}),
      ...(typeof e.metadata.correlationId === 'string' && !e.metadata.correlationId.startsWith('import-') ? { applicationId: e.metadata.correlationId } : {}),
    }));
  }

  /** CIVIL_REGISTRY_SEED=dev: the development registry, once per database (the import id is the guard). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.CIVIL_REGISTRY_SEED !== 'dev') return;
    const seedNumber = this.config.CIVIL_REGISTRY_SEED_NUMBER ?? DEFAULT_SEED_NUMBER;
    const size = this.config.CIVIL_REGISTRY_SEED_SIZE ?? DEFAULT_SEED_SIZE;
    const importId = `seed-dev-${seedNumber}-${size}`;
    const seed = generateRegistrySeed(seedNumber, size);
    const started = Date.now();
    try {
      await this.store.transaction((tx) => importRegistry(this.pipeline, tx, { importId, persons: seed.persons, households: seed.households }, new Date().toISOString(), 'seed'));
      this.logger.emit('log', `development registry seeded: ${seed.persons.length} persons, ${seed.households.length} households in ${Date.now() - started} ms`, 'seed', { importId });
    } catch (e) {
      if (!(e instanceof ImportAlreadyApplied)) throw e;
      this.logger.emit('log', `development registry already seeded (${importId})`, 'seed');
    }
  }
}
