import { ageOn, type Reason } from './common';

/** Both the household aggregate and the deregistration case apply this one rule. */
export interface Member {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
}

export interface HouseholdSnapshot {
  householdId: string;
  address: string;
  communeCode: string;
  headPersonalId: string;
  members: Member[];
}

export const ADULT_AGE = 18;

/**
 * The rule: the head named in the application, else the oldest adult member, else the
 * household is closed (docs/adr/0101: also when only minors remain; they are re-registered
 * with a guardian's household by the residence desk, outside this procedure).
 */
export type HeadChangeReason = 'named-by-requester' | 'oldest-adult-member';
export type HouseholdClosedReason = 'last-member-deceased' | 'no-adult-member';

export type DeregistrationPlan =
  | { kind: 'refused'; reasons: Reason[] }
  | {
      kind: 'deregister';
      householdId: string;
      newHead?: { personalId: string; reason: HeadChangeReason };
      householdClosed: boolean;
      closedReason?: HouseholdClosedReason;
    };

const oldestFirst = (a: Member, b: Member): number =>
  a.dateOfBirth === b.dateOfBirth ? a.personalId.localeCompare(b.personalId) : a.dateOfBirth.localeCompare(b.dateOfBirth);

export function planDeregistration(
  household: HouseholdSnapshot,
  personalId: string,
  namedHead: string | undefined,
  today: string,
): DeregistrationPlan {
  const { householdId } = household;
  if (!household.members.some((m) => m.personalId === personalId)) {
    return { kind: 'refused', reasons: [{ code: 'not-a-member', message: `The deceased is not a member of household ${householdId}.` }] };
  }
  const remaining = household.members.filter((m) => m.personalId !== personalId);
  // The head changes only when the head died; a head named for any other member is moot.
  if (household.headPersonalId !== personalId) return { kind: 'deregister', householdId, householdClosed: false };
  if (remaining.length === 0) return { kind: 'deregister', householdId, householdClosed: true, closedReason: 'last-member-deceased' };
  const isAdult = (m: Member) => ageOn(m.dateOfBirth, today) >= ADULT_AGE;
  if (namedHead !== undefined) {
    const named = remaining.find((m) => m.personalId === namedHead);
    if (!named) {
      return {
        kind: 'refused',
        reasons: [{ code: 'new-head-not-a-member', message: 'The new head named is not a member of the household.' }],
      };
    }
    if (!isAdult(named)) {
      return {
        kind: 'refused',
        reasons: [{ code: 'new-head-not-adult', message: `The new head named, ${named.fullName}, is under ${ADULT_AGE}.` }],
      };
    }
    return { kind: 'deregister', householdId, householdClosed: false, newHead: { personalId: named.personalId, reason: 'named-by-requester' } };
  }
  const byAge = [...remaining].sort(oldestFirst);
  const adult = byAge.find(isAdult);
  if (!adult) return { kind: 'deregister', householdId, householdClosed: true, closedReason: 'no-adult-member' };
  return { kind: 'deregister', householdId, householdClosed: false, newHead: { personalId: adult.personalId, reason: 'oldest-adult-member' } };
}
