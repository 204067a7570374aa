import { ErrorCode } from '../protocol/api';
import { GroupCoordinator, type JoinRequest, type JoinResult } from './coordinator';
import { OffsetStore } from './offsets';

const G = 'g1';

function setup(opts: { initialRebalanceDelayMs?: number } = {}) {
  const clock = { t: 1_000_000 };
  let seq = 0;
  const offsets = new OffsetStore();
  const c = new GroupCoordinator({
    offsets,
    topicExists: (t) => t === 'orders',
    partitionCount: () => 3,
    now: () => clock.t,
    initialRebalanceDelayMs: opts.initialRebalanceDelayMs,
    newMemberId: (clientId) => `${clientId}-${++seq}`,
  });
  const advance = (ms: number): void => {
    clock.t += ms;
    c.tick();
  };
  return { c, clock, advance, offsets };
}

function req(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: G,
    memberId: '',
    groupInstanceId: null,
    clientId: 'app',
    clientHost: '127.0.0.1:5000',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 5_000,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('m') }],
    requireKnownMemberId: false,
    ...over,
  };
}

/** Lets settled promises run their callbacks; reports whether `p` settled. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let value: T | undefined;
  let done = false;
  void p.then((v) => {
    done = true;
    value = v;
  });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return { done, value };
}

/** Joins v4+ style (two round trips); `joined` is the parked second JoinGroup. */
async function joinV4(c: GroupCoordinator, over: Partial<JoinRequest> = {}): Promise<{ joined: Promise<JoinResult> }> {
  const first = await c.join(req({ ...over, requireKnownMemberId: true }));
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return { joined: c.join(req({ ...over, requireKnownMemberId: true, memberId: first.memberId })) };
}

