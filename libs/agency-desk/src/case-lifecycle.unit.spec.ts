import { deciderSpec } from '@lienthong/testing';
import { type CaseState, assessByPolicy, caseDesk, caseOpened, supplementArrived, supplementAsked, taskClaimed } from './case-lifecycle';
import { type DecisionPolicy, type MissingItem, type Reason, SYSTEM_OFFICER, assertNever } from './vocabulary';

/**
 * The lifecycle through a made-up procedure (a boat licence), built as a new agency's would be:
 * its open case, its checks, its outcome events; the rest is the kernel's.
 */
class DeskError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
const is = (code: string) => (e: unknown) => e instanceof DeskError && e.code === code;

type Ref = { applicationId: string; requestId: string };
type Licence = Ref & { hasPermit: boolean };
type State = CaseState<Licence, { status: 'licensed' | 'refused' | 'cancelled'; requestId: string }>;
type Event =
  | { type: 'Received'; data: Licence }
  | { type: 'TaskOpened'; data: Ref & { missing: MissingItem[] } }
  | { type: 'TaskClaimed'; data: Ref & { officerId: string } }
  | { type: 'SupplementRequested'; data: Ref & { decidedBy: string; supplementRequestId: string; missing: MissingItem[] } }
  | { type: 'SupplementProvided'; data: Ref & { supplementRequestId: string; permit: boolean } }
  | { type: 'Licensed'; data: Ref & { decidedBy: string } }
  | { type: 'Refused'; data: Ref & { decidedBy: string; reasons: Reason[] } }
  | { type: 'Cancelled'; data: Ref };
type Command =
  | { type: 'Receive'; data: Licence }
  | { type: 'Claim'; data: { officerId: string } }
  | { type: 'Approve'; data: { officerId: string } }
  | { type: 'Refuse'; data: { officerId: string; reasons: Reason[] } }
  | { type: 'AskForPapers'; data: { officerId: string; missing: MissingItem[] } }
  | { type: 'Provide'; data: { supplementRequestId: string; permit: boolean } }
  | { type: 'Cancel' };

const desk = caseDesk<Licence, Extract<State, { status: 'licensed' | 'refused' | 'cancelled' }>>({
  procedure: 'boat licence',
  idOf: (s) => s.requestId,
  fail: (code, message) => new DeskError(code, message),
});
const permit: MissingItem = { code: 'permit', description: 'The harbour permit.' };
const ref = (s: Ref): Ref => ({ applicationId: s.applicationId, requestId: s.requestId });

function evolve(s: State, e: Event): State {
  switch (e.type) {
    case 'Received':
      return caseOpened(e.data);
    case 'TaskOpened':
      return s;
    case 'TaskClaimed':
      return taskClaimed(s, e.data.officerId);
    case 'SupplementRequested':
      return supplementAsked(s, e.data.supplementRequestId, e.data.decidedBy);
    case 'SupplementProvided':
      return supplementArrived(s, () => ({ hasPermit: e.data.permit }));
    case 'Licensed':
      return { status: 'licensed', requestId: e.data.requestId };
    case 'Refused':
      return { status: 'refused', requestId: e.data.requestId };
    case 'Cancelled':
      return { status: 'cancelled', requestId: e.data.requestId };
    default:
      return assertNever(e);
  }
}

const assess = (s: Licence, policy: DecisionPolicy, again: boolean): Event[] => {
  const missing = s.hasPermit ? [] : [permit];
  return assessByPolicy<Event>(policy, { refusals: [], missing }, again, {
    refuse: () => [],
    accept: () => [{ type: 'Licensed', data: { ...ref(s), decidedBy: SYSTEM_OFFICER } }],
    requestSupplement: () => [{ type: 'SupplementRequested', data: { ...ref(s), decidedBy: SYSTEM_OFFICER, supplementRequestId: 's1', missing } }],
    openTask: () => [{ type: 'TaskOpened', data: { ...ref(s), missing } }],
  });
};

