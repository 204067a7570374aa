/**
 * The command pipeline's read cache (ADR 0910): the state it folded for a stream and that
 * state's version, as of the last commit this process made or read it in. A consumer's next
 * message about the same application then decides without reading the stream again.
 *
 * Never trusted blindly: the append checks the version as it always did, and a decision that
 * appends nothing checks it with one small query. A stale entry (another instance wrote the
 * stream) is forgotten and the unit of work fails with a `StaleCacheError`, a version conflict
 * its caller retries from a fresh read, in a fresh transaction: nothing the stale decision did
 * can remain. What a transaction folds is kept apart until it commits (`afterCommit`), so a
 * rollback never leaves a state the database does not hold; the same transaction's later
 * commands see it at once. States are frozen: a decider that mutated one would throw instead
 * of corrupting the cache.
 */
import { ConcurrencyError, type EventStoreTransaction } from '@lienthong/event-store';

interface Entry {
  /** The decider that folded it: a stream is only ever read with one, but the cache does not rely on it. */
  decider: object;
  state: unknown;
  version: number;
}

/** A version conflict because the cache was behind the stream: always safe to retry from a fresh read. */
export class StaleCacheError extends ConcurrencyError {}

const retrying = new WeakSet<EventStoreTransaction>();
/**
 * Marks a transaction whose owner retries a version conflict in a fresh transaction: the
 * consumer's units of work and `CommandPipeline.run`. Only these decide from the cache; any
 * other caller (an HTTP request in a transaction of its own) reads the stream, as before, so a
 * stale cache never reaches a user as a conflict.
 */
export function markRetryable(tx: EventStoreTransaction): void {
  retrying.add(tx);
}
export const isRetryable = (tx: EventStoreTransaction): boolean => retrying.has(tx);

/** Default number of streams whose state one pipeline keeps (least recently used go first). */
export const DEFAULT_STREAM_CACHE_SIZE = 10_000;

export class StreamStateCache {
  private readonly committed = new Map<string, Entry>();
  private readonly pending = new WeakMap<EventStoreTransaction, Map<string, Entry>>();

  constructor(private readonly capacity: number = DEFAULT_STREAM_CACHE_SIZE) {}

  /** The state this transaction folded last, else the last committed one, if `decider` folded it. */
  lookup<S>(tx: EventStoreTransaction, streamId: string, decider: object): { state: S; version: number } | undefined {
    const entry = this.pending.get(tx)?.get(streamId) ?? this.touch(streamId);
    return entry?.decider === decider ? { state: entry.state as S, version: entry.version } : undefined;
  }

  /** What the transaction now holds for the stream; kept for others once it commits. */
  remember(tx: EventStoreTransaction, streamId: string, decider: object, state: unknown, version: number): void {
    let mine = this.pending.get(tx);
    if (!mine) {
      const entries = new Map<string, Entry>();
      this.pending.set(tx, entries);
      tx.afterCommit(() => this.commit(entries));
      mine = entries;
    }
    mine.set(streamId, { decider, state: deepFreeze(state), version });
  }

  /** The stream changed behind the cache's back (or may have): read it again next time. */
  forget(tx: EventStoreTransaction, streamId: string): void {
    this.pending.get(tx)?.delete(streamId);
    this.committed.delete(streamId);
  }

  get size(): number {
    return this.committed.size;
  }

  private touch(streamId: string): Entry | undefined {
    const entry = this.committed.get(streamId);
    if (entry) {
      this.committed.delete(streamId);
      this.committed.set(streamId, entry);
    }
    return entry;
  }

  private commit(entries: Map<string, Entry>): void {
    for (const [streamId, entry] of entries) {
      // Two transactions of this process may commit one stream's states out of order: keep the newer.
      const known = this.committed.get(streamId);
      if (known && known.version > entry.version) continue;
      this.committed.delete(streamId);
      this.committed.set(streamId, entry);
    }
    for (const streamId of this.committed.keys()) {
      if (this.committed.size <= this.capacity) break;
      this.committed.delete(streamId);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
