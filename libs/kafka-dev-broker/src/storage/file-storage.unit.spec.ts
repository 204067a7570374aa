import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBatch, capturingLogger } from '../../test/helpers';
import { PartitionLog } from '../log/partition-log';
import { checkBatchAt } from '../protocol/record-batch';
import { FilePartitionStore, FileStorage } from './file-storage';

describe('file storage recovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdb-unit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fill = (file: string, batches: number): { sizes: number[] } => {
    const log = new PartitionLog('t', 0, new FilePartitionStore(file, false, capturingLogger()));
    const sizes: number[] = [];
    for (let i = 0; i < batches; i++) {
      const b = buildBatch({ producerId: 5, producerEpoch: 0, baseSequence: i * 2, records: [{ value: `v${i}a` }, { value: `v${i}b` }] });
      const check = checkBatchAt(b, 0);
      if (!check.ok) throw new Error(check.message);
      expect(log.append(b, 0, check.header).error).toBe(0);
      sizes.push(b.length);
    }
    log.store.close();
    return { sizes };
  };

  it('truncates a torn tail back to the last whole batch', () => {
    const file = path.join(dir, '0.log');
    const { sizes } = fill(file, 3);
    const whole = sizes.reduce((a, b) => a + b, 0);
    const extra = buildBatch({ records: [{ value: 'torn' }] });
    fs.appendFileSync(file, extra.subarray(0, extra.length - 3));
    const logger = capturingLogger();
    const log = new PartitionLog('t', 0, new FilePartitionStore(file, false, logger));
    expect(log.highWatermark).toBe(6);
    expect(log.batchCount).toBe(3);
    expect(fs.statSync(file).size).toBe(whole);
    expect(logger.warnings).toEqual(['truncating torn or corrupt log tail']);
    // idempotence state rebuilt from the log: the next sequence is 6
    expect(log.producers.check(5, 0, 6, 0).kind).toBe('append');
    expect(log.producers.check(5, 0, 4, 1)).toEqual({ kind: 'duplicate', baseOffset: 4 });
    // appends continue after the truncation point
    const next = buildBatch({ records: [{ value: 'next' }] });
    const check = checkBatchAt(next, 0);
    if (!check.ok) throw new Error(check.message);
    expect(log.append(next, 0, check.header).baseOffset).toBe(6);
    const bytes = log.read(6, 1 << 20, true);
    expect(checkBatchAt(bytes, 0)).toMatchObject({ ok: true, header: { baseOffset: 6 } });
    log.store.close();
  });

  it('drops everything from a batch with a bad CRC onwards', () => {
    const file = path.join(dir, '0.log');
    const { sizes } = fill(file, 4);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xaa]), 0, 1, sizes[0] + sizes[1] + 70); // inside batch 3's records
    fs.closeSync(fd);
    const log = new PartitionLog('t', 0, new FilePartitionStore(file, false, capturingLogger()));
    expect(log.highWatermark).toBe(4);
    expect(fs.statSync(file).size).toBe(sizes[0] + sizes[1]);
    log.store.close();
  });

  it('appends with fdatasync when fsync is "always" and reads back exact bytes', () => {
    const store = new FilePartitionStore(path.join(dir, 'sync.log'), true, capturingLogger());
    const a = buildBatch({ records: [{ value: 'a' }] });
    const b = buildBatch({ records: [{ value: 'bb' }] });
    expect(store.append(a)).toBe(0);
    expect(store.append(b)).toBe(a.length);
    expect(Buffer.compare(store.read(a.length, b.length), b)).toBe(0);
    expect(store.size).toBe(a.length + b.length);
    store.close();
  });

  it('reloads topics and ignores a directory without topic.json', () => {
    const storage = new FileStorage({ dataDir: dir, logger: capturingLogger() });
    const parts = storage.createTopic({ name: 'orders', partitions: 2, createdAt: 1, configs: {} });
    parts[1].append(buildBatch({ records: [{ value: 'x' }] }));
    for (const p of parts) p.close();
    fs.mkdirSync(path.join(dir, 'topics', 'half-created'));
    const logger = capturingLogger();
    const loaded = new FileStorage({ dataDir: dir, logger }).loadTopics();
    expect(loaded.map((t) => [t.meta.name, t.partitions.length, t.partitions[1].recovered.length])).toEqual([['orders', 2, 1]]);
    expect(logger.warnings).toEqual(['ignoring topic directory without topic.json']);
    for (const t of loaded) for (const p of t.partitions) p.close();
  });
});
