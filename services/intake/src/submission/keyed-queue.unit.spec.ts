import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('given work running for a key, when more work for that key arrives, then it starts only after the first ends, in call order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const first = queue.run('unit-A|2026-12-05', async () => {
      log.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('first ends');
      return 1;
    });
    const second = queue.run('unit-A|2026-12-05', async () => {
      log.push('second starts');
      return 2;
    });
    await tick();
    expect(log).toEqual(['first starts']);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first starts', 'first ends', 'second starts']);
  });

  it('given work running for one key, when work for another key arrives, then it runs at once', async () => {
    const queue = new KeyedQueue();
    let release!: () => void;
    const blocked = queue.run('unit-A', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(queue.run('unit-B', async () => 'B ran')).resolves.toBe('B ran');
    release();
    await blocked;
  });

  it('given work that fails, when the next work for the key runs, then it still runs, and the failure reaches only its own caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('unit-A', async () => {
      throw new Error('rolled back');
    });
    const next = queue.run('unit-A', async () => 'ran after the failure');
    await expect(failed).rejects.toThrow('rolled back');
    await expect(next).resolves.toBe('ran after the failure');
  });

  it('given all work of a key ended, then the key is forgotten', async () => {
    const queue = new KeyedQueue();
    await queue.run('unit-A', async () => undefined);
    await tick();
    expect(queue.size).toBe(0);
  });
});
