import { assertNever } from '@lienthong/agency-desk';
import { CivilRegistryError } from '../../domain/errors';

/** A person in the civil-status registry; their stream is keyed by personal id. */
export type Sex = 'male' | 'female';

export interface PersonData {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  sex: Sex;
  placeOfBirth: string;
}

export interface DeathData {
  deathExtractNumber: string;
  dateOfDeath: string;
}

export type PersonCommand =
  /** Import from the existing registry; a person already known dead comes with their death. */
  | { type: 'RecordPerson'; data: PersonData & { death?: DeathData } }
  | { type: 'MarkDeceased'; data: DeathData };

export type PersonEvent =
  | { type: 'PersonRecorded'; data: PersonData & { recordedAt: string } }
  | { type: 'PersonDeceased'; data: DeathData & { personalId: string; markedAt: string } };

export type PersonState =
  | { status: 'none' }
  | { status: 'alive'; personalId: string; fullName: string; dateOfBirth: string }
  | ({ status: 'deceased'; personalId: string; fullName: string; dateOfBirth: string } & DeathData);

export interface PersonCtx {
  now: string;
}

export const initialState = (): PersonState => ({ status: 'none' });

export function evolve(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRecorded': {
      const { personalId, fullName, dateOfBirth } = event.data;
      return { status: 'alive', personalId, fullName, dateOfBirth };
    }
    case 'PersonDeceased':
      if (state.status === 'none') return state;
      return {
        status: 'deceased',
        personalId: state.personalId,
        fullName: state.fullName,
        dateOfBirth: state.dateOfBirth,
        deathExtractNumber: event.data.deathExtractNumber,
        dateOfDeath: event.data.dateOfDeath,
      };
    default:
      return assertNever(event);
  }
}

function markDeceased(death: DeathData, state: PersonState, ctx: PersonCtx): PersonEvent[] {
  switch (state.status) {
    case 'none':
      throw new CivilRegistryError('PERSON_NOT_FOUND', 'no such person in the civil-status registry');
    case 'deceased':
      // The same extract delivered twice is the same fact; another extract is a second registration.
      if (state.deathExtractNumber === death.deathExtractNumber) return [];
      throw new CivilRegistryError(
        'PERSON_ALREADY_DECEASED',
        `${state.personalId} is already registered dead by death extract ${state.deathExtractNumber}`,
      );
    case 'alive':
      if (death.dateOfDeath < state.dateOfBirth) {
        throw new CivilRegistryError('DEATH_BEFORE_BIRTH', `date of death ${death.dateOfDeath} is before birth ${state.dateOfBirth}`);
      }
      return [{ type: 'PersonDeceased', data: { personalId: state.personalId, ...death, markedAt: ctx.now } }];
    default:
      return assertNever(state);
  }
}

export function decide(cmd: PersonCommand, state: PersonState, ctx: PersonCtx): PersonEvent[] {
  switch (cmd.type) {
    case 'RecordPerson': {
      if (state.status !== 'none') throw new CivilRegistryError('PERSON_ALREADY_RECORDED', `${state.personalId} is already recorded`);
      const { death, ...person } = cmd.data;
      const recorded: PersonEvent = { type: 'PersonRecorded', data: { ...person, recordedAt: ctx.now } };
      return death ? [recorded, ...markDeceased(death, evolve(state, recorded), ctx)] : [recorded];
    }
    case 'MarkDeceased':
      return markDeceased(cmd.data, state, ctx);
    default:
      return assertNever(cmd);
  }
}

export const personDecider = { initialState, evolve, decide };
