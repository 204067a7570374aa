import { type MissingItem, type Reason, type DecisionPolicy, SYSTEM_OFFICER } from './vocabulary';

/**
 * The agency case lifecycle, written once (issue 18, ADR 1002): receive → assess by policy →
 * officer task → claim → supplement → decide → cancel. A procedure (death registration,
 * residence deregistration, funeral allowance, the next agency's) keeps only what is its own:
 * the fields of its open case, its checks, its outcome events and its messages. Everything here
 * is pure: no I/O, no clock, no ids (they come in with the events the procedure builds).
 */

/** The refusals every desk shares; the service maps them to HTTP and Kafka once, by code. */
export type CaseErrorCode =
  | 'CASE_NOT_FOUND'
  | 'CASE_ALREADY_DECIDED'
  | 'SUPPLEMENT_PENDING'
  | 'NO_SUPPLEMENT_PENDING'
  | 'UNKNOWN_SUPPLEMENT_REQUEST'
  | 'TASK_CLAIMED_BY_ANOTHER_OFFICER';

/** What every undecided case holds, whatever its procedure. */
export interface OpenFields {
  requestId: string;
  /** The officer who claimed the task: only they decide it (409 for another). */
  claimedBy?: string;
}

export type AwaitingOfficer<C> = C & OpenFields & { status: 'awaiting-officer' };
export type AwaitingSupplement<C> = C &
  OpenFields & {
    status: 'awaiting-supplement';
    supplementRequestId: string;
    /** Who asked: what an officer asked for, an officer reviews; what the system asked for, it re-checks. */
    requestedBy: string;
  };
export type OpenCase<C> = AwaitingOfficer<C> | AwaitingSupplement<C>;

/** A procedure's state: nothing received yet, open (C: what its decisions need), or one of its decided statuses. */
export type CaseState<C, Decided extends { status: string }> = { status: 'none' } | OpenCase<C> | Decided;

type AnyState = { status: string };
const isOpen = (s: AnyState): boolean => s.status === 'awaiting-officer' || s.status === 'awaiting-supplement';

// --- evolve: the lifecycle's own transitions -------------------------------------------------

/** An open case received: it waits for the policy's assessment or an officer. */
export const caseOpened = <C>(fields: C & { requestId: string }): AwaitingOfficer<C> => ({ ...fields, status: 'awaiting-officer' });

/** The officer who took the task; a decided case keeps no claim. */
export const taskClaimed = <S extends AnyState>(state: S, officerId: string): S => (isOpen(state) ? { ...state, claimedBy: officerId } : state);

/** The case waits for the papers it asked for. */
export function supplementAsked<S extends AnyState>(state: S, supplementRequestId: string, requestedBy: string): S {
  return state.status === 'awaiting-officer' ? { ...state, status: 'awaiting-supplement', supplementRequestId, requestedBy } : state;
}

/** The papers arrived: the case is back with the officer (or the policy), with what the procedure learnt from them. */
export function supplementArrived<S extends AnyState>(state: S, learnt: (open: S) => Partial<S> = () => ({})): S {
  if (state.status !== 'awaiting-supplement') return state;
  const { supplementRequestId: _id, requestedBy: _by, ...open } = state as S & { supplementRequestId?: string; requestedBy?: string };
  return { ...open, ...learnt(state), status: 'awaiting-officer' } as S;
}

// --- assess by policy -------------------------------------------------------------------------

/** What a procedure's checks found. */
export interface Findings {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: readonly Reason[];
  missing: readonly MissingItem[];
  /** false when the decision rests on a rule reported but not confirmed: an officer decides (ADR 0203). */
  settled?: boolean;
}

/** The procedure's outcome events, built only when chosen (building one may take an id). */
export interface PolicyOutcomes<E> {
  refuse(): E[];
  accept(): E[];
  requestSupplement(): E[];
  openTask(): E[];
}

/**
 * The one assessment rule. Under `auto` a refusal that follows from the data wins over a
 * missing paper (no supplement could cure it); a clean case is accepted; missing papers are
 * asked for once, and after a supplement a second round goes to an officer rather than looping
 * with the requester. Everything else, and everything under `manual`, is an officer task.
 */
export function assessByPolicy<E>(policy: DecisionPolicy, findings: Findings, mayRequestSupplement: boolean, outcomes: PolicyOutcomes<E>): E[] {
  if (policy === 'auto') {
    if (findings.refusals.length > 0) return outcomes.refuse();
    if ((findings.settled ?? true) && findings.missing.length === 0) return outcomes.accept();
    if (mayRequestSupplement && findings.missing.length > 0) return outcomes.requestSupplement();
  }
  return outcomes.openTask();
}

// --- decide: the lifecycle's rules, parameterised by the procedure ----------------------------

export interface DeskSpec<C, D extends AnyState> {
  /** The procedure in words, for messages: `death registration`. */
  procedure: string;
  /** The case's id in messages (the request id, or the procedure's own, e.g. a claim id). */
  idOf(state: OpenCase<C> | D): string;
  /** The service's own error class, so its edges map every refusal by code, once. */
  fail(code: CaseErrorCode, message: string): Error;
}

