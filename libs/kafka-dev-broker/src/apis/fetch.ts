import { type ApiSpec, ErrorCode } from '../protocol/api';
import type { BrokerState } from '../broker-state';

interface FetchPartition {
  index: number;
  fetchOffset: number;
  maxBytes: number;
}

interface PartitionAnswer {
  index: number;
  error: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer | null;
}

/**
 * Fetch 0-11. Serves stored v2 batches as raw bytes (whatever the version), starting at the
 * batch whose last offset >= fetchOffset, at least one whole batch per partition. Long poll:
 * answers at once on an error, when bytes >= minBytes or maxWait <= 0; otherwise parks until
 * an append to a requested partition or maxWait. No transactions, so last stable offset = high
 * watermark and aborted_transactions is empty; no fetch sessions (session id 0).
 */
export function fetchApi(state: BrokerState): ApiSpec {
  return {
    key: 1,
    name: 'Fetch',
    minVersion: 4,
    maxVersion: 11,
    async handle(ctx, body, out) {
      const v = ctx.apiVersion;
      body.int32(); // replica_id
      const maxWait = body.int32();
      const minBytes = body.int32();
      const maxBytes = v >= 3 ? body.int32() : 0x7fffffff;
      if (v >= 4) body.int8(); // isolation_level: read_committed == read_uncommitted without transactions
      if (v >= 7) {
        body.int32(); // session_id
        body.int32(); // session_epoch
      }
      const topics = body.array((r) => ({
        name: r.string(),
        partitions: r.array((p): FetchPartition => {
          const index = p.int32();
          if (v >= 9) p.int32(); // current_leader_epoch
          const fetchOffset = p.int64n();
          if (v >= 5) p.int64(); // log_start_offset (followers only)
          return { index, fetchOffset, maxBytes: p.int32() };
        }),
      }));
      // v7+ forgotten_topics_data and v11 rack_id are irrelevant without sessions / replicas.

      const keys = new Set<string>();
      for (const t of topics) for (const p of t.partitions) keys.add(`${t.name}/${p.index}`);

      const collect = (): { answers: { name: string; partitions: PartitionAnswer[] }[]; bytes: number; error: boolean } => {
        let bytes = 0;
        let error = false;
        const answers = topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p): PartitionAnswer => {
            const log = state.partition(t.name, p.index);
            if (!log) {
              error = true;
              return { index: p.index, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, logStartOffset: -1, records: null };
            }
            if (state.leaderPending(t.name)) {
              error = true;
              return { index: p.index, error: ErrorCode.NOT_LEADER_OR_FOLLOWER, highWatermark: -1, logStartOffset: -1, records: null };
            }
            const hw = log.highWatermark;
            if (p.fetchOffset < log.logStartOffset || p.fetchOffset > hw) {
              error = true;
              return { index: p.index, error: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark: hw, logStartOffset: log.logStartOffset, records: null };
            }
            const remaining = maxBytes - bytes;
            let records: Buffer;
            if (remaining <= 0 && bytes > 0) records = Buffer.alloc(0);
            else records = log.read(p.fetchOffset, Math.min(p.maxBytes, Math.max(remaining, 0)), true);
            bytes += records.length;
            return { index: p.index, error: ErrorCode.NONE, highWatermark: hw, logStartOffset: log.logStartOffset, records };
          }),
        }));
        return { answers, bytes, error };
      };

      const deadline = Date.now() + maxWait;
      let result = collect();
      while (!result.error && result.bytes < minBytes && !state.isClosed) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        await state.waitForAppend(keys, left);
        if (state.isClosed) break; // shutting down: answer with what we had, stores are closed
        result = collect();
      }

      if (v >= 1) out.int32(0);
      if (v >= 7) out.int16(ErrorCode.NONE).int32(0);
      out.array(result.answers, (w, t) => {
        w.string(t.name);
        w.array(t.partitions, (pw, p) => {
          pw.int32(p.index).int16(p.error).int64(p.highWatermark);
          if (v >= 4) pw.int64(p.highWatermark); // last_stable_offset
          if (v >= 5) pw.int64(p.logStartOffset);
          if (v >= 4) pw.array([], (x, a: { producerId: number; firstOffset: number }) => x.int64(a.producerId).int64(a.firstOffset));
          if (v >= 11) pw.int32(-1); // preferred_read_replica
          pw.nullableBytes(p.records);
        });
      });
    },
  };
}
