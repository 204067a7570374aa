import { apiVersionsApi } from './apis/api-versions';
import { fetchApi } from './apis/fetch';
import { listOffsetsApi } from './apis/list-offsets';
import { metadataApi } from './apis/metadata';
import { produceApi } from './apis/produce';
import { initProducerIdApi, transactionApis } from './apis/producer-ids';
import { createTopicsApi, deleteTopicsApi } from './apis/topics';
import { BrokerState } from './broker-state';
import { type GroupApis, createGroupApis } from './groups';
import { type BrokerLogger, stderrJsonLogger } from './logger';
import { FileStorage } from './storage/file-storage';
import { MemoryStorage } from './storage/memory-storage';
import type { LogStorage } from './storage/storage';
import { KafkaServer } from './server';

export type { BrokerLogger } from './logger';
export { silentLogger, stderrJsonLogger } from './logger';
export type { ApiSpec, RequestContext } from './protocol/api';

export interface BrokerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen and advertised host (default 127.0.0.1). */
  host?: string;
  /** Directory for the file-backed log; absent = in memory. */
  dataDir?: string;
  /** Metadata requests create unknown topics (default true). */
  autoCreateTopics?: boolean;
  /**
   * How long a new topic's partitions answer Produce, Fetch and ListOffsets with
   * NOT_LEADER_OR_FOLLOWER, as Apache Kafka does for a moment after CreateTopics (default 0; the
   * tests and npm start use 200 ms).
   */
  newTopicLeaderDelayMs?: number;
  /** Partitions of auto-created topics and of CreateTopics with -1 (default 1). */
  defaultPartitions?: number;
  /** Delay before the first rebalance of an empty group (default 0). */
  groupInitialRebalanceDelayMs?: number;
  /**
   * Largest record batch accepted (default 1048588 bytes, Kafka's `message.max.bytes`, so a
   * message too large for production is refused here too).
   */
  maxMessageBytes?: number;
  /** Largest request frame; larger closes the connection (default 100 MiB). */
  maxFrameBytes?: number;
  /** 'always' = fdatasync after every append (slow); default 'never' (fsync on stop only). */
  fsync?: 'never' | 'always';
  /** Default: warnings and errors as JSON lines on stderr. */
  logger?: BrokerLogger;
}

export interface RunningBroker {
  host: string;
  port: number;
  /** "host:port", for KAFKA_BROKERS. */
  brokers: string;
  stop(): Promise<void>;
}

export const NODE_ID = 0;

/** Starts a single-node Kafka-protocol broker (see README.md for what it serves). */
/** Apache Kafka's default `message.max.bytes`. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? stderrJsonLogger();
  const storage: LogStorage = options.dataDir
    ? new FileStorage({ dataDir: options.dataDir, fsync: options.fsync, logger })
    : new MemoryStorage();
  const state = new BrokerState(
    {
      nodeId: NODE_ID,
      host,
      port: 0,
      clusterId: 'kafka-dev-broker',
      autoCreateTopics: options.autoCreateTopics ?? true,
      defaultPartitions: options.defaultPartitions ?? 1,
      maxMessageBytes: options.maxMessageBytes ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
      newTopicLeaderDelayMs: options.newTopicLeaderDelayMs ?? 0,
    },
    storage,
    logger,
  );
  const server = new KafkaServer({ logger, maxFrameBytes: options.maxFrameBytes });
  server.register([
    apiVersionsApi(() => server.apis),
    produceApi(state),
    fetchApi(state),
    listOffsetsApi(state),
    metadataApi(state),
    createTopicsApi(state),
    deleteTopicsApi(state),
    initProducerIdApi(state),
    ...transactionApis(),
  ]);

  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (err) {
    state.close();
    throw err;
  }
  state.config.port = port;

  const groups: GroupApis = createGroupApis({
    nodeId: NODE_ID,
    host,
    port,
    dataDir: options.dataDir,
    initialRebalanceDelayMs: options.groupInitialRebalanceDelayMs ?? 0,
    topicExists: (topic) => state.topics.has(topic),
    partitionCount: (topic) => state.topics.get(topic)?.partitions.length ?? 0,
    // Transactional clients then reach InitProducerId and get a clear, non-retriable error 53
    // instead of retrying FindCoordinator(type 1) until they time out.
    transactionCoordinator: true,
    logger: {
      info: (msg, meta) => logger.info(msg, { ...meta }),
      warn: (msg, meta) => logger.warn(msg, { ...meta }),
    },
  });
  server.register(groups.apis);
  logger.info('broker started', { host, port, dataDir: options.dataDir ?? null });

  let stopping: Promise<void> | null = null;
  return {
    host,
    port,
    brokers: `${host}:${port}`,
    stop() {
      stopping ??= (async () => {
        state.close();
        await server.close();
        await groups.close();
        logger.info('broker stopped', { host, port });
      })();
      return stopping;
    },
  };
}
