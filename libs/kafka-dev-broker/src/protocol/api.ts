import type { Reader } from './reader';
import type { Writer } from './writer';

/** The parsed request header (v1, or v2 for flexible versions: tagged fields already skipped). */
export interface RequestContext {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** Unique per TCP connection; the group coordinator may use it for diagnostics. */
  connectionId: number;
  /** "host:port" of the client, for DescribeGroups' client_host. */
  clientHost: string;
}

/**
 * One Kafka API served by the broker. The server parses the header, checks the version range
 * (answering UNSUPPORTED_VERSION itself), then calls `handle` with a Reader positioned at the
 * request body. `handle` writes the response body (without the correlation id / response
 * header) into `out`, or returns 'no-response' (Produce with acks=0).
 * Handlers may be async (long-poll Fetch, JoinGroup and SyncGroup wait for other members).
 * A handler that throws ProtocolError makes the server close that connection only.
 */
export interface ApiSpec {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First flexible (compact, tagged fields) version, or undefined when none is served. */
  firstFlexibleVersion?: number;
  handle(ctx: RequestContext, body: Reader, out: Writer): void | 'no-response' | Promise<void | 'no-response'>;
}

/** Kafka error codes the broker uses (apache/kafka Errors.java). */
export const ErrorCode = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_FETCH_SIZE: 4,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  RECORD_LIST_TOO_LARGE: 18,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_COMMIT_OFFSET_SIZE: 28,
  TOPIC_AUTHORIZATION_FAILED: 29,
  GROUP_AUTHORIZATION_FAILED: 30,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REPLICA_ASSIGNMENT: 39,
  INVALID_REQUEST: 42,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  INVALID_PRODUCER_EPOCH: 47,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_TXN_STATE: 48,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
  INVALID_RECORD: 87,
  UNKNOWN_SERVER_ERROR: -1,
} as const;
