import { type ApiSpec, ErrorCode } from '../protocol/api';
import { type BrokerState, topicNameError } from '../broker-state';

interface CreateResult {
  name: string;
  error: number;
  message: string | null;
}

/** CreateTopics 0-3: one node, so replication factor must be 1 or -1 (default). */
export function createTopicsApi(state: BrokerState): ApiSpec {
  return {
    key: 19,
    name: 'CreateTopics',
    minVersion: 2,
    maxVersion: 3,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const topics = body.array((r) => ({
        name: r.string(),
        numPartitions: r.int32(),
        replicationFactor: r.int16(),
        assignments: r.array((a) => ({ partition: a.int32(), brokers: a.array((b) => b.int32()) })),
        configs: r.array((c) => ({ name: c.string(), value: c.nullableString() })),
      }));
      body.int32(); // timeout
      const validateOnly = v >= 1 ? body.bool() : false;
      const counts = new Map<string, number>();
      for (const t of topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);

      const results: CreateResult[] = topics.map((t): CreateResult => {
        const fail = (error: number, message: string): CreateResult => ({ name: t.name, error, message });
        if ((counts.get(t.name) ?? 0) > 1) return fail(ErrorCode.INVALID_REQUEST, 'topic listed more than once');
        const nameError = topicNameError(t.name);
        if (nameError) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameError);
        if (state.topics.has(t.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${t.name}' already exists.`);
        let partitions = t.numPartitions;
        if (t.assignments.length > 0) {
          if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
            return fail(ErrorCode.INVALID_REQUEST, 'both replica assignment and partitions/replication factor given');
          }
          if (t.assignments.some((a) => a.brokers.some((b) => b !== state.config.nodeId) || a.brokers.length !== 1)) {
            return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `only broker ${state.config.nodeId} exists`);
          }
          partitions = t.assignments.length;
        } else {
          if (partitions === -1) partitions = state.config.defaultPartitions;
          if (partitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'number of partitions must be positive');
          if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
            return fail(
              ErrorCode.INVALID_REPLICATION_FACTOR,
              `Replication factor: ${t.replicationFactor} larger than available brokers: 1.`,
            );
          }
        }
        if (!validateOnly) {
          const configs: Record<string, string | null> = {};
          for (const c of t.configs) configs[c.name] = c.value;
          state.createTopic(t.name, partitions, configs);
        }
        return { name: t.name, error: ErrorCode.NONE, message: null };
      });

      if (v >= 2) out.int32(0);
      out.array(results, (w, r) => {
        w.string(r.name).int16(r.error);
        if (v >= 1) w.nullableString(r.message);
      });
    },
  };
}

/** DeleteTopics 0-1. */
export function deleteTopicsApi(state: BrokerState): ApiSpec {
  return {
    key: 20,
    name: 'DeleteTopics',
    minVersion: 1,
    maxVersion: 1,
    handle(ctx, body, out) {
      const names = body.array((r) => r.string());
      body.int32(); // timeout
      const results = names.map((name) => ({ name, error: state.deleteTopic(name) ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }));
      if (ctx.apiVersion >= 1) out.int32(0);
      out.array(results, (w, r) => w.string(r.name).int16(r.error));
    },
  };
}
