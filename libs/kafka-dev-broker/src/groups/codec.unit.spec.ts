import { ErrorCode, type ApiSpec, type RequestContext } from '../protocol/api';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { ApiKey } from './codec';
import { createGroupApis, type GroupApis } from './index';

let apis: GroupApis;
let clock = 5_000_000;

beforeEach(() => {
  clock = 5_000_000;
  apis = createGroupApis({
    nodeId: 7,
    host: 'broker.local',
    port: 19092,
    topicExists: (t) => t === 'orders',
    partitionCount: () => 4,
    now: () => clock,
  });
});
afterEach(() => apis.close());

function spec(key: number): ApiSpec {
  const s = apis.apis.find((a) => a.key === key);
  if (!s) throw new Error(`no api ${key}`);
  return s;
}

async function call(key: number, version: number, encode: (w: Writer) => void, clientId = 'kjs'): Promise<Reader> {
  const w = new Writer();
  encode(w);
  const ctx: RequestContext = {
    apiKey: key,
    apiVersion: version,
    correlationId: 1,
    clientId,
    connectionId: 1,
    clientHost: '/127.0.0.1:50000',
  };
  const out = new Writer();
  const body = new Reader(w.toBuffer());
  const res = await spec(key).handle(ctx, body, out);
  expect(res).toBeUndefined();
  expect(body.remaining).toBe(0);
  return new Reader(Buffer.from(out.toBuffer()));
}

interface JoinResponse {
  throttle: number;
  errorCode: number;
  generationId: number;
  protocol: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: string }[];
}

// kafkajs joinGroup/v5/request.js
const joinV5 = (memberId: string) => (w: Writer) =>
  w
    .string('grp')
    .int32(10_000)
    .int32(5_000)
    .string(memberId)
    .nullableString(null)
    .string('consumer')
    .array([{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }], (x, p) => x.string(p.name).bytes(p.metadata));

// kafkajs joinGroup/v5/response.js
function readJoinV5(r: Reader): JoinResponse {
  const out: JoinResponse = {
    throttle: r.int32(),
    errorCode: r.int16(),
    generationId: r.int32(),
    protocol: r.string(),
    leaderId: r.string(),
    memberId: r.string(),
    members: r.array((m) => ({ memberId: m.string(), groupInstanceId: m.nullableString(), metadata: m.bytes().toString() })),
  };
  expect(r.remaining).toBe(0);
  return out;
}

async function joinAndSync(): Promise<{ memberId: string; generationId: number }> {
  const first = readJoinV5(await call(ApiKey.JoinGroup, 5, joinV5('')));
  const joined = readJoinV5(await call(ApiKey.JoinGroup, 5, joinV5(first.memberId)));
  const sync = await call(ApiKey.SyncGroup, 3, (w) =>
    w
      .string('grp')
      .int32(joined.generationId)
      .string(joined.memberId)
      .nullableString(null)
      .array([{ memberId: joined.memberId, assignment: Buffer.from('assigned') }], (x, a) => x.string(a.memberId).bytes(a.assignment)),
  );
  expect([sync.int32(), sync.int16(), sync.bytes().toString()]).toEqual([0, 0, 'assigned']);
  return joined;
}

