/**
 * Group commit per key (issue 17). Work for one key is handled by one batch at a time in this
 * process; what arrives while a batch runs waits, without a database connection, and goes
 * together in the next one (up to `maxBatch`). A lone item waits for nothing. Other keys run
 * freely.
 *
 * Submissions of one receiving unit and day all take the same counter row lock (ADR 0401), so
 * they cannot run side by side anyway: queued in PostgreSQL they held every pooled connection
 * while waiting (starving the service's consumers), and one at a time each paid a whole
 * transaction, commit included, while holding the row. In one transaction per batch they share
 * the commit.
 */
export class KeyedBatches<I, R> {
  private readonly pending = new Map<string, { item: I; resolve: (result: R) => void; reject: (reason: unknown) => void }[]>();

  constructor(
    /** One result per item, in order; a throw fails the whole batch. */
    private readonly handle: (items: I[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxBatch = 50,
  ) {}

  add(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.pending.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.pending.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  /** Keys with work running or waiting. */
  get size(): number {
    return this.pending.size;
  }

  private async drain(key: string): Promise<void> {
    const queue = this.pending.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      let results: PromiseSettledResult<R>[];
      try {
        results = await this.handle(batch.map((b) => b.item));
      } catch (error) {
        results = batch.map(() => ({ status: 'rejected', reason: error }));
      }
      batch.forEach((b, i) => {
        const result = results[i];
        if (result?.status === 'fulfilled') b.resolve(result.value);
        else b.reject(result ? result.reason : new Error('no result for a batched item'));
      });
    }
    this.pending.delete(key);
  }
}
