import { type ApiSpec, ErrorCode } from '../protocol/api';
import type { BrokerState, Topic } from '../broker-state';

/**
 * Metadata 0-6. v0: empty topic list = all topics; v1+: null = all, empty = none.
 * v4+: allow_auto_topic_creation (earlier versions always allow). Auto-creation is synchronous,
 * so the created topic is answered without LEADER_NOT_AVAILABLE.
 */
export function metadataApi(state: BrokerState): ApiSpec {
  return {
    key: 3,
    name: 'Metadata',
    minVersion: 0,
    maxVersion: 6,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const requested = body.nullableArray((r) => r.string());
      const allowAutoCreate = v >= 4 ? body.bool() : true;
      const { nodeId, host, port, clusterId } = state.config;

      let answers: { name: string; error: number; topic?: Topic }[];
      if (requested === null || (v === 0 && requested.length === 0)) {
        answers = [...state.topics.values()].map((t) => ({ name: t.meta.name, error: ErrorCode.NONE, topic: t }));
      } else {
        answers = [...new Set(requested)].map((name) => ({ name, ...state.ensureTopic(name, allowAutoCreate) }));
      }

      if (v >= 3) out.int32(0);
      out.array([nodeId], (w, id) => {
        w.int32(id).string(host).int32(port);
        if (v >= 1) w.nullableString(null);
      });
      if (v >= 2) out.nullableString(clusterId);
      if (v >= 1) out.int32(nodeId);
      out.array(answers, (w, a) => {
        w.int16(a.error).string(a.name);
        if (v >= 1) w.bool(false);
        const partitions = a.topic ? a.topic.partitions.map((_, i) => i) : [];
        w.array(partitions, (pw, p) => {
          pw.int16(ErrorCode.NONE).int32(p).int32(nodeId);
          pw.array([nodeId], (x, id) => x.int32(id));
          pw.array([nodeId], (x, id) => x.int32(id));
          if (v >= 5) pw.array([], (x, id: number) => x.int32(id));
        });
      });
    },
  };
}
