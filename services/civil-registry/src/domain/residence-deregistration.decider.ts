import { type Attachment, assertNever, byClaimer, type CancellationReason, CivilRegistryError, localDate, type MissingItem, type Reason } from './common';
import { type HouseholdSnapshot, planDeregistration } from './household-succession';

/**
 * The commune police's case for one work request. It decides from the residence database as
 * it is now (a lookup in ctx); the household aggregate then applies the same rule (ADR 0101),
 * given the requester's named head, so both agree. Only the deceased is deregistered.
 */
export interface ResidenceDeregistrationRequest {
  applicationId: string;
  requestId: string;
  dossierCode?: string;
  receivedAt: string;
  dueAt: string;
  /** The unit (commune code) whose officers work the case (ADR 0651); absent in cases received before units. */
  unit?: string;
  deceased: { personalId: string; fullName: string };
  deathExtractNumber: string;
  newHeadPersonalId?: string;
}

export type ResidenceDeregistrationCommand =
  | { type: 'ReceiveResidenceDeregistrationRequest'; data: ResidenceDeregistrationRequest }
  | { type: 'ClaimResidenceDeregistrationTask'; data: { officerId: string } }
  /** The officer approves: the rule is applied to the residence database as it is now. */
  | { type: 'ApproveResidenceDeregistration'; data: { officerId: string } }
  | { type: 'RefuseResidenceDeregistration'; data: { officerId: string; reasons: Reason[] } }
  | { type: 'RequestResidenceSupplement'; data: { officerId: string; missing: MissingItem[] } }
  | { type: 'ProvideResidenceSupplement'; data: ResidenceSupplement }
  | { type: 'CancelResidenceDeregistration'; data: { reason: CancellationReason } };

export interface ResidenceSupplement {
  supplementRequestId: string;
  documents: Attachment[];
  note?: string;
}

interface CaseRef {
  applicationId: string;
  requestId: string;
}

export type ResidenceDeregistrationEvent =
  | { type: 'ResidenceDeregistrationRequestReceived'; data: ResidenceDeregistrationRequest }
  /** Manual policy: the proposal is what the rule would decide now; the officer decides. */
  | { type: 'ResidenceDeregistrationTaskOpened'; data: CaseRef & { proposedOutcome: ProposedOutcome; openedAt: string } }
  | { type: 'ResidenceDeregistrationTaskClaimed'; data: CaseRef & { officerId: string; claimedAt: string } }
  | {
      type: 'ResidenceDeregistrationSupplementRequested';
      data: CaseRef & { decidedBy: string; supplementRequestId: string; missing: MissingItem[]; requestedAt: string };
    }
  | { type: 'ResidenceDeregistrationSupplementProvided'; data: CaseRef & ResidenceSupplement & { providedAt: string } }
  | {
      type: 'ResidenceDeregistrationCaseCompleted';
      data: CaseRef & {
        personalId: string;
        deathExtractNumber: string;
        householdId: string;
        /** The head the members chose (as the requester stated it), recorded when the head died. */
        newHeadPersonalId?: string;
        /** The head died and no head could be recorded: the residence desk settles it (ADR 0101). */
        householdHeadVacant?: boolean;
        householdClosed: boolean;
        deregisteredAt: string;
      };
    }
  | { type: 'ResidenceDeregistrationCaseNotApplicable'; data: CaseRef & { reason: Reason; decidedAt: string } }
  | { type: 'ResidenceDeregistrationCaseRefused'; data: CaseRef & { reasons: Reason[]; refusedAt: string } }
  | { type: 'ResidenceDeregistrationCancelled'; data: CaseRef & { reason: CancellationReason; cancelledAt: string } };

export type ProposedOutcome = 'deregister' | 'not-applicable' | 'refuse';

export type ResidenceDeregistrationState =
  | { status: 'none' }
  | ({ status: 'received'; request: ResidenceDeregistrationRequest } & CaseRef)
  | ({ status: 'awaiting-officer'; request: ResidenceDeregistrationRequest; claimedBy?: string } & CaseRef)
  | ({ status: 'awaiting-supplement'; request: ResidenceDeregistrationRequest; supplementRequestId: string; claimedBy?: string } & CaseRef)
  | { status: 'deregistered' | 'not-applicable' | 'refused' | 'cancelled'; requestId: string };

