/**
 * Consumer-group coordinator of the dev broker: FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups and ListGroups.
 *
 * - Group membership lives in memory only; committed offsets survive a restart when `dataDir`
 *   is given (see offsets.ts).
 * - `initialRebalanceDelayMs` (Kafka's group.initial.rebalance.delay.ms, default 0 here while
 *   Kafka's default is 3000): when an Empty group starts rebalancing, wait this long (extended by
 *   each new joiner, capped by the rebalance timeout) so that consumers starting together land in
 *   one generation.
 * - Session expiry, rebalance timeouts and the initial delay are checked every `TICK_MS`
 *   by an unref'd timer; `close()` stops it, answers parked JoinGroup/SyncGroup requests with
 *   COORDINATOR_NOT_AVAILABLE and fsyncs/closes the offsets file.
 */
import type { ApiSpec } from '../protocol/api';
import { groupApiSpecs } from './codec';
import { GroupCoordinator, type GroupLogger } from './coordinator';
import { OffsetStore } from './offsets';

export { GroupCoordinator } from './coordinator';
export type { GroupState, GroupDescription, GroupLogger } from './coordinator';
export { OffsetStore, OFFSETS_FILE } from './offsets';

export const TICK_MS = 100;

export interface GroupApisOptions {
  nodeId: number;
  host: string;
  port: number;
  /** Absent = offsets in memory only; else persisted in `<dataDir>/__consumer_offsets.log`. */
  dataDir?: string;
  /** Delay before completing the first rebalance of an Empty group. Default 0. */
  initialRebalanceDelayMs?: number;
  topicExists(topic: string): boolean;
  partitionCount(topic: string): number;
  now?: () => number;
  logger?: GroupLogger;
  /**
   * Answer FindCoordinator for transactional ids (key type 1) with this broker. Default false:
   * COORDINATOR_NOT_AVAILABLE, since the group module implements no transaction coordinator.
   */
  transactionCoordinator?: boolean;
}

export interface GroupApis {
  apis: ApiSpec[];
  /** The state machine, for diagnostics and for TxnOffsetCommit-style reuse by the server. */
  coordinator: GroupCoordinator;
  close(): Promise<void>;
}

export function createGroupApis(options: GroupApisOptions): GroupApis {
  const offsets = new OffsetStore(options.dataDir, options.logger);
  const coordinator = new GroupCoordinator({
    offsets,
    topicExists: options.topicExists,
    partitionCount: options.partitionCount,
    now: options.now,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
    logger: options.logger,
  });
  const timer = setInterval(() => coordinator.tick(), TICK_MS);
  timer.unref();
  let closed = false;
  return {
    apis: groupApiSpecs(coordinator, {
      nodeId: options.nodeId,
      host: options.host,
      port: options.port,
      transactionCoordinator: options.transactionCoordinator,
    }),
    coordinator,
    close() {
      if (!closed) {
        closed = true;
        clearInterval(timer);
        coordinator.close();
        offsets.close();
      }
      return Promise.resolve();
    },
  };
}
