import { deciderSpec } from '@lienthong/testing';
import { isCivilRegistryError } from '../../domain/errors';
import { type PersonData, type PersonEvent, personDecider } from './person.decider';

const now = '2026-11-23T03:00:00.000Z';
const { given } = deciderSpec(personDecider, { now });
const person: PersonData = { personalId: '001080000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', sex: 'male', placeOfBirth: 'Nam Định' };
const recorded: PersonEvent = { type: 'PersonRecorded', data: { ...person, recordedAt: now } };
const death = { deathExtractNumber: '123/2026/TLKT', dateOfDeath: '2026-11-20' };
const deceased: PersonEvent = { type: 'PersonDeceased', data: { personalId: person.personalId, ...death, markedAt: now } };

describe('person', () => {
  it('records a person from the registry import', () =>
    given().when({ type: 'RecordPerson', data: person }).then([recorded]));

  it('records a person already known dead, with their death', () =>
    given().when({ type: 'RecordPerson', data: { ...person, death } }).then([recorded, deceased]));

  it('rejects recording the same person twice', () =>
    given([recorded]).when({ type: 'RecordPerson', data: person }).thenThrows(isCivilRegistryError('PERSON_ALREADY_RECORDED')));

  it('marks a living person deceased', () =>
    given([recorded]).when({ type: 'MarkDeceased', data: death }).then([deceased]));

  it('keeps the death extract in the state', () =>
    given([recorded]).when({ type: 'MarkDeceased', data: death }).thenState({
      status: 'deceased', personalId: person.personalId, fullName: person.fullName, dateOfBirth: person.dateOfBirth, ...death,
    }));

  it('ignores the same death extract delivered twice', () =>
    given([recorded, deceased]).when({ type: 'MarkDeceased', data: death }).then([]));

  it('rejects a second death, naming the existing extract', () =>
    given([recorded, deceased])
      .when({ type: 'MarkDeceased', data: { deathExtractNumber: '124/2026/TLKT', dateOfDeath: '2026-11-21' } })
      .thenThrows((e) => isCivilRegistryError('PERSON_ALREADY_DECEASED')(e) && String(e).includes('123/2026/TLKT')));

  it('rejects marking an unknown person', () =>
    given().when({ type: 'MarkDeceased', data: death }).thenThrows(isCivilRegistryError('PERSON_NOT_FOUND')));

  it('rejects a death before birth', () =>
    given([recorded]).when({ type: 'MarkDeceased', data: { ...death, dateOfDeath: '1939-12-31' } }).thenThrows(isCivilRegistryError('DEATH_BEFORE_BIRTH')));
});
