import { type AwaitingOfficer, type MissingItem, type OpenCase as Open, type Reason, SYSTEM_OFFICER as SYSTEM, assertNever, assessByPolicy, caseOpened, supplementArrived, supplementAsked, taskClaimed } from '@lienthong/agency-desk';
import { CivilRegistryError, civilRegistryDesk } from '../../domain/errors';
import { checkDeathRegistration, isLateRegistration } from './death-registration.checks';
import {
  type DeathRegistrationCommand as Command,
  type DeathRegistrationCtx as Ctx,
  type DeathRegistrationEvent as Event,
  type DeathRegistrationState as State,
  type DecidedCase,
  type OpenCase,
} from './death-registration.types';

export * from './death-registration.types';

/** The lifecycle is the agency desk's; what follows is death registration's own. */
const desk = civilRegistryDesk<OpenCase, DecidedCase>('death registration');

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  switch (event.type) {
    case 'DeathRegistrationRequestReceived': {
      const d = event.data;
      return caseOpened<OpenCase>({
        applicationId: d.applicationId,
        requestId: d.requestId,
        deceased: d.deceased,
        hasProofOfDeath: d.deathNotice !== undefined || d.replacingDocument !== undefined,
        receivedAt: d.receivedAt,
        lateRegistration: d.lateRegistration,
      });
    }
    case 'DeathRegistrationTaskOpened':
      return state;
    case 'DeathRegistrationTaskClaimed':
      return taskClaimed(state, event.data.officerId);
    case 'DeathRegistrationSupplementRequested':
      return supplementAsked(state, event.data.supplementRequestId, event.data.decidedBy);
    case 'DeathRegistrationSupplementProvided': {
      const proof = event.data.deathNotice !== undefined || event.data.replacingDocument !== undefined;
      return supplementArrived(state, () => (proof ? { hasProofOfDeath: true } : {}));
    }
    case 'DeathExtractIssued':
      return { status: 'registered', requestId: event.data.requestId, deathExtractNumber: event.data.deathExtractNumber };
    case 'DeathRegistrationCaseRefused':
      return { status: 'refused', requestId: event.data.requestId };
    case 'DeathRegistrationCancelled':
      return { status: 'cancelled', requestId: event.data.requestId };
    default:
      return assertNever(event);
  }
}

const ref = (s: OpenCase) => ({ applicationId: s.applicationId, requestId: s.requestId });
const checksFor = (s: OpenCase, ctx: Ctx) =>
  checkDeathRegistration({
    deceased: s.deceased,
    hasProofOfDeath: s.hasProofOfDeath,
    person: ctx.findPerson(s.deceased.personalId),
    receivedAt: s.receivedAt,
    now: ctx.now,
    ...(ctx.identityMismatch === undefined ? {} : { identityMismatch: ctx.identityMismatch }),
  });

const refused = (s: OpenCase, ctx: Ctx, by: string, reasons: Reason[], existing?: string): Event => ({
  type: 'DeathRegistrationCaseRefused',
  data: { ...ref(s), decidedBy: by, reasons, ...(existing === undefined ? {} : { existingDeathExtractNumber: existing }), refusedAt: ctx.now },
});
const registered = (s: OpenCase, ctx: Ctx, by: string): Event => ({
  type: 'DeathExtractIssued',
  data: {
    ...ref(s),
    decidedBy: by,
    personalId: s.deceased.personalId,
    dateOfDeath: s.deceased.dateOfDeath,
    deathExtractNumber: ctx.nextExtractNumber(),
    lateRegistration: s.lateRegistration,
    registeredAt: ctx.now,
  },
});
const supplementRequested = (s: OpenCase, ctx: Ctx, by: string, missing: MissingItem[]): Event => ({
  type: 'DeathRegistrationSupplementRequested',
  data: { ...ref(s), decidedBy: by, supplementRequestId: ctx.nextSupplementRequestId(), missing, requestedAt: ctx.now },
});

