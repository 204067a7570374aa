import { aggregateStream, type SqlExecutor, type EventStoreTransaction } from '@lienthong/event-store';
import type { RegistryPerson } from '../death-registration/domain/death-registration.checks';
import { householdDecider } from './domain/household.decider';
import type { HouseholdSnapshot } from './domain/household-succession';
import { personDecider } from './domain/person.decider';

export const personStream = (personalId: string): string => `person-${personalId}`;
export const householdStream = (householdId: string): string => `household-${householdId}`;

/** The civil-status registry's view of a person, folded from their stream (consistent inside tx). */
export async function loadRegistryPerson(tx: EventStoreTransaction, personalId: string): Promise<RegistryPerson | null> {
  const { state } = await aggregateStream(tx, personStream(personalId), personDecider);
  switch (state.status) {
    case 'none':
      return null;
    case 'alive':
      return { personalId: state.personalId, fullName: state.fullName, dateOfBirth: state.dateOfBirth, status: 'alive' };
    case 'deceased':
      return {
        personalId: state.personalId,
        fullName: state.fullName,
        dateOfBirth: state.dateOfBirth,
        status: 'deceased',
        deathExtractNumber: state.deathExtractNumber,
        dateOfDeath: state.dateOfDeath,
      };
  }
}

export async function householdIdOf(exec: SqlExecutor, personalId: string): Promise<string | null> {
  const rows = await exec.query<{ household_id: string | null }>('SELECT household_id FROM registry_persons WHERE personal_id = $1', [personalId]);
  return rows[0]?.household_id ?? null;
}

/** The household where the person has permanent residence, folded from its stream; null if none. */
export async function findResidence(tx: EventStoreTransaction, personalId: string): Promise<HouseholdSnapshot | null> {
  const householdId = await householdIdOf(tx, personalId);
  if (householdId === null) return null;
  const { state } = await aggregateStream(tx, householdStream(householdId), householdDecider);
  if (state.status !== 'active' || !state.members.some((m) => m.personalId === personalId)) return null;
  const { status: _s, removed: _r, ...snapshot } = state;
  return snapshot;
}
