import {
  type Attachment,
  type CancellationReason,
  type CaseState,
  type DecisionPolicy,
  type MissingItem,
  type Reason,
  SYSTEM_OFFICER,
  assertNever,
  assessByPolicy,
  caseOpened,
  supplementArrived,
  supplementAsked,
  taskClaimed,
} from '@lienthong/agency-desk';
import { localDate } from '@lienthong/working-calendar';
import { civilRegistryDesk } from '../../domain/errors';
import { type HouseholdSnapshot, planDeregistration } from '../../registry/domain/household-succession';

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
  /** `decidedBy`: `system` or the officer (absent in refusals recorded before issue 18). */
  | { type: 'ResidenceDeregistrationCaseRefused'; data: CaseRef & { decidedBy?: string; reasons: Reason[]; refusedAt: string } }
  | { type: 'ResidenceDeregistrationCancelled'; data: CaseRef & { reason: CancellationReason; cancelledAt: string } };

export type ProposedOutcome = 'deregister' | 'not-applicable' | 'refuse';

/** What decide needs of an open case: the deceased, the extract quoted, the head named (not the whole request). */
export interface OpenDeregistration extends CaseRef {
  deceased: { personalId: string; fullName: string };
  deathExtractNumber: string;
  newHeadPersonalId?: string;
}

export type DecidedDeregistration = { status: 'deregistered' | 'not-applicable' | 'refused' | 'cancelled'; requestId: string };

export type ResidenceDeregistrationState = CaseState<OpenDeregistration, DecidedDeregistration>;

