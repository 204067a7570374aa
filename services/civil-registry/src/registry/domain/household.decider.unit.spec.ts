import { deciderSpec } from '@lienthong/testing';
import { isCivilRegistryError } from '../../domain/errors';
import { type HouseholdEvent, householdDecider } from './household.decider';
import type { HeadVacantReason, Member } from './household-succession';

const now = '2026-11-23T03:00:00.000Z';
const { given } = deciderSpec(householdDecider, { now, today: '2026-11-23' });

const an: Member = { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01' };
const binh: Member = { personalId: '001045000002', fullName: 'Trần Thị Bình', dateOfBirth: '1945-03-03' };
const cuong: Member = { personalId: '001070000003', fullName: 'Nguyễn Văn Cường', dateOfBirth: '1970-01-01' };
const dung: Member = { personalId: '001010000004', fullName: 'Nguyễn Văn Dũng', dateOfBirth: '2010-06-01' };
const household = (members: Member[], head = an) => ({
  householdId: 'h1', address: '12 Hàng Bạc', communeCode: '00070', headPersonalId: head.personalId, members,
});
const registered = (members: Member[], head = an): HouseholdEvent => ({ type: 'HouseholdRegistered', data: { ...household(members, head), registeredAt: now } });
const extract = '123/2026/TLKT';
const cause = { applicationId: 'a1', requestId: 'r2', dossierCode: '000.00.31.H12-261123-0001' };
const deregister = (who: Member, newHeadPersonalId?: string) => ({
  type: 'DeregisterResidence' as const,
  data: { personalId: who.personalId, deathExtractNumber: extract, cause, ...(newHeadPersonalId ? { newHeadPersonalId } : {}) },
});
const removed = (who: Member): HouseholdEvent => ({
  type: 'HouseholdMemberRemoved', data: { householdId: 'h1', personalId: who.personalId, reason: 'deceased', deathExtractNumber: extract, removedAt: now },
});
const headChanged = (to: Member): HouseholdEvent => ({
  type: 'HouseholdHeadChanged', data: { householdId: 'h1', previousHeadPersonalId: an.personalId, newHeadPersonalId: to.personalId, reason: 'members-choice', changedAt: now },
});
const vacated = (reason: HeadVacantReason, remaining: Member[], namedHeadPersonalId?: string): HouseholdEvent => ({
  type: 'HouseholdHeadVacated',
  data: {
    householdId: 'h1', previousHeadPersonalId: an.personalId, reason, ...(namedHeadPersonalId ? { namedHeadPersonalId } : {}),
    remainingPersonalIds: remaining.map((m) => m.personalId), cause, vacatedAt: now,
  },
});
const closedAlone: HouseholdEvent = { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'last-member-deceased', remainingPersonalIds: [], closedAt: now } };
const family = registered([an, binh, cuong, dung]);
const record = (who: Member, basis: 'members-agreement' | 'court-decision' = 'members-agreement') => ({
  type: 'RecordHouseholdHead' as const, data: { personalId: who.personalId, basis, officerId: 'police-7' },
});