describe('group API codecs', () => {
  it('advertises the version table', () => {
    expect(apis.apis.map((a) => [a.key, a.minVersion, a.maxVersion]).sort((a, b) => a[0] - b[0])).toEqual([
      [8, 2, 5],
      [9, 1, 4],
      [10, 0, 2],
      [11, 0, 5],
      [12, 0, 3],
      [13, 0, 3],
      [14, 0, 3],
      [15, 0, 2],
      [16, 0, 2],
    ]);
  });

  it('FindCoordinator v0-v2 return this broker; transactions are unavailable', async () => {
    const v0 = await call(ApiKey.FindCoordinator, 0, (w) => w.string('grp'));
    expect([v0.int16(), v0.int32(), v0.string(), v0.int32(), v0.remaining]).toEqual([0, 7, 'broker.local', 19092, 0]);
    const v2 = await call(ApiKey.FindCoordinator, 2, (w) => w.string('grp').int8(0));
    expect([v2.int32(), v2.int16(), v2.nullableString(), v2.int32(), v2.string(), v2.int32(), v2.remaining]).toEqual([
      0,
      0,
      null,
      7,
      'broker.local',
      19092,
      0,
    ]);
    const txn = await call(ApiKey.FindCoordinator, 1, (w) => w.string('tx-1').int8(1));
    expect([txn.int32(), txn.int16()]).toEqual([0, ErrorCode.COORDINATOR_NOT_AVAILABLE]);
  });

  it('JoinGroup v5: MEMBER_ID_REQUIRED round trip, then the leader sees itself', async () => {
    const first = readJoinV5(await call(ApiKey.JoinGroup, 5, joinV5('')));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^kjs-[0-9a-f-]{36}$/);
    const joined = readJoinV5(await call(ApiKey.JoinGroup, 5, joinV5(first.memberId)));
    expect(joined).toEqual({
      throttle: 0,
      errorCode: 0,
      generationId: 1,
      protocol: 'RoundRobinAssigner',
      leaderId: first.memberId,
      memberId: first.memberId,
      members: [{ memberId: first.memberId, groupInstanceId: null, metadata: 'meta' }],
    });
  });

  it('JoinGroup v0 (no rebalance timeout, no throttle) assigns the id directly', async () => {
    const r = await call(ApiKey.JoinGroup, 0, (w) =>
      w
        .string('grp0')
        .int32(10_000)
        .string('')
        .string('consumer')
        .array([{ name: 'range', metadata: Buffer.from('x') }], (x, p) => x.string(p.name).bytes(p.metadata)),
    );
    expect(r.int16()).toBe(0);
    expect(r.int32()).toBe(1);
    expect(r.string()).toBe('range');
    const leader = r.string();
    expect(r.string()).toBe(leader);
    expect(r.array((m) => [m.string(), m.bytes().toString()])).toEqual([[leader, 'x']]);
  });

  it('SyncGroup v3 / Heartbeat v3 / LeaveGroup v3', async () => {
    const { memberId, generationId } = await joinAndSync();
    const hb = await call(ApiKey.Heartbeat, 3, (w) => w.string('grp').int32(generationId).string(memberId).nullableString(null));
    expect([hb.int32(), hb.int16(), hb.remaining]).toEqual([0, 0, 0]);
    const hbBad = await call(ApiKey.Heartbeat, 0, (w) => w.string('grp').int32(generationId + 1).string(memberId));
    expect([hbBad.int16(), hbBad.remaining]).toEqual([ErrorCode.ILLEGAL_GENERATION, 0]);

    const leave = await call(ApiKey.LeaveGroup, 3, (w) =>
      w.string('grp').array([memberId, 'ghost'], (x, m) => x.string(m).nullableString(null)),
    );
    expect([leave.int32(), leave.int16()]).toEqual([0, 0]);
    expect(leave.array((m) => [m.string(), m.nullableString(), m.int16()])).toEqual([
      [memberId, null, 0],
      ['ghost', null, ErrorCode.UNKNOWN_MEMBER_ID],
    ]);
    const leaveV1 = await call(ApiKey.LeaveGroup, 1, (w) => w.string('grp').string('ghost'));
    expect([leaveV1.int32(), leaveV1.int16(), leaveV1.remaining]).toEqual([0, ErrorCode.UNKNOWN_MEMBER_ID, 0]);
  });

  it('OffsetCommit v5 and OffsetFetch v4 round trip, including negative offsets and null topics', async () => {
    const { memberId, generationId } = await joinAndSync();
    const commit = await call(ApiKey.OffsetCommit, 5, (w) =>
      w
        .string('grp')
        .int32(generationId)
        .string(memberId)
        .array(['orders', 'missing'], (t, topic) =>
          t.string(topic).array([0, 1], (p, partition) =>
            p
              .int32(partition)
              .int64(partition === 0 ? 41 : -1)
              .nullableString(partition === 0 ? 'm0' : null),
          ),
        ),
    );
    expect(commit.int32()).toBe(0);
    expect(commit.array((t) => [t.string(), t.array((p) => [p.int32(), p.int16()])])).toEqual([
      ['orders', [[0, 0], [1, 0]]],
      ['missing', [[0, 3], [1, 3]]],
    ]);
    expect(commit.remaining).toBe(0);

    const readFetch = (r: Reader) => {
      const throttle = r.int32();
      const topics = r.array((t) => [t.string(), t.array((p) => [p.int32(), p.int64n(), p.nullableString(), p.int16()])]);
      const errorCode = r.int16();
      expect(r.remaining).toBe(0);
      return { throttle, topics, errorCode };
    };
    const some = readFetch(
      await call(ApiKey.OffsetFetch, 4, (w) => w.string('grp').array(['orders'], (t, topic) => t.string(topic).array([0, 1, 2], (p, n) => p.int32(n)))),
    );
    expect(some).toEqual({
      throttle: 0,
      topics: [['orders', [[0, 41, 'm0', 0], [1, -1, '', 0], [2, -1, '', 0]]]],
      errorCode: 0,
    });
    const all = readFetch(await call(ApiKey.OffsetFetch, 4, (w) => w.string('grp').array(null, () => undefined)));
    expect(all.topics).toEqual([['orders', [[0, 41, 'm0', 0], [1, -1, '', 0]]]]);
  });

  it('OffsetCommit v0-v2 simple commits and OffsetFetch v1', async () => {
    const v0 = await call(ApiKey.OffsetCommit, 0, (w) =>
      w.string('simple').array([0], (t) => t.string('orders').array([0], (p) => p.int32(0).int64(10).nullableString(null))),
    );
    expect(v0.array((t) => [t.string(), t.array((p) => [p.int32(), p.int16()])])).toEqual([['orders', [[0, 0]]]]);
    const v1 = await call(ApiKey.OffsetCommit, 1, (w) =>
      w
        .string('simple')
        .int32(-1)
        .string('')
        .array([0], (t) => t.string('orders').array([1], (p) => p.int32(1).int64(11).int64(-1).nullableString('x'))),
    );
    expect(v1.array((t) => [t.string(), t.array((p) => p.int16())])).toEqual([['orders', [0]]]);
    const v2 = await call(ApiKey.OffsetCommit, 2, (w) =>
      w
        .string('simple')
        .int32(-1)
        .string('')
        .int64(-1)
        .array([0], (t) => t.string('orders').array([2], (p) => p.int32(2).int64(12).nullableString(null))),
    );
    expect(v2.array((t) => [t.string(), t.array((p) => p.int16())])).toEqual([['orders', [0]]]);
    const f = await call(ApiKey.OffsetFetch, 1, (w) => w.string('simple').array([0], (t) => t.string('orders').array([0, 1, 2], (p, n) => p.int32(n))));
    expect(f.array((t) => [t.string(), t.array((p) => [p.int32(), p.int64n(), p.nullableString(), p.int16()])])).toEqual([
      [
        'orders',
        [
          [0, 10, '', 0],
          [1, 11, 'x', 0],
          [2, 12, '', 0],
        ],
      ],
    ]);
    expect(f.remaining).toBe(0);
  });

  it('DescribeGroups v2 and ListGroups v2', async () => {
    const { memberId } = await joinAndSync();
    const d = await call(ApiKey.DescribeGroups, 2, (w) => w.array(['grp', 'unknown'], (x, g) => x.string(g)));
    expect(d.int32()).toBe(0);
    const groups = d.array((g) => ({
      errorCode: g.int16(),
      groupId: g.string(),
      state: g.string(),
      protocolType: g.string(),
      protocol: g.string(),
      members: g.array((m) => [m.string(), m.string(), m.string(), m.bytes().toString(), m.bytes().toString()]),
    }));
    expect(d.remaining).toBe(0);
    expect(groups).toEqual([
      {
        errorCode: 0,
        groupId: 'grp',
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'RoundRobinAssigner',
        members: [[memberId, 'kjs', '/127.0.0.1:50000', 'meta', 'assigned']],
      },
      { errorCode: 0, groupId: 'unknown', state: 'Dead', protocolType: '', protocol: '', members: [] },
    ]);
    const l = await call(ApiKey.ListGroups, 2, () => undefined);
    expect([l.int32(), l.int16(), l.array((g) => [g.string(), g.string()]), l.remaining]).toEqual([0, 0, [['grp', 'consumer']], 0]);
    const l0 = await call(ApiKey.ListGroups, 0, () => undefined);
    expect([l0.int16(), l0.array((g) => [g.string(), g.string()]), l0.remaining]).toEqual([0, [['grp', 'consumer']], 0]);
  });

  it('JoinGroup parks until the rebalance completes (async handler)', async () => {
    const { memberId, generationId } = await joinAndSync();
    // A second member joins (v1) and parks until the first rejoins.
    const joinV1 = (id: string) => (w: Writer) =>
      w
        .string('grp')
        .int32(10_000)
        .int32(5_000)
        .string(id)
        .string('consumer')
        .array([{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }], (x, p) => x.string(p.name).bytes(p.metadata));
    let parkedDone = false;
    const parked = call(ApiKey.JoinGroup, 1, joinV1('')).then((r) => {
      parkedDone = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(parkedDone).toBe(false);
    const hb = await call(ApiKey.Heartbeat, 1, (w) => w.string('grp').int32(generationId).string(memberId));
    expect([hb.int32(), hb.int16()]).toEqual([0, ErrorCode.REBALANCE_IN_PROGRESS]);
    const rejoin = await call(ApiKey.JoinGroup, 1, joinV1(memberId));
    expect(rejoin.int16()).toBe(0);
    expect(rejoin.int32()).toBe(generationId + 1);
    const follower = await parked;
    expect([follower.int16(), follower.int32()]).toEqual([0, generationId + 1]);
  });
});
