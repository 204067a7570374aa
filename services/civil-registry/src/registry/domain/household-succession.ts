import type { Reason } from '@lienthong/agency-desk';
import { ageOn } from '../../domain/errors';

/** Both the household aggregate and the deregistration case apply this one rule (docs/adr/0101). */
export interface Member {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
}

export interface HouseholdSnapshot {
  householdId: string;
  address: string;
  communeCode: string;
  /** null while no head is recorded: the head died and the members' choice is not known yet. */
  headPersonalId: string | null;
  members: Member[];
}

/** Full legal capacity (năng lực hành vi dân sự đầy đủ) is presumed from 18 (Civil Code 2015 Art. 20). */
export const ADULT_AGE = 18;

/**
 * Why a head is recorded. `members-choice`: the members' agreement as the requester stated it
 * (Law on Residence 2020 Art. 10(4)); `members-agreement` / `court-decision`: what the residence
 * desk records when it settles the head. The first two values are history only (the rule before
 * issue 20 picked the oldest adult; events recorded then keep their reason).
 */
export type HeadChangeReason = 'named-by-requester' | 'oldest-adult-member' | 'members-choice' | 'members-agreement' | 'court-decision';
/** `no-adult-member` is history only: households are no longer closed because minors remain. */
export type HouseholdClosedReason = 'last-member-deceased' | 'no-adult-member';
/** Why the head is left vacant after the head died; the residence desk settles it. */
export type HeadVacantReason = 'no-head-named' | 'named-head-not-a-member' | 'named-head-without-full-capacity';

export type HeadOutcome =
  | { kind: 'unchanged' }
  | { kind: 'members-choice'; personalId: string }
  | { kind: 'vacant'; reason: HeadVacantReason };

export type DeregistrationPlan =
  | { kind: 'refused'; reasons: Reason[] }
  | { kind: 'deregister'; householdId: string; head: HeadOutcome; householdClosed: boolean };

/**
 * Law on Residence 2020 Art. 10(4)-(5) and Art. 24: the death of a member deregisters that
 * member only. When the head dies, the members agree on a new head (one with full legal
 * capacity; where no member has it, still one of them); a court settles disagreement. We cannot
 * see an agreement, so a head the requester names is recorded as the members' choice when the
 * law allows that member; otherwise the head stays vacant and the residence desk settles it. A
 * household closes only when nobody is left in it.
 */
export function planDeregistration(household: HouseholdSnapshot, personalId: string, namedHead: string | undefined, today: string): DeregistrationPlan {
  const { householdId } = household;
  if (!household.members.some((m) => m.personalId === personalId)) {
    return { kind: 'refused', reasons: [{ code: 'not-a-member', message: `Người chết không phải là thành viên của hộ gia đình ${householdId}.` }] };
  }
  const remaining = household.members.filter((m) => m.personalId !== personalId);
  if (remaining.length === 0) return { kind: 'deregister', householdId, head: { kind: 'unchanged' }, householdClosed: true };
  // The head changes only when the head died; a head named for any other member's death is moot.
  if (household.headPersonalId !== personalId) return { kind: 'deregister', householdId, head: { kind: 'unchanged' }, householdClosed: false };
  return { kind: 'deregister', householdId, head: headAfterDeath(remaining, namedHead, today), householdClosed: false };
}

function headAfterDeath(remaining: Member[], namedHead: string | undefined, today: string): HeadOutcome {
  if (namedHead === undefined) return { kind: 'vacant', reason: 'no-head-named' };
  const named = remaining.find((m) => m.personalId === namedHead);
  if (!named) return { kind: 'vacant', reason: 'named-head-not-a-member' };
  const hasCapacity = (m: Member) => ageOn(m.dateOfBirth, today) >= ADULT_AGE;
  // Where nobody has full legal capacity, the members still name one of themselves.
  if (hasCapacity(named) || !remaining.some(hasCapacity)) return { kind: 'members-choice', personalId: named.personalId };
  return { kind: 'vacant', reason: 'named-head-without-full-capacity' };
}
