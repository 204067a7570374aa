import { type ApiSpec, ErrorCode } from '../protocol/api';
import type { BrokerState } from '../broker-state';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets 0-3: -1 latest (= LSO = HW), -2 earliest, else first record with timestamp >= ts. */
export function listOffsetsApi(state: BrokerState): ApiSpec {
  return {
    key: 2,
    name: 'ListOffsets',
    minVersion: 1,
    maxVersion: 3,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      body.int32(); // replica_id
      if (v >= 2) body.int8(); // isolation_level
      const topics = body.array((r) => ({
        name: r.string(),
        partitions: r.array((p) => {
          const index = p.int32();
          const timestamp = p.int64n();
          if (v === 0) p.int32(); // max_num_offsets
          return { index, timestamp };
        }),
      }));
      const answers = topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map(({ index, timestamp }) => {
          const log = state.partition(t.name, index);
          if (!log) return { index, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
          if (state.leaderPending(t.name)) return { index, error: ErrorCode.NOT_LEADER_OR_FOLLOWER, timestamp: -1, offset: -1 };
          if (timestamp === LATEST) return { index, error: ErrorCode.NONE, timestamp: -1, offset: log.highWatermark };
          if (timestamp === EARLIEST) return { index, error: ErrorCode.NONE, timestamp: -1, offset: log.logStartOffset };
          const found = log.offsetForTimestamp(timestamp);
          return { index, error: ErrorCode.NONE, timestamp: found.timestamp, offset: found.offset };
        }),
      }));
      if (v >= 2) out.int32(0);
      out.array(answers, (w, t) => {
        w.string(t.name);
        w.array(t.partitions, (pw, p) => {
          pw.int32(p.index).int16(p.error);
          if (v === 0) pw.array(p.offset >= 0 ? [p.offset] : [], (x, o) => x.int64(o));
          else pw.int64(p.timestamp).int64(p.offset);
        });
      });
    },
  };
}