export interface ResidenceDeregistrationCtx {
  now: string;
  /** `manual`: every case becomes an officer task. Default `auto` (every outcome follows from the data). */
  policy?: 'auto' | 'manual';
  /** The household where the person has permanent residence, or null when they have none. */
  findResidence(personalId: string): HouseholdSnapshot | null;
  /** The death extract the civil-status registry holds for the person, or null (alive or unknown). */
  findDeathExtract(personalId: string): string | null;
  /** Only an officer asks for papers here; the id names the supplement request (Mẫu 02). */
  nextSupplementRequestId?: () => string;
}

type State = ResidenceDeregistrationState;
type Event = ResidenceDeregistrationEvent;
type Command = ResidenceDeregistrationCommand;

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  const { requestId } = event.data;
  switch (event.type) {
    case 'ResidenceDeregistrationRequestReceived':
      return { status: 'received', applicationId: event.data.applicationId, requestId, request: event.data };
    case 'ResidenceDeregistrationTaskOpened':
      return state.status === 'received' ? { ...state, status: 'awaiting-officer' } : state;
    case 'ResidenceDeregistrationTaskClaimed':
      return state.status === 'awaiting-officer' || state.status === 'awaiting-supplement' ? { ...state, claimedBy: event.data.officerId } : state;
    case 'ResidenceDeregistrationSupplementRequested':
      return state.status === 'awaiting-officer' ? { ...state, status: 'awaiting-supplement', supplementRequestId: event.data.supplementRequestId } : state;
    case 'ResidenceDeregistrationSupplementProvided': {
      if (state.status !== 'awaiting-supplement') return state;
      const { supplementRequestId: _id, ...rest } = state;
      return { ...rest, status: 'awaiting-officer' };
    }
    case 'ResidenceDeregistrationCaseCompleted':
      return { status: 'deregistered', requestId };
    case 'ResidenceDeregistrationCaseNotApplicable':
      return { status: 'not-applicable', requestId };
    case 'ResidenceDeregistrationCaseRefused':
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
  // The prerequisite: the death this request quotes is the one the registry holds.
  const registered = ctx.findDeathExtract(personalId);
  if (registered !== request.deathExtractNumber) {
    const reason =
      registered === null
        ? { code: 'death-not-registered', message: `No death of ${request.deceased.fullName} is registered under extract ${request.deathExtractNumber}.` }
        : { code: 'death-extract-mismatch', message: `The death of ${request.deceased.fullName} is registered under extract ${registered}, not ${request.deathExtractNumber}.` };
    return { type: 'ResidenceDeregistrationCaseRefused', data: { ...ref, reasons: [reason], refusedAt: ctx.now } };
  }
  const household = ctx.findResidence(personalId);
  if (household === null) {
    const reason = { code: 'no-permanent-residence', message: `${request.deceased.fullName} has no permanent residence to deregister.` };
    return { type: 'ResidenceDeregistrationCaseNotApplicable', data: { ...ref, reason, decidedAt: ctx.now } };
  }
  const plan = planDeregistration(household, personalId, request.newHeadPersonalId, localDate(ctx.now));
  if (plan.kind === 'refused') return { type: 'ResidenceDeregistrationCaseRefused', data: { ...ref, reasons: plan.reasons, refusedAt: ctx.now } };
  return {
    type: 'ResidenceDeregistrationCaseCompleted',
    data: {
      ...ref,
      personalId,
      deathExtractNumber: request.deathExtractNumber,
      householdId: plan.householdId,
      ...(plan.head.kind === 'members-choice' ? { newHeadPersonalId: plan.head.personalId } : {}),
      ...(plan.head.kind === 'vacant' ? { householdHeadVacant: true } : {}),
      householdClosed: plan.householdClosed,
      deregisteredAt: ctx.now,
    },
  };
}

const proposal = (e: Event): ProposedOutcome =>
  e.type === 'ResidenceDeregistrationCaseCompleted' ? 'deregister' : e.type === 'ResidenceDeregistrationCaseNotApplicable' ? 'not-applicable' : 'refuse';

