import { assertNever, type CancellationReason, CivilRegistryError, localDate, type Reason } from './common';
import { type HouseholdSnapshot, planDeregistration } from './household-succession';

/**
 * The commune police's case for one work request. It decides from the residence database as
 * it is now (a lookup in ctx); the household aggregate then applies the same succession rule,
 * given the requester's named head, so both agree.
 */
export interface ResidenceDeregistrationRequest {
  applicationId: string;
  requestId: string;
  receivedAt: string;
  dueAt: string;
  deceased: { personalId: string; fullName: string };
  deathExtractNumber: string;
  newHeadPersonalId?: string;
}

export type ResidenceDeregistrationCommand =
  | { type: 'ReceiveResidenceDeregistrationRequest'; data: ResidenceDeregistrationRequest }
  | { type: 'CancelResidenceDeregistration'; data: { reason: CancellationReason } };

interface CaseRef {
  applicationId: string;
  requestId: string;
}

export type ResidenceDeregistrationEvent =
  | { type: 'ResidenceDeregistrationRequestReceived'; data: ResidenceDeregistrationRequest }
  | {
      type: 'ResidenceDeregistered';
      data: CaseRef & {
        personalId: string;
        deathExtractNumber: string;
        householdId: string;
        newHeadPersonalId?: string;
        householdClosed: boolean;
        deregisteredAt: string;
      };
    }
  | { type: 'ResidenceDeregistrationNotApplicable'; data: CaseRef & { reason: Reason; decidedAt: string } }
  | { type: 'ResidenceDeregistrationRefused'; data: CaseRef & { reasons: Reason[]; refusedAt: string } }
  | { type: 'ResidenceDeregistrationCancelled'; data: CaseRef & { reason: CancellationReason; cancelledAt: string } };

export type ResidenceDeregistrationState =
  | { status: 'none' }
  | ({ status: 'received' } & CaseRef)
  | { status: 'deregistered' | 'not-applicable' | 'refused' | 'cancelled'; requestId: string };

export interface ResidenceDeregistrationCtx {
  now: string;
  /** The household where the person has permanent residence, or null when they have none. */
  findResidence(personalId: string): HouseholdSnapshot | null;
}

type State = ResidenceDeregistrationState;
type Event = ResidenceDeregistrationEvent;

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  const { requestId } = event.data;
  switch (event.type) {
    case 'ResidenceDeregistrationRequestReceived':
      return { status: 'received', applicationId: event.data.applicationId, requestId };
    case 'ResidenceDeregistered':
      return { status: 'deregistered', requestId };
    case 'ResidenceDeregistrationNotApplicable':
      return { status: 'not-applicable', requestId };
    case 'ResidenceDeregistrationRefused':
      return { status: 'refused', requestId };
    case 'ResidenceDeregistrationCancelled':
      return { status: 'cancelled', requestId };
    default:
      return assertNever(event);
  }
}

function assess(request: ResidenceDeregistrationRequest, ctx: ResidenceDeregistrationCtx): Event {
  const ref = { applicationId: request.applicationId, requestId: request.requestId };
  const { personalId } = request.deceased;
  const household = ctx.findResidence(personalId);
  if (household === null) {
    const reason = { code: 'no-permanent-residence', message: `${request.deceased.fullName} has no permanent residence to deregister.` };
    return { type: 'ResidenceDeregistrationNotApplicable', data: { ...ref, reason, decidedAt: ctx.now } };
  }
  const plan = planDeregistration(household, personalId, request.newHeadPersonalId, localDate(ctx.now));
  if (plan.kind === 'refused') return { type: 'ResidenceDeregistrationRefused', data: { ...ref, reasons: plan.reasons, refusedAt: ctx.now } };
  return {
    type: 'ResidenceDeregistered',
    data: {
      ...ref,
      personalId,
      deathExtractNumber: request.deathExtractNumber,
      householdId: plan.householdId,
      ...(plan.newHead ? { newHeadPersonalId: plan.newHead.personalId } : {}),
      householdClosed: plan.householdClosed,
      deregisteredAt: ctx.now,
    },
  };
}

export function decide(cmd: ResidenceDeregistrationCommand, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  switch (cmd.type) {
    case 'ReceiveResidenceDeregistrationRequest':
      // A redelivered request was already decided: nothing new happened.
      if (state.status !== 'none') return [];
      return [{ type: 'ResidenceDeregistrationRequestReceived', data: cmd.data }, assess(cmd.data, ctx)];
    case 'CancelResidenceDeregistration':
      switch (state.status) {
        case 'none':
          throw new CivilRegistryError('CASE_NOT_FOUND', 'no residence deregistration request was received for this case');
        case 'cancelled':
          return [];
        case 'received':
          return [{ type: 'ResidenceDeregistrationCancelled', data: { applicationId: state.applicationId, requestId: state.requestId, reason: cmd.data.reason, cancelledAt: ctx.now } }];
        default:
          throw new CivilRegistryError('CASE_ALREADY_DECIDED', `the case ${state.requestId} is already ${state.status}`);
      }
    default:
      return assertNever(cmd);
  }
}

export const residenceDeregistrationDecider = { initialState, evolve, decide };
