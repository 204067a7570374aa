import { type EventStoreTransaction, type Projection, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { HouseholdEvent } from './domain/household.decider';
import type { PersonEvent } from './domain/person.decider';

type Data<T extends { type: string; data: unknown }, K extends T['type']> = Extract<T, { type: K }>['data'];

/** Persons and households as tables, for lookups and listings; the streams stay the truth. */
export const registryProjection: Projection = {
  name: 'civil-registry-registry',
  types: ['PersonRecorded', 'PersonDeceased', 'HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadChanged', 'HouseholdHeadVacated', 'HouseholdClosed'],
  async apply(event: RecordedEvent, tx: EventStoreTransaction): Promise<void> {
    switch (event.type) {
      case 'PersonRecorded': {
        const d = event.data as Data<PersonEvent, 'PersonRecorded'>;
        await queueWrite(
          tx,
          `INSERT INTO registry_persons (personal_id, full_name, date_of_birth, sex, place_of_birth, status, version)
           VALUES ($1, $2, $3, $4, $5, 'alive', $6)`,
          [d.personalId, d.fullName, d.dateOfBirth, d.sex, d.placeOfBirth, event.streamVersion],
        );
        return;
      }
      case 'PersonDeceased': {
        const d = event.data as Data<PersonEvent, 'PersonDeceased'>;
        await queueWrite(
          tx,
          `UPDATE registry_persons SET status = 'deceased', death_extract_number = $2, date_of_death = $3, version = $4 WHERE personal_id = $1`,
          [d.personalId, d.deathExtractNumber, d.dateOfDeath, event.streamVersion],
        );
        return;
      }
      case 'HouseholdRegistered': {
        const d = event.data as Data<HouseholdEvent, 'HouseholdRegistered'>;
        await queueWrite(
          tx,
          `INSERT INTO registry_households (household_id, address, commune_code, head_personal_id, status, version)
           VALUES ($1, $2, $3, $4, 'active', $5)`,
          [d.householdId, d.address, d.communeCode, d.headPersonalId, event.streamVersion],
        );
        await queueWrite(tx, 'UPDATE registry_persons SET household_id = $1 WHERE personal_id = ANY($2)', [
          d.householdId,
          d.members.map((m) => m.personalId),
        ]);
        return;
      }
      case 'HouseholdMemberRemoved': {
        const d = event.data as Data<HouseholdEvent, 'HouseholdMemberRemoved'>;
        await queueWrite(tx, 'UPDATE registry_persons SET household_id = NULL WHERE personal_id = $1 AND household_id = $2', [d.personalId, d.householdId]);
        await queueWrite(tx, 'UPDATE registry_households SET version = $2 WHERE household_id = $1', [d.householdId, event.streamVersion]);
        return;
      }
      case 'HouseholdHeadChanged': {
        const d = event.data as Data<HouseholdEvent, 'HouseholdHeadChanged'>;
        await queueWrite(tx, 'UPDATE registry_households SET head_personal_id = $2, version = $3 WHERE household_id = $1', [
          d.householdId,
          d.newHeadPersonalId,
          event.streamVersion,
        ]);
        return;
      }
      case 'HouseholdHeadVacated': {
        const d = event.data as Data<HouseholdEvent, 'HouseholdHeadVacated'>;
        await queueWrite(tx, 'UPDATE registry_households SET head_personal_id = NULL, version = $2 WHERE household_id = $1', [d.householdId, event.streamVersion]);
        return;
      }
      case 'HouseholdClosed': {
        const d = event.data as Data<HouseholdEvent, 'HouseholdClosed'>;
        await queueWrite(tx, `UPDATE registry_households SET status = 'closed', head_personal_id = NULL, version = $2 WHERE household_id = $1`, [
          d.householdId,
          event.streamVersion,
        ]);
        // Nobody is left since issue 20 (ADR 0101); closures of the old rule cleared the minors they left.
        await queueWrite(tx, 'UPDATE registry_persons SET household_id = NULL WHERE household_id = $1', [d.householdId]);
        return;
      }
      default:
        return;
    }
  },
  /** Empties the read model before a rebuild from the log. */
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM registry_households');
    await exec.query('DELETE FROM registry_persons');
  },
};