export interface CaseDesk<C, D extends AnyState> {
  /** The case is open (not none, not decided). */
  open(state: CaseState<C, D>): OpenCase<C>;
  /** The case waits for an officer (no supplement pending) and the officer may act on it. */
  awaitingOfficer(state: CaseState<C, D>, officerId?: string): AwaitingOfficer<C>;
  /** A task another officer claimed is theirs to decide; the same officer again, or the system, passes. */
  byClaimer<T extends OpenCase<C>>(state: T, officerId: string): T;
  /** The one claim rule: an open task, no supplement pending, not another officer's; claiming it again changes nothing. */
  claim<E>(state: CaseState<C, D>, officerId: string, claimed: (s: AwaitingOfficer<C>) => E): E[];
  /** The one refusal rule for officers: any open case (also while papers are on their way), if theirs to decide. */
  refusable(state: CaseState<C, D>, officerId: string, reasons: readonly Reason[]): OpenCase<C>;
  /** The one supplement-request rule: the officer's open task, naming at least one missing item. */
  supplementRequestable(state: CaseState<C, D>, officerId: string, missing: readonly MissingItem[]): AwaitingOfficer<C>;
  /** Receives a request once: a redelivered one changes nothing. */
  receive<E>(state: CaseState<C, D>, received: E, evolve: (s: CaseState<C, D>, e: E) => CaseState<C, D>, assess: (s: OpenCase<C>) => E[]): E[];
  /** The one supplement rule: the supplement asked for arrives; the system re-assesses what it asked for itself. */
  provide<E>(
    state: CaseState<C, D>,
    supplementRequestId: string,
    provided: (s: AwaitingSupplement<C>) => E,
    evolve: (s: CaseState<C, D>, e: E) => CaseState<C, D>,
    reassess: (s: OpenCase<C>) => E[],
  ): E[];
  /** The one cancellation rule: an open case is cancelled, a cancelled one stays so, a decided one stays decided. */
  cancel<E>(state: CaseState<C, D>, cancelled: (s: OpenCase<C>) => E): E[];
}

export function caseDesk<C, D extends AnyState>(spec: DeskSpec<C, D>): CaseDesk<C, D> {
  const open = (state: CaseState<C, D>): OpenCase<C> => {
    if (state.status === 'none') throw spec.fail('CASE_NOT_FOUND', `no ${spec.procedure} request was received for this case`);
    if (!isOpen(state)) throw spec.fail('CASE_ALREADY_DECIDED', `the case ${spec.idOf(state as D)} is already ${state.status}`);
    return state as OpenCase<C>;
  };
  const byClaimer = <T extends OpenCase<C>>(s: T, officerId: string): T => {
    if (s.claimedBy !== undefined && s.claimedBy !== officerId && officerId !== SYSTEM_OFFICER) {
      throw spec.fail('TASK_CLAIMED_BY_ANOTHER_OFFICER', `the task of case ${spec.idOf(s)} is being handled by another officer`);
    }
    return s;
  };
  const awaitingOfficer = (state: CaseState<C, D>, officerId: string = SYSTEM_OFFICER): AwaitingOfficer<C> => {
    const s = byClaimer(open(state), officerId);
    if (s.status === 'awaiting-supplement') throw spec.fail('SUPPLEMENT_PENDING', `supplement ${s.supplementRequestId} has not arrived yet`);
    return s;
  };
  return {
    open,
    byClaimer,
    awaitingOfficer,
    claim(state, officerId, claimed) {
      const s = awaitingOfficer(state, officerId);
      return s.claimedBy === officerId ? [] : [claimed(s)];
    },
    refusable(state, officerId, reasons) {
      const s = byClaimer(open(state), officerId);
      if (reasons.length === 0) throw new Error('a refusal needs at least one reason');
      return s;
    },
    supplementRequestable(state, officerId, missing) {
      const s = awaitingOfficer(state, officerId);
      if (missing.length === 0) throw new Error('a supplement request names at least one missing item');
      return s;
    },
    receive(state, received, evolve, assess) {
      if (state.status !== 'none') return [];
      return [received, ...assess(open(evolve(state, received)))];
    },
    provide(state, supplementRequestId, provided, evolve, reassess) {
      const s = open(state);
      if (s.status !== 'awaiting-supplement') throw spec.fail('NO_SUPPLEMENT_PENDING', 'no supplement was requested');
      if (s.supplementRequestId !== supplementRequestId) throw spec.fail('UNKNOWN_SUPPLEMENT_REQUEST', `expected supplement ${s.supplementRequestId}`);
      const event = provided(s);
      if (s.requestedBy !== SYSTEM_OFFICER) return [event];
      return [event, ...reassess(open(evolve(s, event)))];
    },
    cancel(state, cancelled) {
      if (state.status === 'cancelled') return [];
      return [cancelled(open(state))];
    },
  };
}
