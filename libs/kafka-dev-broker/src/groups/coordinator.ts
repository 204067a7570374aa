/**
 * The consumer-group state machine, modelled on Apache Kafka's classic GroupCoordinator /
 * GroupMetadataManager. It knows nothing about the wire format (see codec.ts): requests come in
 * as plain objects and JoinGroup / SyncGroup answer with promises that settle when the
 * rebalance completes. Time only moves through the injected clock and `tick()`, so unit tests
 * drive session expiry and rebalance timeouts deterministically; index.ts calls `tick()` from an
 * unref'd interval.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/api';
import type { OffsetStore } from './offsets';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** Kafka's OFFSET_METADATA_TOO_LARGE (not in the shared table). */
export const OFFSET_METADATA_TOO_LARGE = 12;
/** Kafka's offset.metadata.max.bytes default. */
export const MAX_OFFSET_METADATA_BYTES = 4096;

export interface GroupLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
}

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  groupId: string;
  /** '' for a first join. */
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  /** JoinGroup v4+: a first join gets MEMBER_ID_REQUIRED and must come back with the id. */
  requireKnownMemberId: boolean;
}

export interface JoinMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  /** Filled for the leader only. */
  members: JoinMember[];
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export interface CommitRequest {
  groupId: string;
  /** -1 for a simple (non group-managed) commit, also what OffsetCommit v0 implies. */
  generationId: number;
  memberId: string;
  offsets: { topic: string; partition: number; offset: number; metadata: string | null; timestamp?: number }[];
}

export interface PartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface FetchedOffset {
  partition: number;
  offset: number;
  metadata: string;
  errorCode: number;
}

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupDescription {
  groupId: string;
  errorCode: number;
  state: GroupState;
  protocolType: string;
  protocol: string;
  members: MemberDescription[];
}

export interface CoordinatorOptions {
  offsets: OffsetStore;
  topicExists(topic: string): boolean;
  partitionCount(topic: string): number;
  now?: () => number;
  /** group.initial.rebalance.delay.ms: applies when an Empty group starts rebalancing. */
  initialRebalanceDelayMs?: number;
  logger?: GroupLogger;
  newMemberId?: (clientId: string) => string;
}

type JoinCallback = (r: JoinResult) => void;
type SyncCallback = (r: SyncResult) => void;

const EMPTY = Buffer.alloc(0);

class Member {
  protocols: Protocol[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignment: Buffer = EMPTY;
  lastHeartbeat: number;
  awaitingJoin: JoinCallback | null = null;
  awaitingSync: SyncCallback | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    req: JoinRequest,
    now: number,
  ) {
    this.protocols = req.protocols;
    this.sessionTimeoutMs = req.sessionTimeoutMs;
    this.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    this.lastHeartbeat = now;
  }

  metadataFor(protocol: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  supports(protocol: string): boolean {
    return this.protocols.some((p) => p.name === protocol);
  }
}

class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, mapped to the time they expire. */
  readonly pending = new Map<string, number>();
  rebalanceDeadline = 0;
  /** > 0 while the initial delayed join of a formerly Empty group runs. */
  initialDelayDeadline = 0;
  initialDelayCap = 0;

  constructor(readonly groupId: string) {}

  maxRebalanceTimeout(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }
}