function decide(c: Command, s: State, policy: DecisionPolicy): Event[] {
  switch (c.type) {
    case 'Receive':
      return desk.receive(s, { type: 'Received', data: c.data }, evolve, (o) => assess(o, policy, true));
    case 'Claim':
      return desk.claim(s, c.data.officerId, (o): Event => ({ type: 'TaskClaimed', data: { ...ref(o), officerId: c.data.officerId } }));
    case 'Approve':
      return [{ type: 'Licensed', data: { ...ref(desk.awaitingOfficer(s, c.data.officerId)), decidedBy: c.data.officerId } }];
    case 'Refuse':
      return [{ type: 'Refused', data: { ...ref(desk.refusable(s, c.data.officerId, c.data.reasons)), decidedBy: c.data.officerId, reasons: c.data.reasons } }];
    case 'AskForPapers': {
      const o = desk.supplementRequestable(s, c.data.officerId, c.data.missing);
      return [{ type: 'SupplementRequested', data: { ...ref(o), decidedBy: c.data.officerId, supplementRequestId: 's2', missing: c.data.missing } }];
    }
    case 'Provide':
      return desk.provide(s, c.data.supplementRequestId, (o): Event => ({ type: 'SupplementProvided', data: { ...ref(o), ...c.data } }), evolve, (o) => assess(o, policy, false));
    case 'Cancel':
      return desk.cancel(s, (o): Event => ({ type: 'Cancelled', data: ref(o) }));
    default:
      return assertNever(c);
  }
}

const { given } = deciderSpec({ initialState: (): State => ({ status: 'none' }), evolve, decide }, 'manual' as DecisionPolicy);
const ids: Ref = { applicationId: 'a1', requestId: 'r1' };
const received: Event = { type: 'Received', data: { ...ids, hasPermit: true } };
const noPermit: Event = { type: 'Received', data: { ...ids, hasPermit: false } };
const opened: Event = { type: 'TaskOpened', data: { ...ids, missing: [] } };
const claimedBy = (officerId: string): Event => ({ type: 'TaskClaimed', data: { ...ids, officerId } });
const asked = (by: string, id = 's2'): Event => ({ type: 'SupplementRequested', data: { ...ids, decidedBy: by, supplementRequestId: id, missing: [permit] } });
const reasons = [{ code: 'x', message: 'y' }];

describe('agency desk: receive and assess by policy', () => {
  it('accepts a clean case under auto, and opens a task under manual', () => {
    given().when({ type: 'Receive', data: received.data }, 'auto').then([received, { type: 'Licensed', data: { ...ids, decidedBy: SYSTEM_OFFICER } }]);
    given().when({ type: 'Receive', data: received.data }).then([received, opened]);
  });

  it('receives a request once: a redelivery changes nothing', () => given([received, opened]).when({ type: 'Receive', data: received.data }).then([]));

  it('asks for missing papers once by itself, then re-assesses what it asked for', () => {
    given().when({ type: 'Receive', data: noPermit.data }, 'auto').then([noPermit, asked(SYSTEM_OFFICER, 's1')]);
    const provided: Event = { type: 'SupplementProvided', data: { ...ids, supplementRequestId: 's1', permit: false } };
    // Still missing after the supplement: an officer, not a second round with the requester.
    given([noPermit, asked(SYSTEM_OFFICER, 's1')]).when({ type: 'Provide', data: { supplementRequestId: 's1', permit: false } }, 'auto').then([provided, { type: 'TaskOpened', data: { ...ids, missing: [permit] } }]);
  });

  it('puts a refusal before missing papers under auto', () =>
    expect(assessByPolicy('auto', { refusals: reasons, missing: [permit] }, true, { refuse: () => ['refuse'], accept: () => ['accept'], requestSupplement: () => ['ask'], openTask: () => ['task'] })).toEqual(['refuse']));

  it('leaves a decision resting on an unconfirmed rule to an officer', () =>
    expect(assessByPolicy('auto', { refusals: [], missing: [], settled: false }, true, { refuse: () => ['refuse'], accept: () => ['accept'], requestSupplement: () => ['ask'], openTask: () => ['task'] })).toEqual(['task']));
});

