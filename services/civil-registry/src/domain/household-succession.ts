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
 * `named-by-requester` and `oldest-adult-member` are DOMAIN.md's rule. When only minors
 * remain, the oldest of them is recorded as head rather than closing a household people still
 * live in (our rule: the contract's `householdClosed` means the deceased was the last member).
 */
export type HeadChangeReason = 'named-by-requester' | 'oldest-adult-member' | 'oldest-member-no-adult';

export type DeregistrationPlan =
  | { kind: 'refused'; reasons: Reason[] }
  | {
      kind: 'deregister';
      householdId: string;
      newHead?: { personalId: string; reason: HeadChangeReason };
      householdClosed: boolean;
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
    return { kind: 'refused', reasons: [{ code: 'not-a-member', message: `${personalId} is not a member of household ${householdId}.` }] };
  }
  const remaining = household.members.filter((m) => m.personalId !== personalId);
  // The head changes only when the head died; a head named for any other member is moot.
  if (household.headPersonalId !== personalId) return { kind: 'deregister', householdId, householdClosed: false };
  if (remaining.length === 0) return { kind: 'deregister', householdId, householdClosed: true };
  const isAdult = (m: Member) => ageOn(m.dateOfBirth, today) >= ADULT_AGE;
  if (namedHead !== undefined) {
    const named = remaining.find((m) => m.personalId === namedHead);
    if (!named) {
      return {
        kind: 'refused',
        reasons: [{ code: 'new-head-not-a-member', message: `The new head named, ${namedHead}, is not a member of the household.` }],
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
  const head = adult
    ? { personalId: adult.personalId, reason: 'oldest-adult-member' as const }
    : { personalId: byAge[0]!.personalId, reason: 'oldest-member-no-adult' as const };
  return { kind: 'deregister', householdId, householdClosed: false, newHead: head };
}
