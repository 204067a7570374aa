import { assertNever, CivilRegistryError } from './common';
import { type HeadChangeReason, type HouseholdClosedReason, type HouseholdSnapshot, type Member, planDeregistration } from './household-succession';

/** A household in the residence database; every change is an event, so its history is a fold. */
export type HouseholdCommand =
  | { type: 'RegisterHousehold'; data: HouseholdSnapshot }
  /** `newHeadPersonalId` is the head the requester named, if any (not a pre-resolved one). */
  | { type: 'DeregisterResidence'; data: { personalId: string; deathExtractNumber: string; newHeadPersonalId?: string } };

export type HouseholdEvent =
  | { type: 'HouseholdRegistered'; data: HouseholdSnapshot & { registeredAt: string } }
  | {
      type: 'HouseholdMemberRemoved';
      data: { householdId: string; personalId: string; reason: 'deceased'; deathExtractNumber: string; removedAt: string };
    }
  | {
      type: 'HouseholdHeadChanged';
      data: { householdId: string; previousHeadPersonalId: string; newHeadPersonalId: string; reason: HeadChangeReason; changedAt: string };
    }
  /** `remainingPersonalIds`: minors left without an adult lose this permanent residence too. */
  | { type: 'HouseholdClosed'; data: { householdId: string; reason: HouseholdClosedReason; remainingPersonalIds: string[]; closedAt: string } };

/** `removed` maps a deceased former member to their death extract, to absorb redeliveries. */
export type HouseholdState =
  | { status: 'none' }
  | ({ status: 'active'; removed: Record<string, string> } & HouseholdSnapshot)
  | { status: 'closed'; householdId: string; removed: Record<string, string> };

export interface HouseholdCtx {
  now: string;
  /** Local date for the adult test (18+ on this day). */
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
    case 'HouseholdClosed':
      return state.status === 'active' ? { status: 'closed', householdId: state.householdId, removed: state.removed } : state;
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
  if (state.status === 'closed') throw new CivilRegistryError('HOUSEHOLD_CLOSED', `household ${state.householdId} is closed`);
  const plan = planDeregistration(state, cmd.personalId, cmd.newHeadPersonalId, ctx.today);
  // The deregistration case refuses these first; reaching the household with them is a bug.
  if (plan.kind === 'refused') {
    const code = plan.reasons[0]?.code === 'not-a-member' ? 'NOT_A_MEMBER' : 'NEW_HEAD_NOT_ELIGIBLE';
    throw new CivilRegistryError(code, plan.reasons.map((r) => r.message).join(' '));
  }
  const { householdId } = state;
  const events: HouseholdEvent[] = [
    {
      type: 'HouseholdMemberRemoved',
      data: { householdId, personalId: cmd.personalId, reason: 'deceased', deathExtractNumber: cmd.deathExtractNumber, removedAt: ctx.now },
    },
  ];
  if (plan.newHead) {
    events.push({
      type: 'HouseholdHeadChanged',
      data: {
        householdId,
        previousHeadPersonalId: state.headPersonalId,
        newHeadPersonalId: plan.newHead.personalId,
        reason: plan.newHead.reason,
        changedAt: ctx.now,
      },
    });
  }
  if (plan.householdClosed) {
    const remainingPersonalIds = state.members.map((m) => m.personalId).filter((id) => id !== cmd.personalId);
    events.push({
      type: 'HouseholdClosed',
      data: { householdId, reason: plan.closedReason ?? 'last-member-deceased', remainingPersonalIds, closedAt: ctx.now },
    });
  }
  return events;
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
    default:
      return assertNever(cmd);
  }
}

export const householdDecider = { initialState, evolve, decide };
