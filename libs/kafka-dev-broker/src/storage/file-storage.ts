import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOG_OVERHEAD, checkBatchAt } from '../protocol/record-batch';
import type { BrokerLogger } from '../logger';
import type { LoadedTopic, LogStorage, PartitionStore, RecoveredBatch, TopicMeta } from './storage';

/**
 * File layout under dataDir:
 *   topics/<topic>/topic.json      {"name","partitions","createdAt","configs"} (written via rename)
 *   topics/<topic>/<partition>.log record batches back to back, as stored (baseOffset patched)
 * Durability: each append is one write(2) to the page cache before the Produce response, so a
 * killed process loses nothing; an OS crash can lose the tail unless `fsync: 'always'`
 * (fdatasync after every append). Logs are fsync'ed on clean shutdown.
 * Recovery: a log is scanned batch by batch (length, magic, CRC-32C, contiguous offsets); the
 * first invalid or partial batch and everything after it are truncated away.
 */
export interface FileStorageOptions {
  dataDir: string;
  fsync?: 'never' | 'always';
  logger: BrokerLogger;
}

const SCAN_WINDOW = 8 * 1024 * 1024;

export class FilePartitionStore implements PartitionStore {
  private fd: number;
  private len = 0;
  readonly recovered: RecoveredBatch[] = [];

  constructor(
    readonly file: string,
    private readonly fsyncEach: boolean,
    logger: BrokerLogger,
  ) {
    this.fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    const fileSize = fs.fstatSync(this.fd).size;
    this.len = this.recover(fileSize);
    if (this.len < fileSize) {
      logger.warn('truncating torn or corrupt log tail', { file, validBytes: this.len, fileBytes: fileSize });
      fs.ftruncateSync(this.fd, this.len);
      fs.fsyncSync(this.fd);
    }
  }

  /** Returns the length of the valid prefix, filling `recovered`. */
  private recover(fileSize: number): number {
    let windowStart = 0;
    let window = Buffer.alloc(0);
    let pos = 0;
    let nextOffset = -1;
    const load = (start: number, minLen: number): void => {
      const len = Math.min(Math.max(SCAN_WINDOW, minLen), fileSize - start);
      window = Buffer.allocUnsafe(len);
      let read = 0;
      while (read < len) {
        const n = fs.readSync(this.fd, window, read, len - read, start + read);
        if (n === 0) break;
        read += n;
      }
      window = window.subarray(0, read);
      windowStart = start;
    };
    while (pos < fileSize) {
      if (fileSize - pos < LOG_OVERHEAD) break;
      if (pos + LOG_OVERHEAD > windowStart + window.length) load(pos, LOG_OVERHEAD);
      const length = window.readInt32BE(pos - windowStart + 8);
      const size = LOG_OVERHEAD + length;
      if (length <= 0 || pos + size > fileSize) break;
      if (pos + size > windowStart + window.length) load(pos, size);
      const check = checkBatchAt(window, pos - windowStart, pos - windowStart + size);
      if (!check.ok) break;
      const header = check.header;
      if (nextOffset >= 0 && header.baseOffset !== nextOffset) break;
      nextOffset = header.baseOffset + header.lastOffsetDelta + 1;
      this.recovered.push({ header, position: pos });
      pos += size;
    }
    return pos;
  }

  get size(): number {
    return this.len;
  }

  append(batch: Buffer): number {
    const position = this.len;
    let written = 0;
    while (written < batch.length) {
      written += fs.writeSync(this.fd, batch, written, batch.length - written, position + written);
    }
    if (this.fsyncEach) fs.fdatasyncSync(this.fd);
    this.len += batch.length;
    return position;
  }

  read(position: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = fs.readSync(this.fd, out, read, length - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return out.subarray(0, read);
  }

  flush(): void {
    if (this.fd >= 0) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

export class FileStorage implements LogStorage {
  readonly kind = 'file' as const;
  private readonly topicsDir: string;

  constructor(private readonly options: FileStorageOptions) {
    this.topicsDir = path.join(options.dataDir, 'topics');
    fs.mkdirSync(this.topicsDir, { recursive: true });
  }

  private openPartitions(dir: string, count: number): PartitionStore[] {
    return Array.from(
      { length: count },
      (_, p) => new FilePartitionStore(path.join(dir, `${p}.log`), this.options.fsync === 'always', this.options.logger),
    );
  }

  loadTopics(): LoadedTopic[] {
    const out: LoadedTopic[] = [];
    for (const entry of fs.readdirSync(this.topicsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(this.topicsDir, entry.name);
      const metaFile = path.join(dir, 'topic.json');
      if (!fs.existsSync(metaFile)) {
        this.options.logger.warn('ignoring topic directory without topic.json', { dir });
        continue;
      }
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as TopicMeta;
      out.push({ meta, partitions: this.openPartitions(dir, meta.partitions) });
    }
    return out;
  }

  createTopic(meta: TopicMeta): PartitionStore[] {
    const dir = path.join(this.topicsDir, meta.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const partitions = this.openPartitions(dir, meta.partitions);
    const tmp = path.join(dir, 'topic.json.tmp');
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(meta));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, 'topic.json'));
    return partitions;
  }

  deleteTopic(name: string, partitions: readonly PartitionStore[]): void {
    for (const p of partitions) p.close();
    fs.rmSync(path.join(this.topicsDir, name), { recursive: true, force: true });
  }

  close(): void {}
}