export interface ResidenceDeregistrationCtx {
  now: string;
  /** `manual`: every case becomes an officer task. Default `auto` (every outcome follows from the data). */
  policy?: DecisionPolicy;
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

/** The lifecycle is the agency desk's; what follows is residence deregistration's own. */
const desk = civilRegistryDesk<OpenDeregistration, DecidedDeregistration>('residence deregistration');

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  const { requestId } = event.data;
  switch (event.type) {
    case 'ResidenceDeregistrationRequestReceived': {
      const d = event.data;
      return caseOpened<OpenDeregistration>({
        applicationId: d.applicationId,
        requestId,
        deceased: { personalId: d.deceased.personalId, fullName: d.deceased.fullName },
        deathExtractNumber: d.deathExtractNumber,
        ...(d.newHeadPersonalId === undefined ? {} : { newHeadPersonalId: d.newHeadPersonalId }),
      });
    }
    case 'ResidenceDeregistrationTaskOpened':
      return state;
    case 'ResidenceDeregistrationTaskClaimed':
      return taskClaimed(state, event.data.officerId);
    case 'ResidenceDeregistrationSupplementRequested':
      return supplementAsked(state, event.data.supplementRequestId, event.data.decidedBy);
    case 'ResidenceDeregistrationSupplementProvided':
      return supplementArrived(state);
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

const refused = (s: CaseRef, by: string, reasons: Reason[], ctx: ResidenceDeregistrationCtx): Event => ({
  type: 'ResidenceDeregistrationCaseRefused',
  data: { applicationId: s.applicationId, requestId: s.requestId, decidedBy: by, reasons, refusedAt: ctx.now },
});

/** The outcome the rule gives now, for the policy (`system`) or the approving officer. */
function assess(c: OpenDeregistration, ctx: ResidenceDeregistrationCtx, by: string): Event {
  const ref = { applicationId: c.applicationId, requestId: c.requestId };
  const { personalId } = c.deceased;
  // The prerequisite: the death this request quotes is the one the registry holds.
  const registered = ctx.findDeathExtract(personalId);
  if (registered !== c.deathExtractNumber) {
    const reason =
      registered === null
        ? { code: 'death-not-registered', message: `Việc khai tử của ${c.deceased.fullName} chưa được đăng ký trong Cơ sở dữ liệu hộ tịch (không có trích lục khai tử số ${c.deathExtractNumber}).` }
        : { code: 'death-extract-mismatch', message: `Việc khai tử của ${c.deceased.fullName} đã được đăng ký theo trích lục khai tử số ${registered}, không phải số ${c.deathExtractNumber} ghi trong hồ sơ.` };
    return refused(c, by, [reason], ctx);
  }
  const household = ctx.findResidence(personalId);
  if (household === null) {
    const reason = { code: 'no-permanent-residence', message: `${c.deceased.fullName} không có nơi thường trú nên không phải xóa đăng ký thường trú.` };
    return { type: 'ResidenceDeregistrationCaseNotApplicable', data: { ...ref, reason, decidedAt: ctx.now } };
  }
  const plan = planDeregistration(household, personalId, c.newHeadPersonalId, localDate(ctx.now));
  if (plan.kind === 'refused') return refused(c, by, plan.reasons, ctx);
  return {
    type: 'ResidenceDeregistrationCaseCompleted',
    data: {
      ...ref,
      personalId,
      deathExtractNumber: c.deathExtractNumber,
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

/**
 * Every outcome follows from the residence database, so there is nothing to ask for by itself:
 * under `auto` the rule's outcome is the decision; under `manual` it is the task's proposal.
 */
function receive(request: ResidenceDeregistrationRequest, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  const received: Event = { type: 'ResidenceDeregistrationRequestReceived', data: request };
  return desk.receive(state, received, evolve, (open) => {
    const outcome = assess(open, ctx, SYSTEM_OFFICER);
    return assessByPolicy<Event>(ctx.policy ?? 'auto', { refusals: [], missing: [] }, false, {
      refuse: () => [outcome],
      accept: () => [outcome],
      requestSupplement: () => [outcome],
      openTask: () => [
        { type: 'ResidenceDeregistrationTaskOpened', data: { applicationId: open.applicationId, requestId: open.requestId, proposedOutcome: proposal(outcome), openedAt: ctx.now } },
      ],
    });
  });
}

export function decide(cmd: Command, state: State, ctx: ResidenceDeregistrationCtx): Event[] {
  const ref = (s: CaseRef): CaseRef => ({ applicationId: s.applicationId, requestId: s.requestId });
  switch (cmd.type) {
    case 'ReceiveResidenceDeregistrationRequest':
      return receive(cmd.data, state, ctx);
    case 'ClaimResidenceDeregistrationTask':
      return desk.claim(state, cmd.data.officerId, (s): Event => ({ type: 'ResidenceDeregistrationTaskClaimed', data: { ...ref(s), officerId: cmd.data.officerId, claimedAt: ctx.now } }));
    case 'ApproveResidenceDeregistration':
      return [assess(desk.awaitingOfficer(state, cmd.data.officerId), ctx, cmd.data.officerId)];
    case 'RefuseResidenceDeregistration':
      return [refused(desk.refusable(state, cmd.data.officerId, cmd.data.reasons), cmd.data.officerId, cmd.data.reasons, ctx)];
    case 'RequestResidenceSupplement': {
      const s = desk.supplementRequestable(state, cmd.data.officerId, cmd.data.missing);
      if (!ctx.nextSupplementRequestId) throw new Error('nextSupplementRequestId is required to request a supplement');
      const data = { ...ref(s), decidedBy: cmd.data.officerId, supplementRequestId: ctx.nextSupplementRequestId(), missing: cmd.data.missing, requestedAt: ctx.now };
      return [{ type: 'ResidenceDeregistrationSupplementRequested', data }];
    }
    case 'ProvideResidenceSupplement':
      // Only an officer asks here, so the papers always go back to the officer's task.
      return desk.provide(
        state,
        cmd.data.supplementRequestId,
        (s): Event => ({ type: 'ResidenceDeregistrationSupplementProvided', data: { ...ref(s), ...cmd.data, providedAt: ctx.now } }),
        evolve,
        () => [],
      );
    case 'CancelResidenceDeregistration':
      return desk.cancel(state, (s): Event => ({ type: 'ResidenceDeregistrationCancelled', data: { ...ref(s), reason: cmd.data.reason, cancelledAt: ctx.now } }));
    default:
      return assertNever(cmd);
  }
}

export const residenceDeregistrationDecider = { initialState, evolve, decide };