describe('agency desk: the claim rule', () => {
  it('lets an officer claim an open task, once', () => {
    given([received, opened]).when({ type: 'Claim', data: { officerId: 'o1' } }).then([claimedBy('o1')]);
    given([received, opened, claimedBy('o1')]).when({ type: 'Claim', data: { officerId: 'o1' } }).then([]);
  });

  it('keeps a claimed task to its officer: another may neither claim nor decide it; the system may', () => {
    for (const c of [{ type: 'Claim', data: { officerId: 'o2' } }, { type: 'Approve', data: { officerId: 'o2' } }, { type: 'Refuse', data: { officerId: 'o2', reasons } }] as Command[]) {
      given([received, opened, claimedBy('o1')]).when(c).thenThrows(is('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    }
    given([received, opened, claimedBy('o1')]).when({ type: 'Approve', data: { officerId: SYSTEM_OFFICER } }).then([{ type: 'Licensed', data: { ...ids, decidedBy: SYSTEM_OFFICER } }]);
  });

  it('claims neither a task awaiting papers nor a decided, unknown case', () => {
    given([received, opened, asked('o1')]).when({ type: 'Claim', data: { officerId: 'o1' } }).thenThrows(is('SUPPLEMENT_PENDING'));
    given([received, { type: 'Licensed', data: { ...ids, decidedBy: 'o1' } }]).when({ type: 'Claim', data: { officerId: 'o1' } }).thenThrows(is('CASE_ALREADY_DECIDED'));
    given().when({ type: 'Claim', data: { officerId: 'o1' } }).thenThrows(is('CASE_NOT_FOUND'));
  });
});

describe('agency desk: supplements, refusals and cancellation', () => {
  it('reopens the task for the officer who asked, when the papers asked for arrive', () => {
    given([received, opened, asked('o1')]).when({ type: 'Approve', data: { officerId: 'o1' } }).thenThrows(is('SUPPLEMENT_PENDING'));
    given([received, opened, asked('o1')]).when({ type: 'Provide', data: { supplementRequestId: 'other', permit: true } }).thenThrows(is('UNKNOWN_SUPPLEMENT_REQUEST'));
    given([received, opened]).when({ type: 'Provide', data: { supplementRequestId: 's2', permit: true } }).thenThrows(is('NO_SUPPLEMENT_PENDING'));
    given([received, opened, asked('o1')]).when({ type: 'Provide', data: { supplementRequestId: 's2', permit: true } }).thenState({ status: 'awaiting-officer', ...ids, hasPermit: true });
  });

  it('lets the officer refuse while papers are on their way, with reasons', () => {
    given([received, opened, asked('o1')]).when({ type: 'Refuse', data: { officerId: 'o1', reasons } }).then([{ type: 'Refused', data: { ...ids, decidedBy: 'o1', reasons } }]);
    given([received, opened]).when({ type: 'Refuse', data: { officerId: 'o1', reasons: [] } }).thenThrows('a refusal needs at least one reason');
    given([received, opened]).when({ type: 'AskForPapers', data: { officerId: 'o1', missing: [] } }).thenThrows('names at least one missing item');
  });

  it('cancels an open case once; a decided case stays decided, an unknown one has nothing to cancel', () => {
    given([received, opened]).when({ type: 'Cancel' }).then([{ type: 'Cancelled', data: ids }]);
    given([received, opened, { type: 'Cancelled', data: ids }]).when({ type: 'Cancel' }).then([]);
    given([received, { type: 'Refused', data: { ...ids, decidedBy: 'o1', reasons } }]).when({ type: 'Cancel' }).thenThrows(is('CASE_ALREADY_DECIDED'));
    given().when({ type: 'Cancel' }).thenThrows(is('CASE_NOT_FOUND'));
  });
});
