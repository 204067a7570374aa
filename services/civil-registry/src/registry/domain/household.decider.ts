import { assertNever } from '@lienthong/agency-desk';
import { ageOn, CivilRegistryError } from '../../domain/errors';
import {
  ADULT_AGE,
  type HeadChangeReason,
  type HeadVacantReason,
  type HouseholdClosedReason,
  type HouseholdSnapshot,
  type Member,
  planDeregistration,
} from './household-succession';

/** What caused a change: the work request of an application (for the residence desk's task). */
export interface HouseholdChangeCause {
  applicationId: string;
  requestId: string;
  dossierCode?: string;
}

/** A household in the residence database; every change is an event, so its history is a fold. */
export type HouseholdCommand =
  | { type: 'RegisterHousehold'; data: HouseholdSnapshot & { headPersonalId: string } }
  /** `newHeadPersonalId` is the head the requester named, if any (not a pre-resolved one). */
  | { type: 'DeregisterResidence'; data: { personalId: string; deathExtractNumber: string; newHeadPersonalId?: string; cause?: HouseholdChangeCause } }
  /** The residence desk settles the head ("change of residence information"): the members' agreement or a court's decision. */
  | { type: 'RecordHouseholdHead'; data: { personalId: string; basis: 'members-agreement' | 'court-decision'; officerId: string } };

export type HouseholdEvent =
  | { type: 'HouseholdRegistered'; data: HouseholdSnapshot & { registeredAt: string } }
  | {
      type: 'HouseholdMemberRemoved';
      data: { householdId: string; personalId: string; reason: 'deceased'; deathExtractNumber: string; removedAt: string };
    }
  | {
      type: 'HouseholdHeadChanged';
      data: {
        householdId: string;
        /** null when a vacant head is settled. */
        previousHeadPersonalId: string | null;
        newHeadPersonalId: string;
        reason: HeadChangeReason;
        /** The officer who recorded it, when the residence desk settled the head. */
        decidedBy?: string;
        changedAt: string;
      };
    }
  /** The head died and no head can be recorded from the application: the residence desk settles it (ADR 0101). */
  | {
      type: 'HouseholdHeadVacated';
      data: {
        householdId: string;
        previousHeadPersonalId: string;
        reason: HeadVacantReason;
        namedHeadPersonalId?: string;
        remainingPersonalIds: string[];
        cause?: HouseholdChangeCause;
        vacatedAt: string;
      };
    }
  /** Since issue 20 only when nobody is left; `remainingPersonalIds` is non-empty only in events of the old rule. */
  | { type: 'HouseholdClosed'; data: { householdId: string; reason: HouseholdClosedReason; remainingPersonalIds: string[]; closedAt: string } };

/**
 * `removed` maps a deceased former member to their death extract, to absorb redeliveries;
 * `formerMembers` are those a closure of the old rule left in the household (history only).
 */
export type HouseholdState =
  | { status: 'none' }
  | ({ status: 'active'; removed: Record<string, string> } & HouseholdSnapshot)
  | { status: 'closed'; householdId: string; removed: Record<string, string>; formerMembers: string[] };

export interface HouseholdCtx {
  now: string;
  /** Local date for the full-capacity test (18+ on this day). */
  today: string;
}

export const initialState = (): HouseholdState => ({ status: 'none' });

export function evolve(state: HouseholdState, event: HouseholdEvent): HouseholdState {
  switch (event.type) {
    case 'HouseholdRegistered': {
      const { registeredAt: _at, ...household } = event.data;
      return { status: 'active', ...household, removed: {} };
    }
    case 'HouseholdMemberRemoved':
      if (state.status !== 'active') return state;
      return {
        ...state,
        members: state.members.filter((m: Member) => m.personalId !== event.data.personalId),
        removed: { ...state.removed, [event.data.personalId]: event.data.deathExtractNumber },
      };
    case 'HouseholdHeadChanged':
      return state.status === 'active' ? { ...state, headPersonalId: event.data.newHeadPersonalId } : state;
    case 'HouseholdHeadVacated':
      return state.status === 'active' ? { ...state, headPersonalId: null } : state;
    case 'HouseholdClosed':
      return state.status === 'active'
        ? { status: 'closed', householdId: state.householdId, removed: state.removed, formerMembers: event.data.remainingPersonalIds }
        : state;
    default:
      return assertNever(event);
  }
}

