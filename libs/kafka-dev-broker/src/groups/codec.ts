/**
 * Wire codecs for the group-coordinator APIs (non-flexible versions only; layouts checked
 * against kafkajs 2.2.4's requests/ and apache/kafka's message schemas). Each handler parses the
 * request body for its version, asks the GroupCoordinator, and writes the response body.
 * throttle_time_ms is always 0.
 */
import { ErrorCode, type ApiSpec, type RequestContext } from '../protocol/api';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { GroupCoordinator, Protocol } from './coordinator';

export const ApiKey = {
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
} as const;

export interface CodecOptions {
  nodeId: number;
  host: string;
  port: number;
  /** Answer FindCoordinator key_type 1 (transaction) with this broker too. Default false. */
  transactionCoordinator?: boolean;
}

const COORDINATOR_TYPE_GROUP = 0;
const COORDINATOR_TYPE_TRANSACTION = 1;

function findCoordinator(o: CodecOptions): ApiSpec {
  return {
    key: ApiKey.FindCoordinator,
    name: 'FindCoordinator',
    minVersion: 0,
    maxVersion: 2,
    handle(ctx: RequestContext, body: Reader, out: Writer) {
      const v = ctx.apiVersion;
      const key = body.string();
      const keyType = v >= 1 ? body.int8() : COORDINATOR_TYPE_GROUP;
      let errorCode: number = ErrorCode.NONE;
      let message: string | null = null;
      if (keyType === COORDINATOR_TYPE_TRANSACTION && !o.transactionCoordinator) {
        errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
        message = 'transactions are not supported by this broker';
      } else if (keyType !== COORDINATOR_TYPE_GROUP && keyType !== COORDINATOR_TYPE_TRANSACTION) {
        errorCode = ErrorCode.INVALID_REQUEST;
        message = `unknown coordinator key type ${keyType}`;
      } else if (key === '' && keyType === COORDINATOR_TYPE_GROUP) {
        errorCode = ErrorCode.INVALID_GROUP_ID;
        message = 'empty group id';
      }
      if (v >= 1) out.int32(0);
      out.int16(errorCode);
      if (v >= 1) out.nullableString(message);
      if (errorCode === ErrorCode.NONE) out.int32(o.nodeId).string(o.host).int32(o.port);
      else out.int32(-1).string('').int32(-1);
    },
  };
}

function readProtocols(r: Reader): Protocol[] {
  return r.array((x) => ({ name: x.string(), metadata: Buffer.from(x.bytes()) }));
}

function joinGroup(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.JoinGroup,
    name: 'JoinGroup',
    minVersion: 0,
    maxVersion: 5,
    async handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const groupId = body.string();
      const sessionTimeoutMs = body.int32();
      const rebalanceTimeoutMs = v >= 1 ? body.int32() : sessionTimeoutMs;
      const memberId = body.string();
      const groupInstanceId = v >= 5 ? body.nullableString() : null;
      const protocolType = body.string();
      const protocols = readProtocols(body);
      const r = await c.join({
        groupId,
        memberId,
        groupInstanceId,
        clientId: ctx.clientId ?? '',
        clientHost: ctx.clientHost,
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        protocolType,
        protocols,
        requireKnownMemberId: v >= 4,
      });
      if (v >= 2) out.int32(0);
      out.int16(r.errorCode).int32(r.generationId).string(r.protocolName).string(r.leaderId).string(r.memberId);
      out.array(r.members, (w, m) => {
        w.string(m.memberId);
        if (v >= 5) w.nullableString(m.groupInstanceId);
        w.bytes(m.metadata);
      });
    },
  };
}

function syncGroup(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.SyncGroup,
    name: 'SyncGroup',
    minVersion: 0,
    maxVersion: 3,
    async handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const groupId = body.string();
      const generationId = body.int32();
      const memberId = body.string();
      if (v >= 3) body.nullableString(); // group_instance_id
      const assignments = body.array((x) => ({ memberId: x.string(), assignment: Buffer.from(x.bytes()) }));
      const r = await c.sync({ groupId, generationId, memberId, assignments });
      if (v >= 1) out.int32(0);
      out.int16(r.errorCode).bytes(r.assignment);
    },
  };
}

