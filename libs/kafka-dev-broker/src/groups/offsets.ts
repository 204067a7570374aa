/**
 * Committed consumer-group offsets, optionally persisted to `<dataDir>/__consumer_offsets.log`:
 * append-only JSON lines `{"g","t","p","o","m","ts"}`, one per committed partition, written
 * synchronously with each OffsetCommit (so an acknowledged commit survives a process crash).
 * On open the file is replayed (the last record per group/topic/partition wins; an unparsable
 * line, typically a torn tail after a crash, is skipped) and rewritten compacted. It is compacted
 * again when it grows well past the number of live entries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupLogger } from './coordinator';

export interface CommittedOffset {
  offset: number;
  metadata: string;
  commitTimestamp: number;
}

export interface OffsetEntry extends CommittedOffset {
  topic: string;
  partition: number;
}

interface LogRecord {
  g: string;
  t: string;
  p: number;
  o: number;
  m: string;
  ts: number;
}

export const OFFSETS_FILE = '__consumer_offsets.log';
const COMPACT_MIN_RECORDS = 10_000;

function isRecord(v: unknown): v is LogRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.g === 'string' &&
    typeof r.t === 'string' &&
    Number.isInteger(r.p) &&
    typeof r.o === 'number' &&
    typeof r.m === 'string' &&
    typeof r.ts === 'number'
  );
}

export class OffsetStore {
  /** group -> topic -> partition -> offset */
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  private readonly file: string | null;
  private fd: number | null = null;
  private records = 0;
  private live = 0;

  constructor(dataDir?: string, private readonly logger?: GroupLogger) {
    this.file = dataDir ? path.join(dataDir, OFFSETS_FILE) : null;
    if (this.file && dataDir) {
      fs.mkdirSync(dataDir, { recursive: true });
      this.load(this.file);
      this.compact();
    }
  }

  private load(file: string): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (!isRecord(parsed)) {
        const torn = i === lines.length - 1;
        this.logger?.warn(torn ? 'Ignoring torn last line of the offsets log' : 'Ignoring a corrupt offsets log line', {
          file,
          line: i + 1,
        });
        return;
      }
      this.set(parsed.g, parsed.t, parsed.p, { offset: parsed.o, metadata: parsed.m, commitTimestamp: parsed.ts });
    });
  }

  private set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let topics = this.groups.get(group);
    if (!topics) this.groups.set(group, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    if (!partitions.has(partition)) this.live += 1;
    partitions.set(partition, value);
  }

  private static line(g: string, t: string, p: number, c: CommittedOffset): string {
    const r: LogRecord = { g, t, p, o: c.offset, m: c.metadata, ts: c.commitTimestamp };
    return `${JSON.stringify(r)}\n`;
  }

  /** Rewrites the log with one record per live entry (write a temp file, fsync, rename). */
  private compact(): void {
    if (!this.file) return;
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    const tmp = `${this.file}.tmp`;
    const chunks: string[] = [];
    for (const [g, topics] of this.groups) {
      for (const [t, partitions] of topics) for (const [p, c] of partitions) chunks.push(OffsetStore.line(g, t, p, c));
    }
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, chunks.join(''));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.records = chunks.length;
    this.fd = fs.openSync(this.file, 'a');
  }

  commit(group: string, entries: OffsetEntry[]): void {
    let out = '';
    for (const e of entries) {
      const value = { offset: e.offset, metadata: e.metadata, commitTimestamp: e.commitTimestamp };
      this.set(group, e.topic, e.partition, value);
      if (this.fd !== null) out += OffsetStore.line(group, e.topic, e.partition, value);
    }
    if (this.fd !== null && out !== '') {
      fs.writeSync(this.fd, out);
      this.records += entries.length;
      if (this.records > COMPACT_MIN_RECORDS && this.records > 4 * this.live) this.compact();
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(partition);
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  committedPartitions(group: string): { topic: string; partitions: number[] }[] {
    const topics = this.groups.get(group);
    if (!topics) return [];
    return [...topics].map(([topic, partitions]) => ({ topic, partitions: [...partitions.keys()].sort((a, b) => a - b) }));
  }

  close(): void {
    if (this.fd === null) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = null;
  }
}
