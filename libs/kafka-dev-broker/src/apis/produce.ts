import { type ApiSpec, ErrorCode } from '../protocol/api';
import { splitRecordSet } from '../protocol/record-batch';
import type { BrokerState } from '../broker-state';

interface PartitionResult {
  index: number;
  error: number;
  baseOffset: number;
}

/**
 * Produce 0-7 (record batch v2 only, i.e. what Produce v3+ clients send). Each batch is
 * validated (magic, CRC-32C, count, no control/transactional bit), checked against the
 * idempotent-producer state, patched (baseOffset, leader epoch) and stored as received.
 * The append is complete (written to the store) before the response, so acks 1 and -1 are
 * equivalent on a single node; acks 0 gets no response.
 */
export function produceApi(state: BrokerState): ApiSpec {
  return {
    key: 0,
    name: 'Produce',
    minVersion: 0,
    maxVersion: 7,
    handle(ctx, body, out) {
      const v = ctx.apiVersion;
      const transactionalId = v >= 3 ? body.nullableString() : null;
      const acks = body.int16();
      body.int32(); // timeout
      const topics = body.array((r) => ({
        name: r.string(),
        partitions: r.array((p) => ({ index: p.int32(), records: p.nullableBytes() })),
      }));

      const appended: { topic: string; partition: number }[] = [];
      const results = topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map(({ index, records }): PartitionResult => {
          const fail = (error: number): PartitionResult => ({ index, error, baseOffset: -1 });
          if (acks !== 0 && acks !== 1 && acks !== -1) return fail(ErrorCode.INVALID_REQUIRED_ACKS);
          if (transactionalId !== null) return fail(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
          const log = state.partition(t.name, index);
          if (!log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          if (state.leaderPending(t.name)) return fail(ErrorCode.NOT_LEADER_OR_FOLLOWER);
          if (!records || records.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE);
          if (records.length > state.config.maxMessageBytes) return fail(ErrorCode.MESSAGE_TOO_LARGE);
          const split = splitRecordSet(records);
          if (!split.ok) {
            state.logger.debug('rejected produce', { topic: t.name, partition: index, error: split.error, reason: split.message });
            return fail(split.error);
          }
          let baseOffset = -1;
          for (let i = 0; i < split.batches.length; i++) {
            const res = log.append(records, split.positions[i], split.batches[i]);
            if (res.error !== ErrorCode.NONE) {
              state.logger.debug('rejected batch', { topic: t.name, partition: index, error: res.error, reason: res.message });
              return fail(res.error);
            }
            if (i === 0) baseOffset = res.baseOffset;
          }
          appended.push({ topic: t.name, partition: index });
          return { index, error: ErrorCode.NONE, baseOffset };
        }),
      }));
      for (const a of appended) state.notifyAppend(a.topic, a.partition);

      if (acks === 0) return 'no-response';
      out.array(results, (w, t) => {
        w.string(t.name);
        w.array(t.partitions, (pw, p) => {
          pw.int32(p.index).int16(p.error).int64(p.baseOffset);
          if (v >= 2) pw.int64(-1); // log_append_time: CreateTime topics only
          if (v >= 5) pw.int64(0); // log_start_offset
        });
      });
      if (v >= 1) out.int32(0);
    },
  };
}