/**
 * The automatic decision (the desk's one policy rule: refusal before missing papers, one
 * automatic supplement round). A contradiction with the registry is a refusal or a missing item
 * (per ctx.identityMismatch), so it is never registered here: only an officer who saw it may
 * (docs/adr/0103).
 */
function assess(s: OpenCase, ctx: Ctx, mayRequestSupplement: boolean): Event[] {
  const checks = checksFor(s, ctx);
  return assessByPolicy<Event>(ctx.policy, checks, mayRequestSupplement, {
    refuse: () => [refused(s, ctx, SYSTEM, checks.refusals, checks.existingDeathExtractNumber)],
    accept: () => [registered(s, ctx, SYSTEM)],
    requestSupplement: () => [supplementRequested(s, ctx, SYSTEM, checks.missing)],
    openTask: () => [
      {
        type: 'DeathRegistrationTaskOpened',
        data: {
          ...ref(s),
          proposedRefusals: checks.refusals,
          missing: checks.missing,
          lateRegistration: s.lateRegistration,
          ...(checks.discrepancies.length === 0 ? {} : { discrepancies: checks.discrepancies }),
          openedAt: ctx.now,
        },
      },
    ],
  });
}

function receive(cmd: Extract<Command, { type: 'ReceiveDeathRegistrationRequest' }>, state: State, ctx: Ctx): Event[] {
  const request = cmd.data;
  const lateRegistration = isLateRegistration(request.deceased.dateOfDeath, request.receivedAt);
  const received: Event = { type: 'DeathRegistrationRequestReceived', data: { ...request, lateRegistration } };
  return desk.receive(state, received, evolve, (open) => assess(open, ctx, true));
}

function register(officerId: string, state: State, ctx: Ctx): Event[] {
  const s: AwaitingOfficer<OpenCase> = desk.awaitingOfficer(state, officerId);
  // The registry may have changed since receipt (another case registered the same death).
  const checks = checksFor(s, ctx);
  if (checks.refusals.length > 0) return [refused(s, ctx, officerId, checks.refusals, checks.existingDeathExtractNumber)];
  if (!s.hasProofOfDeath) {
    throw new CivilRegistryError('PROOF_OF_DEATH_MISSING', 'request a supplement: no death notice or replacing document is attached');
  }
  return [registered(s, ctx, officerId)];
}

export function decide(cmd: Command, state: State, ctx: Ctx): Event[] {
  switch (cmd.type) {
    case 'ReceiveDeathRegistrationRequest':
      return receive(cmd, state, ctx);
    case 'ClaimDeathRegistrationTask':
      return desk.claim(state, cmd.data.officerId, (s): Event => ({ type: 'DeathRegistrationTaskClaimed', data: { ...ref(s), officerId: cmd.data.officerId, claimedAt: ctx.now } }));
    case 'RegisterDeath':
      return register(cmd.data.officerId, state, ctx);
    case 'RefuseDeathRegistration':
      return [refused(desk.refusable(state, cmd.data.officerId, cmd.data.reasons), ctx, cmd.data.officerId, cmd.data.reasons)];
    case 'RequestSupplement':
      return [supplementRequested(desk.supplementRequestable(state, cmd.data.officerId, cmd.data.missing), ctx, cmd.data.officerId, cmd.data.missing)];
    case 'ProvideSupplement':
      return desk.provide(
        state,
        cmd.data.supplementRequestId,
        (s): Event => ({ type: 'DeathRegistrationSupplementProvided', data: { ...ref(s), ...cmd.data, providedAt: ctx.now } }),
        evolve,
        (open: Open<OpenCase>) => assess(open, ctx, false),
      );
    case 'CancelDeathRegistration':
      return desk.cancel(state, (s): Event => ({ type: 'DeathRegistrationCancelled', data: { ...ref(s), reason: cmd.data.reason, cancelledAt: ctx.now } }));
    default:
      return assertNever(cmd);
  }
}

export const deathRegistrationDecider = { initialState, evolve, decide };
