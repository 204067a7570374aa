import { deciderSpec } from '@lienthong/testing';
import { isCivilRegistryError } from './common';
import { type HouseholdEvent, householdDecider } from './household.decider';
import type { HouseholdSnapshot, Member } from './household-succession';

const now = '2026-11-23T03:00:00.000Z';
const { given } = deciderSpec(householdDecider, { now, today: '2026-11-23' });

const an: Member = { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01' };
const binh: Member = { personalId: '001045000002', fullName: 'Trần Thị Bình', dateOfBirth: '1945-03-03' };
const cuong: Member = { personalId: '001070000003', fullName: 'Nguyễn Văn Cường', dateOfBirth: '1970-01-01' };
const dung: Member = { personalId: '001010000004', fullName: 'Nguyễn Văn Dũng', dateOfBirth: '2010-06-01' };
const household = (members: Member[], head = an): HouseholdSnapshot => ({
  householdId: 'h1', address: '12 Hàng Bạc', communeCode: '00070', headPersonalId: head.personalId, members,
});
const registered = (members: Member[], head = an): HouseholdEvent => ({ type: 'HouseholdRegistered', data: { ...household(members, head), registeredAt: now } });
const extract = '123/2026/TLKT';
const deregister = (who: Member, newHeadPersonalId?: string) => ({
  type: 'DeregisterResidence' as const,
  data: { personalId: who.personalId, deathExtractNumber: extract, ...(newHeadPersonalId ? { newHeadPersonalId } : {}) },
});
const removed = (who: Member): HouseholdEvent => ({
  type: 'HouseholdMemberRemoved', data: { householdId: 'h1', personalId: who.personalId, reason: 'deceased', deathExtractNumber: extract, removedAt: now },
});
const headChanged = (to: Member, reason: 'named-by-requester' | 'oldest-adult-member'): HouseholdEvent => ({
  type: 'HouseholdHeadChanged', data: { householdId: 'h1', previousHeadPersonalId: an.personalId, newHeadPersonalId: to.personalId, reason, changedAt: now },
});
const family = registered([an, binh, cuong, dung]);

describe('household', () => {
  it('registers a household from the residence database', () =>
    given().when({ type: 'RegisterHousehold', data: household([an, binh]) }).then([registered([an, binh])]));

  it('rejects a head who is not a member', () =>
    given().when({ type: 'RegisterHousehold', data: household([binh]) }).thenThrows(isCivilRegistryError('HEAD_NOT_A_MEMBER')));

  it('removes a deceased member who was not the head, leaving the head alone', () =>
    given([family]).when(deregister(cuong, binh.personalId)).then([removed(cuong)]));

  it('records the new head named by the requester when the head dies', () =>
    given([family]).when(deregister(an, cuong.personalId)).then([removed(an), headChanged(cuong, 'named-by-requester')]));

  it('records the oldest adult member when no head is named', () =>
    given([family]).when(deregister(an)).then([removed(an), headChanged(binh, 'oldest-adult-member')]));

  it('breaks a tie in age by personal id, so the choice is reproducible', () => {
    const twin = { ...cuong, personalId: '001070000002', fullName: 'Nguyễn Văn Cảnh' };
    given([registered([an, cuong, twin])]).when(deregister(an)).then([removed(an), headChanged(twin, 'oldest-adult-member')]);
  });

  it('counts someone who turns 18 today as an adult, and not the day before', () => {
    const eighteenToday = { ...dung, dateOfBirth: '2008-11-23' };
    const eighteenTomorrow = { ...cuong, dateOfBirth: '2008-11-24' };
    given([registered([an, eighteenToday, eighteenTomorrow])])
      .when(deregister(an, eighteenToday.personalId))
      .then([removed(an), headChanged(eighteenToday, 'named-by-requester')]);
    given([registered([an, eighteenToday, eighteenTomorrow])])
      .when(deregister(an, eighteenTomorrow.personalId))
      .thenThrows(isCivilRegistryError('NEW_HEAD_NOT_ELIGIBLE'));
  });

  it('rejects a named head who is a minor or not a member (the case refuses these first)', () => {
    given([family]).when(deregister(an, dung.personalId)).thenThrows(isCivilRegistryError('NEW_HEAD_NOT_ELIGIBLE'));
    given([family]).when(deregister(an, '001099999999')).thenThrows(isCivilRegistryError('NEW_HEAD_NOT_ELIGIBLE'));
  });

  it('closes the household when only minors remain after the head died (ADR 0101)', () =>
    given([registered([an, dung])]).when(deregister(an)).then([
      removed(an),
      { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'no-adult-member', remainingPersonalIds: [dung.personalId], closedAt: now } },
    ]));

  it('closes the household when its last member dies', () =>
    given([registered([an])]).when(deregister(an)).then([
      removed(an),
      { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'last-member-deceased', remainingPersonalIds: [], closedAt: now } },
    ]));

  it('folds its history into the current members and head', () =>
    given([family, removed(an), headChanged(binh, 'oldest-adult-member')]).when(deregister(dung)).thenState({
      status: 'active', ...household([binh, cuong], binh), removed: { [an.personalId]: extract, [dung.personalId]: extract },
    }));

  it('ignores the same deregistration delivered twice, even after closing', () => {
    given([family, removed(cuong)]).when(deregister(cuong)).then([]);
    given([registered([an]), removed(an), { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'last-member-deceased', remainingPersonalIds: [], closedAt: now } }])
      .when(deregister(an)).then([]);
  });

  it('rejects removing someone who is not a member, and any change to a closed or unknown household', () => {
    given([registered([an, binh])]).when(deregister(cuong)).thenThrows(isCivilRegistryError('NOT_A_MEMBER'));
    given([registered([an]), removed(an), { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'last-member-deceased', remainingPersonalIds: [], closedAt: now } }])
      .when(deregister(binh)).thenThrows(isCivilRegistryError('HOUSEHOLD_CLOSED'));
    given().when(deregister(an)).thenThrows(isCivilRegistryError('HOUSEHOLD_NOT_FOUND'));
  });
});
