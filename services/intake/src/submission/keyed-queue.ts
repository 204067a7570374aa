/**
 * Runs the work of one key one at a time in this process, in call order; other keys run
 * freely. Submissions of one receiving unit and day all take the same counter row lock (ADR
 * 0401): waiting here, without a database connection, instead of in PostgreSQL keeps a burst of
 * submissions from holding every pooled connection while they queue on that row, which starved
 * the service's consumers (issue 17: at 100 applications in flight the system completed fewer
 * per second than at 20). Other instances still queue on the row lock itself.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or waiting (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