async function stableGroupOfTwo(c: GroupCoordinator, advance: (ms: number) => void) {
  const a = await c.join(req({ clientId: 'a' }));
  expect(a.generationId).toBe(1);
  await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
  const bJoin = c.join(req({ clientId: 'b' }));
  expect(c.heartbeat(G, a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const aJoin = c.join(req({ clientId: 'a', memberId: a.memberId }));
  const [a2, b2] = await Promise.all([aJoin, bJoin]);
  expect(a2.generationId).toBe(2);
  const syncs = await Promise.all([
    c.sync({
      groupId: G,
      generationId: 2,
      memberId: a2.memberId,
      assignments: [
        { memberId: a2.memberId, assignment: Buffer.from('A') },
        { memberId: b2.memberId, assignment: Buffer.from('B') },
      ],
    }),
    c.sync({ groupId: G, generationId: 2, memberId: b2.memberId, assignments: [] }),
  ]);
  expect(syncs.map((s) => s.assignment.toString())).toEqual(['A', 'B']);
  advance(0);
  return { a: a2.memberId, b: b2.memberId };
}

describe('GroupCoordinator join / sync', () => {
  it('v4+: a first join gets MEMBER_ID_REQUIRED with a fresh id, then joins with it', async () => {
    const { c } = setup();
    const first = await c.join(req({ requireKnownMemberId: true, clientId: 'svc' }));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, memberId: 'svc-1', generationId: -1 });
    expect(c.snapshot(G)?.members).toEqual([]);
    const second = await c.join(req({ requireKnownMemberId: true, clientId: 'svc', memberId: first.memberId }));
    expect(second).toMatchObject({ errorCode: 0, memberId: 'svc-1', leaderId: 'svc-1', generationId: 1 });
    expect(second.members).toEqual([{ memberId: 'svc-1', groupInstanceId: null, metadata: Buffer.from('m') }]);
    expect(c.snapshot(G)?.state).toBe('CompletingRebalance');
  });

  it('v0-3: assigns the member id directly', async () => {
    const { c } = setup();
    const r = await c.join(req({ clientId: 'old' }));
    expect(r).toMatchObject({ errorCode: 0, memberId: 'old-1', generationId: 1, protocolName: 'RoundRobinAssigner' });
  });

  it('unknown member ids are rejected', async () => {
    const { c } = setup();
    expect((await c.join(req({ memberId: 'ghost' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await c.join(req());
    expect((await c.join(req({ memberId: 'ghost' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a new member triggers a rebalance; the leader gets all members, followers none; each gets its own assignment', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    expect(c.snapshot(G)).toMatchObject({ state: 'Stable', generationId: 2, leaderId: a, members: [a, b] });
    expect(c.heartbeat(G, a, 2)).toBe(0);
    expect(c.heartbeat(G, b, 2)).toBe(0);
  });

  it('leader response lists all members; follower response is empty', async () => {
    const { c } = setup();
    const a = await c.join(req({ clientId: 'a' }));
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    const bJoin = c.join(req({ clientId: 'b', protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('bm') }] }));
    const aJoin = c.join(req({ clientId: 'a', memberId: a.memberId }));
    const [ar, br] = await Promise.all([aJoin, bJoin]);
    expect(ar.leaderId).toBe(a.memberId);
    expect(br.leaderId).toBe(a.memberId);
    expect(ar.members.map((m) => [m.memberId, m.metadata.toString()])).toEqual([
      [a.memberId, 'm'],
      [br.memberId, 'bm'],
    ]);
    expect(br.members).toEqual([]);
  });

  it('followers wait for the leader SyncGroup; missing assignment is empty', async () => {
    const { c } = setup();
    const a = await c.join(req({ clientId: 'a' }));
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    const bJoin = c.join(req({ clientId: 'b' }));
    const [, b] = await Promise.all([c.join(req({ clientId: 'a', memberId: a.memberId })), bJoin]);
    const follower = c.sync({ groupId: G, generationId: 2, memberId: b.memberId, assignments: [] });
    expect((await settled(follower)).done).toBe(false);
    await c.sync({
      groupId: G,
      generationId: 2,
      memberId: a.memberId,
      assignments: [{ memberId: a.memberId, assignment: Buffer.from('x') }],
    });
    expect(await follower).toEqual({ errorCode: 0, assignment: Buffer.alloc(0) });
    expect(c.snapshot(G)?.state).toBe('Stable');
  });

  it('SyncGroup errors: unknown member 25, wrong generation 22, rebalancing 27', async () => {
    const { c } = setup();
    const a = await c.join(req({ clientId: 'a' }));
    expect((await c.sync({ groupId: G, generationId: 1, memberId: 'x', assignments: [] })).errorCode).toBe(25);
    expect((await c.sync({ groupId: 'nope', generationId: 1, memberId: 'x', assignments: [] })).errorCode).toBe(25);
    expect((await c.sync({ groupId: G, generationId: 7, memberId: a.memberId, assignments: [] })).errorCode).toBe(22);
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    void c.join(req({ clientId: 'b' }));
    expect((await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] })).errorCode).toBe(27);
  });

  it('a rebalance during CompletingRebalance answers waiting followers with 27', async () => {
    const { c } = setup();
    const a = await c.join(req({ clientId: 'a' }));
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    const bJoin = c.join(req({ clientId: 'b' }));
    const [, b] = await Promise.all([c.join(req({ clientId: 'a', memberId: a.memberId })), bJoin]);
    const follower = c.sync({ groupId: G, generationId: 2, memberId: b.memberId, assignments: [] });
    void c.join(req({ clientId: 'c' }));
    expect((await follower).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('generation goes up by one per rebalance', async () => {
    const { c } = setup();
    const a = await c.join(req());
    expect(a.generationId).toBe(1);
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    // Leader rejoin in Stable triggers a rebalance.
    const again = await c.join(req({ memberId: a.memberId }));
    expect(again.generationId).toBe(2);
  });

  it('a follower rejoining Stable with the same metadata gets the current generation without a rebalance', async () => {
    const { c, advance } = setup();
    const { b } = await stableGroupOfTwo(c, advance);
    const r = await c.join(req({ clientId: 'b', memberId: b }));
    expect(r).toMatchObject({ errorCode: 0, generationId: 2, members: [] });
    expect(c.snapshot(G)?.state).toBe('Stable');
  });

  it('protocol vote: picks the protocol most members prefer among those all support', async () => {
    const { c } = setup();
    const p = (name: string) => ({ name, metadata: Buffer.from(name) });
    const a = await c.join(req({ clientId: 'a', protocols: [p('range'), p('roundrobin')] }));
    expect(a.protocolName).toBe('range');
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    const bJoin = c.join(req({ clientId: 'b', protocols: [p('roundrobin'), p('range'), p('sticky')] }));
    const cJoin = c.join(req({ clientId: 'c', protocols: [p('roundrobin'), p('sticky'), p('range')] }));
    const [ar] = await Promise.all([c.join(req({ clientId: 'a', memberId: a.memberId, protocols: [p('range'), p('roundrobin')] })), bJoin, cJoin]);
    expect(ar.protocolName).toBe('roundrobin');
    expect(ar.members.map((m) => m.metadata.toString())).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
  });

  it('INCONSISTENT_GROUP_PROTOCOL when no protocol is shared or the protocol type differs', async () => {
    const { c } = setup();
    await c.join(req({ protocols: [{ name: 'x', metadata: Buffer.alloc(0) }] }));
    const r = await c.join(req({ protocols: [{ name: 'y', metadata: Buffer.alloc(0) }] }));
    expect(r.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const t = await c.join(req({ protocolType: 'connect', protocols: [{ name: 'x', metadata: Buffer.alloc(0) }] }));
    expect(t.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await c.join(req({ protocols: [] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('a member that does not rejoin within the rebalance timeout is removed; generation + 1', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    const cJoin = joinV4(c, { clientId: 'c' });
    const aJoin = c.join(req({ clientId: 'a', memberId: a }));
    const cRes = await cJoin;
    expect((await settled(aJoin)).done).toBe(false);
    advance(4_999);
    expect((await settled(aJoin)).done).toBe(false);
    advance(1);
    const ar = await aJoin;
    expect(ar).toMatchObject({ errorCode: 0, generationId: 3, leaderId: a });
    expect(ar.members.map((m) => m.memberId)).not.toContain(b);
    expect((await cRes.joined).generationId).toBe(3);
    expect(c.heartbeat(G, b, 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('the leader leaving hands leadership to the next member', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    expect(c.leave(G, [a])).toEqual([{ memberId: a, errorCode: 0 }]);
    const r = await c.join(req({ clientId: 'b', memberId: b }));
    expect(r).toMatchObject({ generationId: 3, leaderId: b });
    expect(r.members.map((m) => m.memberId)).toEqual([b]);
  });

  it('a duplicate JoinGroup replaces the parked one, which is answered with 27', async () => {
    const { c, advance } = setup();
    const { a } = await stableGroupOfTwo(c, advance);
    const first = c.join(req({ clientId: 'a', memberId: a }));
    const second = c.join(req({ clientId: 'a', memberId: a }));
    expect((await first).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await settled(second)).done).toBe(false);
    advance(5_000);
    expect(await second).toMatchObject({ errorCode: 0, generationId: 3, leaderId: a });
  });

  it('an emptied group starts over with the next generation and a new leader', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    c.leave(G, [a, b]);
    expect(c.snapshot(G)).toMatchObject({ state: 'Empty', generationId: 3, leaderId: null });
    const n = await c.join(req({ clientId: 'n' }));
    expect(n).toMatchObject({ generationId: 4, leaderId: n.memberId });
  });

  it('initial rebalance delay holds the first generation so concurrent joiners share it', async () => {
    const { c, advance } = setup({ initialRebalanceDelayMs: 3_000 });
    const a = c.join(req({ clientId: 'a' }));
    advance(1_000);
    const b = c.join(req({ clientId: 'b' }));
    advance(2_500);
    expect((await settled(a)).done).toBe(false);
    advance(1_000);
    const [ar, br] = await Promise.all([a, b]);
    expect(ar.generationId).toBe(1);
    expect(br.generationId).toBe(1);
    expect(ar.members).toHaveLength(2);
  });
});

describe('GroupCoordinator heartbeat / session expiry / leave', () => {
  it('heartbeat errors: 25 unknown, 22 wrong generation, 27 while rebalancing', async () => {
    const { c } = setup();
    expect(c.heartbeat('nope', 'x', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const a = await c.join(req());
    expect(c.heartbeat(G, 'x', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.heartbeat(G, a.memberId, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.heartbeat(G, a.memberId, 1)).toBe(0); // CompletingRebalance: allowed
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    expect(c.heartbeat(G, a.memberId, 1)).toBe(0);
    void c.join(req({ clientId: 'b' }));
    expect(c.heartbeat(G, a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('session expiry removes the member and rebalances the rest', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    advance(6_000);
    expect(c.heartbeat(G, a, 2)).toBe(0); // a stays alive, b is silent
    advance(4_000);
    expect(c.snapshot(G)).toMatchObject({ state: 'PreparingRebalance', members: [a] });
    expect(c.heartbeat(G, b, 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.heartbeat(G, a, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const r = await c.join(req({ clientId: 'a', memberId: a }));
    expect(r).toMatchObject({ generationId: 3, leaderId: a });
  });

  it('the last member expiring leaves the group Empty', async () => {
    const { c, advance } = setup();
    const a = await c.join(req());
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    advance(10_000);
    expect(c.snapshot(G)).toMatchObject({ state: 'Empty', generationId: 2, members: [] });
  });

  it('members parked in JoinGroup do not expire', async () => {
    const { c, advance } = setup();
    const a = await c.join(req({ rebalanceTimeoutMs: 60_000 }));
    await c.sync({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    const bJoin = c.join(req({ clientId: 'b', rebalanceTimeoutMs: 60_000 }));
    advance(20_000); // b parked, a silent beyond its session timeout
    expect(c.snapshot(G)?.members).toHaveLength(1);
    expect((await bJoin).generationId).toBe(2);
  });

  it('pending (MEMBER_ID_REQUIRED) ids expire after the session timeout', async () => {
    const { c, advance } = setup();
    const first = await c.join(req({ requireKnownMemberId: true }));
    advance(10_000);
    const r = await c.join(req({ requireKnownMemberId: true, memberId: first.memberId }));
    expect(r.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('LeaveGroup: removes members and rebalances; unknown members get 25', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    expect(c.leave(G, [b, 'ghost'])).toEqual([
      { memberId: b, errorCode: 0 },
      { memberId: 'ghost', errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
    ]);
    expect(c.snapshot(G)?.state).toBe('PreparingRebalance');
    expect(c.leave('nope', ['x'])).toEqual([{ memberId: 'x', errorCode: ErrorCode.UNKNOWN_MEMBER_ID }]);
    c.leave(G, [a]);
    expect(c.snapshot(G)).toMatchObject({ state: 'Empty', members: [] });
  });

  it('a leave that completes a pending rebalance releases the parked joiners', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    const aJoin = c.join(req({ clientId: 'a', memberId: a }));
    expect((await settled(aJoin)).done).toBe(false);
    c.leave(G, [b]);
    expect((await aJoin).generationId).toBe(3);
  });
});

describe('GroupCoordinator offsets', () => {
  const off = (offset: number, partition = 0) => ({ topic: 'orders', partition, offset, metadata: null });

  it('simple commits (generation < 0) on an unknown or empty group; negative offsets accepted', async () => {
    const { c } = setup();
    expect(c.commitOffsets({ groupId: 'simple', generationId: -1, memberId: '', offsets: [off(42), off(-1, 1), off(-2, 2)] })).toEqual([
      { topic: 'orders', partition: 0, errorCode: 0 },
      { topic: 'orders', partition: 1, errorCode: 0 },
      { topic: 'orders', partition: 2, errorCode: 0 },
    ]);
    expect(c.fetchOffsets('simple', null)).toEqual([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: 42, metadata: '', errorCode: 0 },
          { partition: 1, offset: -1, metadata: '', errorCode: 0 },
          { partition: 2, offset: -2, metadata: '', errorCode: 0 },
        ],
      },
    ]);
    expect(c.list()).toEqual([{ groupId: 'simple', protocolType: '', state: 'Empty' }]);
    expect(c.describe('simple').state).toBe('Empty');
  });

  it('a non-negative generation on an unknown group is ILLEGAL_GENERATION', () => {
    const { c } = setup();
    expect(c.commitOffsets({ groupId: 'x', generationId: 3, memberId: 'm', offsets: [off(1)] })[0].errorCode).toBe(22);
  });

  it('group-managed commits need the right member and generation', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    expect(c.commitOffsets({ groupId: G, generationId: 2, memberId: a, offsets: [off(5)] })[0].errorCode).toBe(0);
    expect(c.commitOffsets({ groupId: G, generationId: 1, memberId: a, offsets: [off(5)] })[0].errorCode).toBe(22);
    expect(c.commitOffsets({ groupId: G, generationId: 2, memberId: 'x', offsets: [off(5)] })[0].errorCode).toBe(25);
    expect(c.commitOffsets({ groupId: G, generationId: -1, memberId: '', offsets: [off(5)] })[0].errorCode).toBe(25);
    // PreparingRebalance: Kafka still accepts commits from the current generation.
    void c.join(req({ clientId: 'c' }));
    expect(c.commitOffsets({ groupId: G, generationId: 2, memberId: b, offsets: [off(6)] })[0].errorCode).toBe(0);
    expect(c.fetchOffsets(G, [{ topic: 'orders', partitions: [0, 1] }])).toEqual([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: 6, metadata: '', errorCode: 0 },
          { partition: 1, offset: -1, metadata: '', errorCode: 0 },
        ],
      },
    ]);
  });

  it('CompletingRebalance rejects commits with 27', async () => {
    const { c } = setup();
    const a = await c.join(req());
    expect(c.commitOffsets({ groupId: G, generationId: 1, memberId: a.memberId, offsets: [off(1)] })[0].errorCode).toBe(27);
  });

  it('unknown topic or partition is a per-partition error; metadata and timestamps are kept', () => {
    const { c, offsets, clock } = setup();
    const res = c.commitOffsets({
      groupId: 's',
      generationId: -1,
      memberId: '',
      offsets: [
        { topic: 'nope', partition: 0, offset: 1, metadata: null },
        { topic: 'orders', partition: 9, offset: 1, metadata: null },
        { topic: 'orders', partition: 1, offset: 7, metadata: 'meta' },
        { topic: 'orders', partition: 2, offset: 8, metadata: null, timestamp: 123 },
      ],
    });
    expect(res.map((r) => r.errorCode)).toEqual([3, 3, 0, 0]);
    expect(offsets.get('s', 'orders', 1)).toEqual({ offset: 7, metadata: 'meta', commitTimestamp: clock.t });
    expect(offsets.get('s', 'orders', 2)?.commitTimestamp).toBe(123);
    expect(offsets.get('s', 'nope', 0)).toBeUndefined();
  });

  it('fetch of an unknown group returns -1 without errors; describe says Dead', () => {
    const { c } = setup();
    expect(c.fetchOffsets('none', [{ topic: 't', partitions: [0] }])).toEqual([
      { topic: 't', partitions: [{ partition: 0, offset: -1, metadata: '', errorCode: 0 }] },
    ]);
    expect(c.fetchOffsets('none', null)).toEqual([]);
    expect(c.describe('none')).toMatchObject({ state: 'Dead', errorCode: 0, members: [] });
  });
});

describe('GroupCoordinator describe / list / close', () => {
  it('describes a stable group with metadata and assignments', async () => {
    const { c, advance } = setup();
    const { a, b } = await stableGroupOfTwo(c, advance);
    const d = c.describe(G);
    expect(d).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(d.members.map((m) => [m.memberId, m.clientId, m.clientHost, m.assignment.toString()])).toEqual([
      [a, 'a', '127.0.0.1:5000', 'A'],
      [b, 'b', '127.0.0.1:5000', 'B'],
    ]);
    expect(c.list()).toEqual([{ groupId: G, protocolType: 'consumer', state: 'Stable' }]);
  });

  it('close answers parked joins with COORDINATOR_NOT_AVAILABLE', async () => {
    const { c, advance } = setup();
    const { a } = await stableGroupOfTwo(c, advance);
    const p = c.join(req({ clientId: 'a', memberId: a }));
    c.close();
    expect((await p).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