function heartbeat(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.Heartbeat,
    name: 'Heartbeat',
    minVersion: 0,
    maxVersion: 3,
    handle(ctx, body, out) {
      const groupId = body.string();
      const generationId = body.int32();
      const memberId = body.string();
      if (ctx.apiVersion >= 3) body.nullableString(); // group_instance_id
      const errorCode = c.heartbeat(groupId, memberId, generationId);
      if (ctx.apiVersion >= 1) out.int32(0);
      out.int16(errorCode);
    },
  };
}

function leaveGroup(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.LeaveGroup,
    name: 'LeaveGroup',
    minVersion: 0,
    maxVersion: 3,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const groupId = body.string();
      if (v >= 3) {
        const members = body.array((x) => ({ memberId: x.string(), groupInstanceId: x.nullableString() }));
        const results = c
          .leave(
            groupId,
            members.map((m) => m.memberId),
          )
          .map((r, i) => ({ ...r, groupInstanceId: members[i].groupInstanceId }));
        out.int32(0).int16(ErrorCode.NONE);
        out.array(results, (w, m) => {
          w.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
        });
        return;
      }
      const [result] = c.leave(groupId, [body.string()]);
      if (v >= 1) out.int32(0);
      out.int16(result.errorCode);
    },
  };
}

function offsetCommit(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.OffsetCommit,
    name: 'OffsetCommit',
    minVersion: 2,
    maxVersion: 5,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const groupId = body.string();
      const generationId = v >= 1 ? body.int32() : -1;
      const memberId = v >= 1 ? body.string() : '';
      if (v >= 2 && v <= 4) body.int64(); // retention_time_ms: offsets never expire here
      const topics = body.array((t) => ({
        topic: t.string(),
        partitions: t.array((p) => {
          const partition = p.int32();
          const offset = p.int64n();
          const timestamp = v === 1 ? p.int64n() : undefined;
          const metadata = p.nullableString();
          return { partition, offset, timestamp, metadata };
        }),
      }));
      const offsets = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, ...p })));
      const results = c.commitOffsets({ groupId, generationId, memberId, offsets });
      let i = 0;
      if (v >= 3) out.int32(0);
      out.array(topics, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (pw, p) => {
          pw.int32(p.partition).int16(results[i++].errorCode);
        });
      });
    },
  };
}

function offsetFetch(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.OffsetFetch,
    name: 'OffsetFetch',
    minVersion: 1,
    maxVersion: 4,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const groupId = body.string();
      const readTopic = (t: Reader): { topic: string; partitions: number[] } => ({
        topic: t.string(),
        partitions: t.array((p) => p.int32()),
      });
      const topics = v >= 2 ? body.nullableArray(readTopic) : body.array(readTopic);
      const results = c.fetchOffsets(groupId, topics);
      if (v >= 3) out.int32(0);
      out.array(results, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (pw, p) => {
          pw.int32(p.partition).int64(p.offset).nullableString(p.metadata).int16(p.errorCode);
        });
      });
      if (v >= 2) out.int16(ErrorCode.NONE);
    },
  };
}

function describeGroups(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.DescribeGroups,
    name: 'DescribeGroups',
    minVersion: 0,
    maxVersion: 2,
    handle(ctx, body, out) {
      const groupIds = body.array((r) => r.string());
      if (ctx.apiVersion >= 1) out.int32(0);
      out.array(groupIds, (w, id) => {
        const g = c.describe(id);
        w.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocol);
        w.array(g.members, (mw, m) => {
          mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
        });
      });
    },
  };
}

function listGroups(c: GroupCoordinator): ApiSpec {
  return {
    key: ApiKey.ListGroups,
    name: 'ListGroups',
    minVersion: 0,
    maxVersion: 2,
    handle(ctx, _body, out) {
      if (ctx.apiVersion >= 1) out.int32(0);
      out.int16(ErrorCode.NONE);
      out.array(c.list(), (w, g) => {
        w.string(g.groupId).string(g.protocolType);
      });
    },
  };
}

export function groupApiSpecs(c: GroupCoordinator, o: CodecOptions): ApiSpec[] {
  return [
    offsetCommit(c),
    offsetFetch(c),
    findCoordinator(o),
    joinGroup(c),
    heartbeat(c),
    leaveGroup(c),
    syncGroup(c),
    describeGroups(c),
    listGroups(c),
  ];
}