function sameProtocols(a: Protocol[], b: Protocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata));
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly now: () => number;
  private readonly initialDelayMs: number;
  private readonly newMemberId: (clientId: string) => string;
  private closed = false;

  constructor(private readonly opts: CoordinatorOptions) {
    this.now = opts.now ?? Date.now;
    this.initialDelayMs = Math.max(0, opts.initialRebalanceDelayMs ?? 0);
    this.newMemberId = opts.newMemberId ?? ((clientId) => `${clientId}-${randomUUID()}`);
  }

  // ---------------------------------------------------------------- JoinGroup

  join(req: JoinRequest): Promise<JoinResult> {
    const fail = (errorCode: number, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve({ errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] });

    if (this.closed) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs <= 0) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);

    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (group.state === 'Dead') return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!this.supportsProtocols(group, req)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    if (req.memberId === '') {
      const memberId = this.newMemberId(req.clientId);
      if (req.requireKnownMemberId) {
        group.pending.set(memberId, this.now() + req.sessionTimeoutMs);
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMemberAndRebalance(group, memberId, req);
    }
    if (group.pending.has(req.memberId)) {
      group.pending.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);

    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        // Same metadata: it probably lost the JoinGroup response, so repeat it.
        if (sameProtocols(member.protocols, req.protocols)) return Promise.resolve(this.joinResult(group, member));
        return this.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        if (member.memberId === group.leaderId || !sameProtocols(member.protocols, req.protocols)) {
          return this.updateMemberAndRebalance(group, member, req);
        }
        return Promise.resolve(this.joinResult(group, member));
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private supportsProtocols(group: Group, req: JoinRequest): boolean {
    if (req.protocolType === '' || req.protocols.length === 0) return false;
    const others = [...group.members.values()].filter((m) => m.memberId !== req.memberId);
    if (others.length === 0) return true;
    if (req.protocolType !== group.protocolType) return false;
    return req.protocols.some((p) => others.every((m) => m.supports(p.name)));
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest): Promise<JoinResult> {
    const member = new Member(memberId, req.groupInstanceId, req.clientId, req.clientHost, req, this.now());
    if (group.members.size === 0) group.protocolType = req.protocolType;
    group.members.set(memberId, member);
    if (group.leaderId === null) group.leaderId = memberId;
    const result = new Promise<JoinResult>((resolve) => (member.awaitingJoin = resolve));
    if (group.state === 'PreparingRebalance' && group.initialDelayDeadline > 0) {
      group.initialDelayDeadline = Math.min(this.now() + this.initialDelayMs, group.initialDelayCap);
    }
    this.maybePrepareRebalance(group, `member ${memberId} joined`);
    this.tryCompleteJoin(group);
    return result;
  }

  private updateMemberAndRebalance(group: Group, member: Member, req: JoinRequest): Promise<JoinResult> {
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    if (member.awaitingJoin) {
      // A duplicate JoinGroup (e.g. a client retry): the newest request wins.
      this.answerJoin(member, this.joinError(group, member, ErrorCode.REBALANCE_IN_PROGRESS));
    }
    const result = new Promise<JoinResult>((resolve) => (member.awaitingJoin = resolve));
    this.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    this.tryCompleteJoin(group);
    return result;
  }

  private maybePrepareRebalance(group: Group, reason: string): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') {
      this.prepareRebalance(group, reason);
    }
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      // Followers still waiting for the leader's assignment must rejoin.
      for (const m of group.members.values()) {
        m.assignment = EMPTY;
        this.answerSync(m, { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      }
    }
    const now = this.now();
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    group.rebalanceDeadline = now + group.maxRebalanceTimeout();
    if (wasEmpty && this.initialDelayMs > 0) {
      group.initialDelayDeadline = now + this.initialDelayMs;
      group.initialDelayCap = Math.max(group.initialDelayDeadline, group.rebalanceDeadline);
    } else {
      group.initialDelayDeadline = 0;
    }
    this.opts.logger?.info('Preparing to rebalance group', {
      groupId: group.groupId,
      generationId: group.generationId,
      reason,
    });
  }

  private tryCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance' || group.initialDelayDeadline > 0) return;
    if (group.pending.size > 0) return;
    for (const m of group.members.values()) if (!m.awaitingJoin) return;
    this.completeJoin(group);
  }

  /** Ends PreparingRebalance: drops members that did not rejoin, bumps the generation. */
  private completeJoin(group: Group): void {
    for (const m of [...group.members.values()]) {
      if (!m.awaitingJoin) {
        this.opts.logger?.info('Removing member that did not rejoin in time', {
          groupId: group.groupId,
          memberId: m.memberId,
        });
        this.removeMember(group, m.memberId);
      }
    }
    group.initialDelayDeadline = 0;
    group.generationId += 1;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      this.opts.logger?.info('Group is empty', { groupId: group.groupId, generationId: group.generationId });
      return;
    }
    group.protocolName = this.selectProtocol(group);
    group.state = 'CompletingRebalance';
    const now = this.now();
    for (const m of group.members.values()) {
      m.lastHeartbeat = now;
      this.answerJoin(m, this.joinResult(group, m));
    }
    this.opts.logger?.info('Rebalance: join phase complete', {
      groupId: group.groupId,
      generationId: group.generationId,
      protocol: group.protocolName,
      leaderId: group.leaderId,
      members: group.members.size,
    });
  }

  /** Vote: every member votes for its most preferred protocol that all members support. */
  private selectProtocol(group: Group): string {
    const members = [...group.members.values()];
    const candidates = members[0].protocols.map((p) => p.name).filter((name) => members.every((m) => m.supports(name)));
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const m of members) {
      const choice = m.protocols.find((p) => votes.has(p.name));
      if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    if (candidates.length === 0) return '';
    let best = candidates[0];
    for (const c of candidates) if ((votes.get(c) ?? 0) > (votes.get(best) ?? 0)) best = c;
    return best;
  }

  private joinResult(group: Group, member: Member): JoinResult {
    const leaderId = group.leaderId ?? '';
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolName: group.protocolName ?? '',
      leaderId,
      memberId: member.memberId,
      members:
        member.memberId === leaderId
          ? [...group.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              metadata: m.metadataFor(group.protocolName),
            }))
          : [],
    };
  }

  private joinError(group: Group, member: Member, errorCode: number): JoinResult {
    return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId: member.memberId, members: [] };
  }

  private answerJoin(member: Member, result: JoinResult): void {
    const cb = member.awaitingJoin;
    member.awaitingJoin = null;
    cb?.(result);
  }

  private answerSync(member: Member, result: SyncResult): void {
    const cb = member.awaitingSync;
    member.awaitingSync = null;
    cb?.(result);
  }

  private removeMember(group: Group, memberId: string): void {
    const member = group.members.get(memberId);
    if (!member) return;
    this.answerJoin(member, this.joinError(group, member, ErrorCode.UNKNOWN_MEMBER_ID));
    this.answerSync(member, { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    group.members.delete(memberId);
    if (group.leaderId === memberId) group.leaderId = group.members.keys().next().value ?? null;
  }

  /** Leave or session expiry. */
  private removeMemberAndUpdateGroup(group: Group, memberId: string, reason: string): void {
    this.removeMember(group, memberId);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.prepareRebalance(group, reason);
        this.tryCompleteJoin(group);
        break;
      case 'PreparingRebalance':
        this.tryCompleteJoin(group);
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------- SyncGroup

  sync(req: SyncRequest): Promise<SyncResult> {
    const fail = (errorCode: number): Promise<SyncResult> => Promise.resolve({ errorCode, assignment: EMPTY });
    if (this.closed) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const group = this.groups.get(req.groupId);
    if (!group) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (group.state === 'Dead') return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);

    switch (group.state) {
      case 'PreparingRebalance':
        return fail(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        member.lastHeartbeat = this.now();
        return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      case 'CompletingRebalance': {
        member.lastHeartbeat = this.now();
        if (member.awaitingSync) this.answerSync(member, { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
        const result = new Promise<SyncResult>((resolve) => (member.awaitingSync = resolve));
        if (member.memberId === group.leaderId) {
          const byMember = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
          for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
          group.state = 'Stable';
          for (const m of group.members.values()) {
            this.answerSync(m, { errorCode: ErrorCode.NONE, assignment: m.assignment });
          }
          this.opts.logger?.info('Group stable', {
            groupId: group.groupId,
            generationId: group.generationId,
            members: group.members.size,
          });
        }
        return result;
      }
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  // ---------------------------------------------------------------- Heartbeat

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    member.lastHeartbeat = this.now();
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  // ---------------------------------------------------------------- LeaveGroup

  leave(groupId: string, memberIds: string[]): { memberId: string; errorCode: number }[] {
    const group = this.groups.get(groupId);
    return memberIds.map((memberId) => {
      if (!group) return { memberId, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      if (group.pending.delete(memberId)) {
        this.tryCompleteJoin(group);
        return { memberId, errorCode: ErrorCode.NONE };
      }
      if (!group.members.has(memberId)) return { memberId, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      this.opts.logger?.info('Member left the group', { groupId, memberId });
      this.removeMemberAndUpdateGroup(group, memberId, `member ${memberId} left`);
      return { memberId, errorCode: ErrorCode.NONE };
    });
  }

  // ---------------------------------------------------------------- Offsets

  commitOffsets(req: CommitRequest): PartitionError[] {
    const all = (errorCode: number): PartitionError[] =>
      req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode }));
    if (this.closed) return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.groupId === '') return all(ErrorCode.INVALID_GROUP_ID);

    let group = this.groups.get(req.groupId);
    if (!group) {
      // Not group-managed: allow a simple commit, reject a stale generation.
      if (req.generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (group.state === 'Dead') return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!(req.generationId < 0 && group.state === 'Empty')) {
      if (group.state === 'CompletingRebalance') return all(ErrorCode.REBALANCE_IN_PROGRESS);
      const member = group.members.get(req.memberId);
      if (!member) return all(ErrorCode.UNKNOWN_MEMBER_ID);
      if (req.generationId !== group.generationId) return all(ErrorCode.ILLEGAL_GENERATION);
      // Kafka accepts commits while PreparingRebalance so members can commit before rejoining.
      member.lastHeartbeat = this.now();
    }

    const now = this.now();
    const accepted: Parameters<OffsetStore['commit']>[1] = [];
    const results = req.offsets.map((o) => {
      let errorCode: number = ErrorCode.NONE;
      if (!this.opts.topicExists(o.topic) || o.partition < 0 || o.partition >= this.opts.partitionCount(o.topic)) {
        errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      } else if (o.metadata !== null && Buffer.byteLength(o.metadata) > MAX_OFFSET_METADATA_BYTES) {
        errorCode = OFFSET_METADATA_TOO_LARGE;
      } else {
        accepted.push({
          topic: o.topic,
          partition: o.partition,
          offset: o.offset,
          metadata: o.metadata ?? '',
          commitTimestamp: o.timestamp !== undefined && o.timestamp >= 0 ? o.timestamp : now,
        });
      }
      return { topic: o.topic, partition: o.partition, errorCode };
    });
    if (accepted.length > 0) this.opts.offsets.commit(req.groupId, accepted);
    return results;
  }

  /** `topics` null = every committed partition of the group. Missing offsets are -1 with no error. */
  fetchOffsets(
    groupId: string,
    topics: { topic: string; partitions: number[] }[] | null,
  ): { topic: string; partitions: FetchedOffset[] }[] {
    const wanted = topics ?? this.opts.offsets.committedPartitions(groupId);
    return wanted.map(({ topic, partitions }) => ({
      topic,
      partitions: partitions.map((partition) => {
        const c = this.opts.offsets.get(groupId, topic, partition);
        return c
          ? { partition, offset: c.offset, metadata: c.metadata, errorCode: ErrorCode.NONE }
          : { partition, offset: -1, metadata: '', errorCode: ErrorCode.NONE };
      }),
    }));
  }

  // ---------------------------------------------------------------- Describe / list

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const state: GroupState = this.opts.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return { groupId, errorCode: ErrorCode.NONE, state, protocolType: '', protocol: '', members: [] };
    }
    const stable = group.state === 'Stable';
    return {
      groupId,
      errorCode: ErrorCode.NONE,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocol: stable ? (group.protocolName ?? '') : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(group.protocolName) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  list(): { groupId: string; protocolType: string; state: GroupState }[] {
    const out = new Map<string, { groupId: string; protocolType: string; state: GroupState }>();
    for (const groupId of this.opts.offsets.groupIds()) out.set(groupId, { groupId, protocolType: '', state: 'Empty' });
    for (const g of this.groups.values()) {
      if (g.state === 'Dead') continue;
      out.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state });
    }
    return [...out.values()];
  }

  /** Generation and state, for tests and diagnostics. */
  snapshot(groupId: string): { state: GroupState; generationId: number; leaderId: string | null; members: string[] } | undefined {
    const g = this.groups.get(groupId);
    return g && { state: g.state, generationId: g.generationId, leaderId: g.leaderId, members: [...g.members.keys()] };
  }

  // ---------------------------------------------------------------- Timers

  /** Expires sessions and pending member ids, ends initial delays and overdue rebalances. */
  tick(): void {
    if (this.closed) return;
    const now = this.now();
    for (const group of this.groups.values()) {
      for (const [memberId, deadline] of [...group.pending]) {
        if (now >= deadline) group.pending.delete(memberId);
      }
      const expired = [...group.members.values()].filter(
        (m) => !m.awaitingJoin && !m.awaitingSync && now >= m.lastHeartbeat + m.sessionTimeoutMs,
      );
      for (const m of expired) {
        if (!group.members.has(m.memberId)) continue;
        this.opts.logger?.warn('Member session expired', {
          groupId: group.groupId,
          memberId: m.memberId,
          sessionTimeoutMs: m.sessionTimeoutMs,
        });
        this.removeMemberAndUpdateGroup(group, m.memberId, `session of ${m.memberId} expired`);
      }
      if (group.state === 'PreparingRebalance') {
        if (group.initialDelayDeadline > 0 && now >= group.initialDelayDeadline) group.initialDelayDeadline = 0;
        if (group.initialDelayDeadline === 0 && now >= group.rebalanceDeadline) this.completeJoin(group);
        else this.tryCompleteJoin(group);
      }
    }
  }

  /** Answers every parked JoinGroup / SyncGroup with COORDINATOR_NOT_AVAILABLE. */
  close(): void {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const m of group.members.values()) {
        this.answerJoin(m, this.joinError(group, m, ErrorCode.COORDINATOR_NOT_AVAILABLE));
        this.answerSync(m, { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
      }
    }
  }
}
