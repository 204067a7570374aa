import { KeyedBatches } from './keyed-batches';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const fulfilled = <R>(value: R): PromiseSettledResult<R> => ({ status: 'fulfilled', value });

/** A handler that records its batches and holds each until released. */
function recording() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const handle = async (items: string[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((i) => fulfilled(`done ${i}`));
  };
  return { batches, releases, handle };
}

describe('KeyedBatches (group commit per key)', () => {
  it('given nothing running for a key, when an item arrives, then it is handled at once, alone', async () => {
    const r = recording();
    const batches = new KeyedBatches(r.handle);
    const one = batches.add('unit-A|2026-12-05', 'a1');
    await tick();
    expect(r.batches).toEqual([['a1']]);
    r.releases[0]!();
    await expect(one).resolves.toBe('done a1');
  });

  it('given a batch running for a key, when more items arrive, then they wait and go together in the next batch, in order', async () => {
    const r = recording();
    const batches = new KeyedBatches(r.handle);
    const first = batches.add('unit-A', 'a1');
    await tick();
    const later = [batches.add('unit-A', 'a2'), batches.add('unit-A', 'a3')];
    await tick();
    expect(r.batches).toEqual([['a1']]);
    r.releases[0]!();
    await first;
    await tick();
    expect(r.batches).toEqual([['a1'], ['a2', 'a3']]);
    r.releases[1]!();
    await expect(Promise.all(later)).resolves.toEqual(['done a2', 'done a3']);
  });

  it('given a batch running for one key, when an item for another key arrives, then it runs at once', async () => {
    const r = recording();
    const batches = new KeyedBatches(r.handle);
    void batches.add('unit-A', 'a1');
    const b = batches.add('unit-B', 'b1');
    await tick();
    expect(r.batches).toEqual([['a1'], ['b1']]);
    r.releases[1]!();
    await expect(b).resolves.toBe('done b1');
    r.releases[0]!();
  });

  it('takes at most maxBatch items in one batch', async () => {
    const r = recording();
    const batches = new KeyedBatches(r.handle, 2);
    const all = [batches.add('k', '1'), batches.add('k', '2'), batches.add('k', '3'), batches.add('k', '4')];
    await tick();
    r.releases[0]!();
    await tick();
    await tick();
    r.releases[1]!();
    await tick();
    await tick();
    r.releases[2]!();
    await Promise.all(all);
    expect(r.batches).toEqual([['1'], ['2', '3'], ['4']]);
  });

  it('gives each item its own outcome, and a handler that throws fails its batch only; then the key is forgotten', async () => {
    let calls = 0;
    const batches = new KeyedBatches<string, string>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('database unavailable');
      return items.map((i) => (i === 'bad' ? { status: 'rejected', reason: new Error(`refused ${i}`) } : fulfilled(`done ${i}`)));
    });
    const failed = batches.add('k', 'x');
    await expect(failed).rejects.toThrow('database unavailable');
    const [good, bad] = [batches.add('k', 'good'), batches.add('k', 'bad')];
    await expect(good).resolves.toBe('done good');
    await expect(bad).rejects.toThrow('refused bad');
    await tick();
    expect(batches.size).toBe(0);
  });
});
