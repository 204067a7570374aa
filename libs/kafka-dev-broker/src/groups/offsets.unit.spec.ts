import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGroupApis } from './index';
import { OFFSETS_FILE, OffsetStore } from './offsets';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groups-offsets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = (partition: number, offset: number, metadata = '') => ({
  topic: 'orders',
  partition,
  offset,
  metadata,
  commitTimestamp: 1_700_000_000_000 + offset,
});

describe('OffsetStore persistence', () => {
  it('committed offsets survive a reopen; the last commit per partition wins', () => {
    const a = new OffsetStore(dir);
    a.commit('g', [entry(0, 1), entry(1, 5, 'meta')]);
    a.commit('g', [entry(0, 2)]);
    a.commit('h', [entry(0, -1)]);
    a.close();

    const b = new OffsetStore(dir);
    expect(b.get('g', 'orders', 0)).toEqual({ offset: 2, metadata: '', commitTimestamp: 1_700_000_000_002 });
    expect(b.get('g', 'orders', 1)?.metadata).toBe('meta');
    expect(b.get('h', 'orders', 0)?.offset).toBe(-1);
    expect(b.groupIds().sort()).toEqual(['g', 'h']);
    expect(b.committedPartitions('g')).toEqual([{ topic: 'orders', partitions: [0, 1] }]);
    b.close();
    // Compacted on open: one line per live entry.
    expect(fs.readFileSync(path.join(dir, OFFSETS_FILE), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('ignores a torn last line after a crash and rewrites the file cleanly', () => {
    const a = new OffsetStore(dir);
    a.commit('g', [entry(0, 10)]);
    a.commit('g', [entry(1, 20)]);
    a.close();
    const file = path.join(dir, OFFSETS_FILE);
    fs.appendFileSync(file, '{"g":"g","t":"orders","p":0,"o":99');
    const warnings: string[] = [];
    const b = new OffsetStore(dir, { info: () => undefined, warn: (m) => warnings.push(m) });
    expect(b.get('g', 'orders', 0)?.offset).toBe(10);
    expect(b.get('g', 'orders', 1)?.offset).toBe(20);
    expect(warnings).toEqual(['Ignoring torn last line of the offsets log']);
    b.commit('g', [entry(2, 30)]);
    b.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { o: number }).o)).toEqual([10, 20, 30]);
    expect(new OffsetStore(dir).get('g', 'orders', 2)?.offset).toBe(30);
  });

  it('in memory when no dataDir is given', () => {
    const s = new OffsetStore();
    s.commit('g', [entry(0, 1)]);
    expect(s.get('g', 'orders', 0)?.offset).toBe(1);
    s.close();
  });

  it('createGroupApis with the same dataDir reloads committed offsets', async () => {
    const opts = { nodeId: 1, host: 'h', port: 1, dataDir: dir, topicExists: () => true, partitionCount: () => 1 };
    const first = createGroupApis(opts);
    first.coordinator.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      offsets: [{ topic: 't', partition: 0, offset: 7, metadata: 'm' }],
    });
    await first.close();
    const second = createGroupApis(opts);
    expect(second.coordinator.fetchOffsets('g', null)).toEqual([
      { topic: 't', partitions: [{ partition: 0, offset: 7, metadata: 'm', errorCode: 0 }] },
    ]);
    expect(second.coordinator.describe('g').state).toBe('Empty');
    expect(second.coordinator.list()).toEqual([{ groupId: 'g', protocolType: '', state: 'Empty' }]);
    await second.close();
  });
});