function deregister(
  cmd: Extract<HouseholdCommand, { type: 'DeregisterResidence' }>['data'],
  state: HouseholdState,
  ctx: HouseholdCtx,
): HouseholdEvent[] {
  if (state.status === 'none') throw new CivilRegistryError('HOUSEHOLD_NOT_FOUND', 'no such household');
  if (state.removed[cmd.personalId] === cmd.deathExtractNumber) return [];
  if (state.status === 'closed') {
    // A member the old rule's closure left here already lost this residence with it: nothing to change.
    if (state.formerMembers.includes(cmd.personalId)) return [];
    throw new CivilRegistryError('HOUSEHOLD_CLOSED', `household ${state.householdId} is closed`);
  }
  const plan = planDeregistration(state, cmd.personalId, cmd.newHeadPersonalId, ctx.today);
  // The deregistration case refuses this first; reaching the household with it is a bug.
  if (plan.kind === 'refused') throw new CivilRegistryError('NOT_A_MEMBER', plan.reasons.map((r) => r.message).join(' '));
  const { householdId } = state;
  const remainingPersonalIds = state.members.map((m) => m.personalId).filter((id) => id !== cmd.personalId);
  const events: HouseholdEvent[] = [
    {
      type: 'HouseholdMemberRemoved',
      data: { householdId, personalId: cmd.personalId, reason: 'deceased', deathExtractNumber: cmd.deathExtractNumber, removedAt: ctx.now },
    },
  ];
  const previousHeadPersonalId = cmd.personalId;
  if (plan.head.kind === 'members-choice') {
    events.push({
      type: 'HouseholdHeadChanged',
      data: { householdId, previousHeadPersonalId, newHeadPersonalId: plan.head.personalId, reason: 'members-choice', changedAt: ctx.now },
    });
  } else if (plan.head.kind === 'vacant') {
    events.push({
      type: 'HouseholdHeadVacated',
      data: {
        householdId,
        previousHeadPersonalId,
        reason: plan.head.reason,
        ...(cmd.newHeadPersonalId === undefined ? {} : { namedHeadPersonalId: cmd.newHeadPersonalId }),
        remainingPersonalIds,
        ...(cmd.cause === undefined ? {} : { cause: cmd.cause }),
        vacatedAt: ctx.now,
      },
    });
  }
  if (plan.householdClosed) {
    events.push({ type: 'HouseholdClosed', data: { householdId, reason: 'last-member-deceased', remainingPersonalIds: [], closedAt: ctx.now } });
  }
  return events;
}

function recordHead(cmd: Extract<HouseholdCommand, { type: 'RecordHouseholdHead' }>['data'], state: HouseholdState, ctx: HouseholdCtx): HouseholdEvent[] {
  if (state.status === 'none') throw new CivilRegistryError('HOUSEHOLD_NOT_FOUND', 'no such household');
  if (state.status === 'closed') throw new CivilRegistryError('HOUSEHOLD_CLOSED', `household ${state.householdId} is closed`);
  const member = state.members.find((m) => m.personalId === cmd.personalId);
  if (!member) throw new CivilRegistryError('NOT_A_MEMBER', `${cmd.personalId} is not a member of household ${state.householdId}`);
  if (state.headPersonalId === cmd.personalId) return [];
  // Members agree on one with full legal capacity, unless none has it; a court may name any member.
  const hasCapacity = (m: Member) => ageOn(m.dateOfBirth, ctx.today) >= ADULT_AGE;
  if (cmd.basis === 'members-agreement' && !hasCapacity(member) && state.members.some(hasCapacity)) {
    throw new CivilRegistryError('NEW_HEAD_NOT_ELIGIBLE', `${member.fullName} is under ${ADULT_AGE} while a member with full legal capacity exists`);
  }
  return [
    {
      type: 'HouseholdHeadChanged',
      data: {
        householdId: state.householdId,
        previousHeadPersonalId: state.headPersonalId,
        newHeadPersonalId: cmd.personalId,
        reason: cmd.basis,
        decidedBy: cmd.officerId,
        changedAt: ctx.now,
      },
    },
  ];
}

export function decide(cmd: HouseholdCommand, state: HouseholdState, ctx: HouseholdCtx): HouseholdEvent[] {
  switch (cmd.type) {
    case 'RegisterHousehold': {
      if (state.status !== 'none') throw new CivilRegistryError('HOUSEHOLD_ALREADY_REGISTERED', `household ${state.householdId} exists`);
      if (!cmd.data.members.some((m) => m.personalId === cmd.data.headPersonalId)) {
        throw new CivilRegistryError('HEAD_NOT_A_MEMBER', `head ${cmd.data.headPersonalId} is not among the members`);
      }
      return [{ type: 'HouseholdRegistered', data: { ...cmd.data, registeredAt: ctx.now } }];
    }
    case 'DeregisterResidence':
      return deregister(cmd.data, state, ctx);
    case 'RecordHouseholdHead':
      return recordHead(cmd.data, state, ctx);
    default:
      return assertNever(cmd);
  }
}

export const householdDecider = { initialState, evolve, decide };
