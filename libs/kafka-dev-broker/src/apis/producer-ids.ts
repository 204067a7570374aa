import { type ApiSpec, ErrorCode } from '../protocol/api';
import type { BrokerState } from '../broker-state';

const NOT_SUPPORTED = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;

/**
 * InitProducerId 0-1: allocates a fresh producer id (epoch 0) for idempotent producers.
 * With a transactional id it answers TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53): the dev broker
 * does not support transactions.
 */
export function initProducerIdApi(state: BrokerState): ApiSpec {
  return {
    key: 22,
    name: 'InitProducerId',
    minVersion: 0,
    maxVersion: 1,
    handle(_ctx, body, out) {
      const transactionalId = body.nullableString();
      body.int32(); // transaction_timeout_ms
      out.int32(0);
      if (transactionalId !== null) {
        state.logger.warn('transactional producer refused: transactions are not supported', { transactionalId });
        out.int16(NOT_SUPPORTED).int64(-1).int16(-1);
        return;
      }
      out.int16(ErrorCode.NONE).int64(state.allocateProducerId()).int16(0);
    },
  };
}

/** AddPartitionsToTxn, AddOffsetsToTxn, EndTxn and TxnOffsetCommit (0-1): always refused with 53. */
export function transactionApis(): ApiSpec[] {
  return [
    {
      key: 24,
      name: 'AddPartitionsToTxn',
      minVersion: 0,
      maxVersion: 1,
      handle(_ctx, body, out) {
        body.string();
        body.int64();
        body.int16();
        const topics = body.array((r) => ({ name: r.string(), partitions: r.array((p) => p.int32()) }));
        out.int32(0);
        out.array(topics, (w, t) => w.string(t.name).array(t.partitions, (pw, p) => pw.int32(p).int16(NOT_SUPPORTED)));
      },
    },
    {
      key: 25,
      name: 'AddOffsetsToTxn',
      minVersion: 0,
      maxVersion: 1,
      handle(_ctx, _body, out) {
        out.int32(0).int16(NOT_SUPPORTED);
      },
    },
    {
      key: 26,
      name: 'EndTxn',
      minVersion: 0,
      maxVersion: 1,
      handle(_ctx, _body, out) {
        out.int32(0).int16(NOT_SUPPORTED);
      },
    },
    {
      key: 28,
      name: 'TxnOffsetCommit',
      minVersion: 0,
      maxVersion: 1,
      handle(_ctx, body, out) {
        body.string();
        body.string();
        body.int64();
        body.int16();
        const topics = body.array((r) => ({
          name: r.string(),
          partitions: r.array((p) => {
            const index = p.int32();
            p.int64();
            p.nullableString();
            return index;
          }),
        }));
        out.int32(0);
        out.array(topics, (w, t) => w.string(t.name).array(t.partitions, (pw, p) => pw.int32(p).int16(NOT_SUPPORTED)));
      },
    },
  ];
}