function awaitingOfficer(state: State): Extract<State, { status: 'awaiting-officer' }> {
  switch (state.status) {
    case 'none':
      throw new CivilRegistryError('CASE_NOT_FOUND', 'no residence deregistration request was received for this case');
    case 'awaiting-officer':
      return state;
    case 'awaiting-supplement':
      throw new CivilRegistryError('SUPPLEMENT_PENDING', `supplement ${state.supplementRequestId} has not arrived yet`);
    case 'received':
      throw new CivilRegistryError('CASE_ALREADY_DECIDED', `the case ${state.requestId} has no officer task`);
    default:
      throw new CivilRegistryError('CASE_ALREADY_DECIDED', `the case ${state.requestId} is already ${state.status}`);
  }
}

function receive(request: ResidenceDeregistrationRequest, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  // A redelivered request was already recorded: nothing new happened.
  if (state.status !== 'none') return [];
  const received: Event = { type: 'ResidenceDeregistrationRequestReceived', data: request };
  const outcome = assess(request, ctx);
  if ((ctx.policy ?? 'auto') === 'auto') return [received, outcome];
  const ref = { applicationId: request.applicationId, requestId: request.requestId };
  return [received, { type: 'ResidenceDeregistrationTaskOpened', data: { ...ref, proposedOutcome: proposal(outcome), openedAt: ctx.now } }];
}

function cancel(reason: CancellationReason, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  switch (state.status) {
    case 'none':
      throw new CivilRegistryError('CASE_NOT_FOUND', 'no residence deregistration request was received for this case');
    case 'cancelled':
      return [];
    case 'received':
    case 'awaiting-officer':
    case 'awaiting-supplement':
      return [{ type: 'ResidenceDeregistrationCancelled', data: { applicationId: state.applicationId, requestId: state.requestId, reason, cancelledAt: ctx.now } }];
    default:
      throw new CivilRegistryError('CASE_ALREADY_DECIDED', `the case ${state.requestId} is already ${state.status}`);
  }
}

export function decide(cmd: Command, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  switch (cmd.type) {
    case 'ReceiveResidenceDeregistrationRequest':
      return receive(cmd.data, state, ctx);
    case 'ClaimResidenceDeregistrationTask': {
      const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
      return [{ type: 'ResidenceDeregistrationTaskClaimed', data: { applicationId: s.applicationId, requestId: s.requestId, officerId: cmd.data.officerId, claimedAt: ctx.now } }];
    }
    case 'ApproveResidenceDeregistration':
      return [assess(byClaimer(awaitingOfficer(state), cmd.data.officerId).request, ctx)];
    case 'RefuseResidenceDeregistration': {
      const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
      if (cmd.data.reasons.length === 0) throw new Error('a refusal needs at least one reason');
      return [{ type: 'ResidenceDeregistrationCaseRefused', data: { applicationId: s.applicationId, requestId: s.requestId, reasons: cmd.data.reasons, refusedAt: ctx.now } }];
    }
    case 'RequestResidenceSupplement': {
      const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
      if (cmd.data.missing.length === 0) throw new Error('a supplement request names at least one missing item');
      if (!ctx.nextSupplementRequestId) throw new Error('nextSupplementRequestId is required to request a supplement');
      const data = { applicationId: s.applicationId, requestId: s.requestId, decidedBy: cmd.data.officerId, supplementRequestId: ctx.nextSupplementRequestId(), missing: cmd.data.missing, requestedAt: ctx.now };
      return [{ type: 'ResidenceDeregistrationSupplementRequested', data }];
    }
    case 'ProvideResidenceSupplement': {
      if (state.status === 'none') throw new CivilRegistryError('CASE_NOT_FOUND', 'no residence deregistration request was received for this case');
      if (state.status !== 'awaiting-supplement') throw new CivilRegistryError('NO_SUPPLEMENT_PENDING', 'no supplement was requested');
      if (state.supplementRequestId !== cmd.data.supplementRequestId) {
        throw new CivilRegistryError('UNKNOWN_SUPPLEMENT_REQUEST', `expected supplement ${state.supplementRequestId}`);
      }
      // What the officer asked for, the officer reviews: the task opens again.
      return [{ type: 'ResidenceDeregistrationSupplementProvided', data: { applicationId: state.applicationId, requestId: state.requestId, ...cmd.data, providedAt: ctx.now } }];
    }
    case 'CancelResidenceDeregistration':
      return cancel(cmd.data.reason, state, ctx);
    default:
      return assertNever(cmd);
  }
}

export const residenceDeregistrationDecider = { initialState, evolve, decide };