describe('household (Law on Residence 2020 Art. 10(4), 24; ADR 0101)', () => {
  it('registers a household from the residence database', () =>
    given().when({ type: 'RegisterHousehold', data: household([an, binh]) }).then([registered([an, binh])]));

  it('rejects a head who is not a member', () =>
    given().when({ type: 'RegisterHousehold', data: household([binh]) }).thenThrows(isCivilRegistryError('HEAD_NOT_A_MEMBER')));

  it('removes a deceased member who was not the head, leaving the head alone', () =>
    given([family]).when(deregister(cuong, binh.personalId)).then([removed(cuong)]));

  it('records the head named by the requester as the members\' choice when the head dies', () =>
    given([family]).when(deregister(an, cuong.personalId)).then([removed(an), headChanged(cuong)]));

  it('leaves the head vacant when nobody is named: no one is picked for the members, the desk settles it', () =>
    given([family]).when(deregister(an)).then([removed(an), vacated('no-head-named', [binh, cuong, dung])]));

  it('leaves the head vacant when the named head is not a member', () =>
    given([family]).when(deregister(an, '001099999999')).then([removed(an), vacated('named-head-not-a-member', [binh, cuong, dung], '001099999999')]));

  it('leaves the head vacant when a minor is named while a member with full legal capacity remains', () =>
    given([family]).when(deregister(an, dung.personalId)).then([removed(an), vacated('named-head-without-full-capacity', [binh, cuong, dung], dung.personalId)]));

  it('counts someone who turns 18 today as having full legal capacity, and not the day before', () => {
    const eighteenToday = { ...dung, dateOfBirth: '2008-11-23' };
    const eighteenTomorrow = { ...cuong, dateOfBirth: '2008-11-24' };
    given([registered([an, eighteenToday, eighteenTomorrow])]).when(deregister(an, eighteenToday.personalId)).then([removed(an), headChanged(eighteenToday)]);
    given([registered([an, eighteenToday, eighteenTomorrow])])
      .when(deregister(an, eighteenTomorrow.personalId))
      .then([removed(an), vacated('named-head-without-full-capacity', [eighteenToday, eighteenTomorrow], eighteenTomorrow.personalId)]);
  });

  it('never closes the household nor removes a child when the head dies leaving only minors', () => {
    given([registered([an, dung])]).when(deregister(an)).then([removed(an), vacated('no-head-named', [dung])]);
    given([registered([an, dung])]).when(deregister(an)).thenState({ status: 'active', ...household([dung]), headPersonalId: null, removed: { [an.personalId]: extract } });
  });

  it('records a minor named by the requester when no member has full legal capacity', () =>
    given([registered([an, dung])]).when(deregister(an, dung.personalId)).then([removed(an), headChanged(dung)]));

  it('deregisters a minor who dies after the head (the hang of issue 19 cannot happen: the household is open)', () =>
    given([registered([an, dung]), removed(an), vacated('no-head-named', [dung])]).when(deregister(dung)).then([removed(dung), closedAlone]));

  it('closes a one-person household when its member dies', () =>
    given([registered([an])]).when(deregister(an)).then([removed(an), closedAlone]));

  it('lets the residence desk record the head the members agreed on, or a court named', () => {
    const vacant = [family, removed(an), vacated('no-head-named', [binh, cuong, dung])];
    const settled = (to: Member, reason: 'members-agreement' | 'court-decision'): HouseholdEvent => ({
      type: 'HouseholdHeadChanged', data: { householdId: 'h1', previousHeadPersonalId: null, newHeadPersonalId: to.personalId, reason, decidedBy: 'police-7', changedAt: now },
    });
    given(vacant).when(record(cuong)).then([settled(cuong, 'members-agreement')]);
    given(vacant).when(record(dung, 'court-decision')).then([settled(dung, 'court-decision')]);
    given(vacant).when(record(dung)).thenThrows(isCivilRegistryError('NEW_HEAD_NOT_ELIGIBLE'));
    given(vacant).when(record(an)).thenThrows(isCivilRegistryError('NOT_A_MEMBER'));
    given([...vacant, settled(cuong, 'members-agreement')]).when(record(cuong)).then([]);
    given([registered([an]), removed(an), closedAlone]).when(record(an)).thenThrows(isCivilRegistryError('HOUSEHOLD_CLOSED'));
  });

  it('folds its history into the current members and head', () =>
    given([family, removed(an), headChanged(binh)]).when(deregister(dung)).thenState({
      status: 'active', ...household([binh, cuong], binh), removed: { [an.personalId]: extract, [dung.personalId]: extract },
    }));

  it('ignores the same deregistration delivered twice, even after closing', () => {
    given([family, removed(cuong)]).when(deregister(cuong)).then([]);
    given([registered([an]), removed(an), closedAlone]).when(deregister(an)).then([]);
  });

  it('treats a minor left in a household the old rule closed as already gone from it', () => {
    const oldClosure: HouseholdEvent = { type: 'HouseholdClosed', data: { householdId: 'h1', reason: 'no-adult-member', remainingPersonalIds: [dung.personalId], closedAt: now } };
    given([registered([an, dung]), removed(an), oldClosure]).when(deregister(dung)).then([]);
  });

  it('rejects removing someone who is not a member, and any change to a closed or unknown household', () => {
    given([registered([an, binh])]).when(deregister(cuong)).thenThrows(isCivilRegistryError('NOT_A_MEMBER'));
    given([registered([an]), removed(an), closedAlone]).when(deregister(binh)).thenThrows(isCivilRegistryError('HOUSEHOLD_CLOSED'));
    given().when(deregister(an)).thenThrows(isCivilRegistryError('HOUSEHOLD_NOT_FOUND'));
  });
});
