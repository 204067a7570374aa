import { assertNever, byClaimer, CivilRegistryError, type MissingItem, type Reason } from './common';
import { checkDeathRegistration, isLateRegistration } from './death-registration.checks';
import {
  type DeathRegistrationCommand as Command,
  type DeathRegistrationCtx as Ctx,
  type DeathRegistrationEvent as Event,
  type DeathRegistrationState as State,
  type OpenCase,
  SYSTEM,
} from './death-registration.types';

export * from './death-registration.types';

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  switch (event.type) {
    case 'DeathRegistrationRequestReceived': {
      const d = event.data;
      return {
        status: 'awaiting-officer',
        applicationId: d.applicationId,
        requestId: d.requestId,
        deceased: d.deceased,
        hasProofOfDeath: d.deathNotice !== undefined || d.replacingDocument !== undefined,
        receivedAt: d.receivedAt,
        lateRegistration: d.lateRegistration,
      };
    }
    case 'DeathRegistrationTaskOpened':
      return state;
    case 'DeathRegistrationTaskClaimed':
      return state.status === 'awaiting-officer' || state.status === 'awaiting-supplement' ? { ...state, claimedBy: event.data.officerId } : state;
    case 'DeathRegistrationSupplementRequested':
      if (state.status !== 'awaiting-officer') return state;
      return { ...state, status: 'awaiting-supplement', supplementRequestId: event.data.supplementRequestId, requestedBy: event.data.decidedBy };
    case 'DeathRegistrationSupplementProvided': {
      if (state.status !== 'awaiting-supplement') return state;
      const { supplementRequestId: _id, requestedBy: _by, ...open } = state;
      const proof = event.data.deathNotice !== undefined || event.data.replacingDocument !== undefined;
      return { ...open, status: 'awaiting-officer', hasProofOfDeath: open.hasProofOfDeath || proof };
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

type Open = Extract<State, { status: 'awaiting-officer' | 'awaiting-supplement' }>;

function open(state: State): Open {
  switch (state.status) {
    case 'none':
      throw new CivilRegistryError('CASE_NOT_FOUND', 'no death registration request was received for this case');
    case 'registered':
    case 'refused':
    case 'cancelled':
      throw new CivilRegistryError('CASE_ALREADY_DECIDED', `the case ${state.requestId} is already ${state.status}`);
    default:
      return state;
  }
}

function awaitingOfficer(state: State): Extract<State, { status: 'awaiting-officer' }> {
  const s = open(state);
  if (s.status === 'awaiting-supplement') {
    throw new CivilRegistryError('SUPPLEMENT_PENDING', `supplement ${s.supplementRequestId} has not arrived yet`);
  }
  return s;
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
 * The automatic decision. A refusal that follows from the data wins over a missing paper,
 * since no supplement could cure it. After a supplement it never asks again by itself: a
 * second round goes to an officer rather than looping with the requester. A contradiction with
 * the registry is a refusal or a missing item (per ctx.identityMismatch), so it is never
 * registered here: only an officer who saw it may (docs/adr/0103).
 */
function assess(s: OpenCase, ctx: Ctx, mayRequestSupplement: boolean): Event[] {
  const checks = checksFor(s, ctx);
  const auto = ctx.policy === 'auto';
  if (auto && checks.refusals.length > 0) return [refused(s, ctx, SYSTEM, checks.refusals, checks.existingDeathExtractNumber)];
  if (auto && checks.missing.length === 0) return [registered(s, ctx, SYSTEM)];
  if (auto && mayRequestSupplement) return [supplementRequested(s, ctx, SYSTEM, checks.missing)];
  const task: Event = {
    type: 'DeathRegistrationTaskOpened',
    data: {
      ...ref(s),
      proposedRefusals: checks.refusals,
      missing: checks.missing,
      lateRegistration: s.lateRegistration,
      ...(checks.discrepancies.length === 0 ? {} : { discrepancies: checks.discrepancies }),
      openedAt: ctx.now,
    },
  };
  return [task];
}

function receive(cmd: Extract<Command, { type: 'ReceiveDeathRegistrationRequest' }>, state: State, ctx: Ctx): Event[] {
  // A redelivered request is already recorded: nothing new happened.
  if (state.status !== 'none') return [];
  const request = cmd.data;
  const lateRegistration = isLateRegistration(request.deceased.dateOfDeath, request.receivedAt);
  const received: Event = { type: 'DeathRegistrationRequestReceived', data: { ...request, lateRegistration } };
  const after = evolve(state, received) as Open;
  return [received, ...assess(after, ctx, true)];
}

function register(cmd: Extract<Command, { type: 'RegisterDeath' }>, state: State, ctx: Ctx): Event[] {
  const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
  // The registry may have changed since receipt (another case registered the same death).
  const checks = checksFor(s, ctx);
  if (checks.refusals.length > 0) return [refused(s, ctx, cmd.data.officerId, checks.refusals, checks.existingDeathExtractNumber)];
  if (!s.hasProofOfDeath) {
    throw new CivilRegistryError('PROOF_OF_DEATH_MISSING', 'request a supplement: no death notice or replacing document is attached');
  }
  return [registered(s, ctx, cmd.data.officerId)];
}

function provide(cmd: Extract<Command, { type: 'ProvideSupplement' }>, state: State, ctx: Ctx): Event[] {
  const s = open(state);
  if (s.status !== 'awaiting-supplement') throw new CivilRegistryError('NO_SUPPLEMENT_PENDING', 'no supplement was requested');
  if (s.supplementRequestId !== cmd.data.supplementRequestId) {
    throw new CivilRegistryError('UNKNOWN_SUPPLEMENT_REQUEST', `expected supplement ${s.supplementRequestId}`);
  }
  const provided: Event = { type: 'DeathRegistrationSupplementProvided', data: { ...ref(s), ...cmd.data, providedAt: ctx.now } };
  // What an officer asked for, an officer reviews; what the system asked for, it re-checks.
  if (s.requestedBy !== SYSTEM) return [provided];
  return [provided, ...assess(evolve(s, provided) as Open, ctx, false)];
}

export function decide(cmd: Command, state: State, ctx: Ctx): Event[] {
  switch (cmd.type) {
    case 'ReceiveDeathRegistrationRequest':
      return receive(cmd, state, ctx);
    case 'ClaimDeathRegistrationTask': {
      const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
      return [{ type: 'DeathRegistrationTaskClaimed', data: { ...ref(s), officerId: cmd.data.officerId, claimedAt: ctx.now } }];
    }
    case 'RegisterDeath':
      return register(cmd, state, ctx);
    case 'RefuseDeathRegistration': {
      const s = byClaimer(open(state), cmd.data.officerId);
      if (cmd.data.reasons.length === 0) throw new Error('a refusal needs at least one reason');
      return [refused(s, ctx, cmd.data.officerId, cmd.data.reasons)];
    }
    case 'RequestSupplement': {
      const s = byClaimer(awaitingOfficer(state), cmd.data.officerId);
      if (cmd.data.missing.length === 0) throw new Error('a supplement request names at least one missing item');
      return [supplementRequested(s, ctx, cmd.data.officerId, cmd.data.missing)];
    }
    case 'ProvideSupplement':
      return provide(cmd, state, ctx);
    case 'CancelDeathRegistration': {
      if (state.status === 'cancelled') return [];
      const s = open(state);
      return [{ type: 'DeathRegistrationCancelled', data: { ...ref(s), reason: cmd.data.reason, cancelledAt: ctx.now } }];
    }
    default:
      return assertNever(cmd);
  }
}

export const deathRegistrationDecider = { initialState, evolve, decide };
