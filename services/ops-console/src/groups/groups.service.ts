import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { AllTopics } from '@lienthong/contracts';
import { type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { OpsConsoleConfig } from '../config';
import { ReadModel } from '../shared/read-model';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read; null when it never committed on this partition. */
  committed: string | null;
  end: string;
  lag: number;
  /** Age of the first unconsumed message (ms), from the read model; null when none or unknown. */
  lagMs: number | null;
}

export interface GroupSnapshot {
  groupId: string;
  state: string;
  protocol: string;
  members: { memberId: string; clientId: string; clientHost: string; assignment: Record<string, number[]> }[];
  partitions: PartitionLag[];
  totalLag: number;
  maxLagMs: number | null;
}

/** Consumer groups and their lag, through the Kafka admin API, sampled for the trend. */
@Injectable()
export class GroupsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private admin?: Admin;
  private connecting?: Promise<Admin>;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopping = false;
  private readonly pattern: RegExp;

  constructor(
    @Inject(ReadModel) private readonly model: ReadModel,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {
    this.pattern = new RegExp(config.OPS_GROUPS_PATTERN);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.stopping || this.inFlight) return;
      this.inFlight = this.sample()
        .catch((e: unknown) => {
          if (!this.stopping) this.logger.emit('warn', `lag sample failed: ${(e as Error).message}`, 'groups');
        })
        .finally(() => (this.inFlight = undefined));
    }, this.config.OPS_LAG_SAMPLE_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.inFlight;
    await this.admin?.disconnect();
  }

  private async connect(): Promise<Admin> {
    if (this.admin) return this.admin;
    this.connecting ??= (async () => {
      const admin = new Kafka({ clientId: 'ops-console-admin', brokers: this.config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  async snapshot(): Promise<GroupSnapshot[]> {
    const admin = await this.connect();
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).filter((id) => this.pattern.test(id)).sort();
    if (ids.length === 0) return [];
    const ends = new Map<string, string>();
    const existing = new Set(await admin.listTopics());
    const topics = AllTopics.filter((t) => existing.has(t));
    // fetchOffsets needs the topics' metadata loaded in the admin client.
    await admin.fetchTopicMetadata({ topics });
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, p.high);
    }
    const { groups: described } = await admin.describeGroups(ids);
    const now = Date.now();
    const out: GroupSnapshot[] = [];
    for (const g of described) {
      const offsets = await admin.fetchOffsets({ groupId: g.groupId, topics });
      const partitions: PartitionLag[] = [];
      for (const t of offsets) {
        for (const p of t.partitions) {
          if (p.offset === '-1') continue; // never committed here: not this group's topic
          const end = ends.get(`${t.topic}/${p.partition}`) ?? p.offset;
          partitions.push({ topic: t.topic, partition: p.partition, committed: p.offset, end, lag: Math.max(0, Number(end) - Number(p.offset)), lagMs: null });
        }
      }
      await this.fillLagTime(partitions, now);
      const members = g.members.map((m) => {
        const decoded = m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
        return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, assignment: decoded?.assignment ?? {} };
      });
      const lagMs = partitions.map((p) => p.lagMs).filter((v): v is number => v !== null);
      out.push({
        groupId: g.groupId,
        state: g.state,
        protocol: g.protocol,
        members,
        partitions,
        totalLag: partitions.reduce((a, p) => a + p.lag, 0),
        maxLagMs: lagMs.length ? Math.max(...lagMs) : null,
      });
    }
    return out;
  }

  /** The age of the first unconsumed message, which the read model has seen (or not yet). */
  private async fillLagTime(partitions: PartitionLag[], now: number): Promise<void> {
    const lagging = partitions.filter((p) => p.lag > 0 && p.committed !== null);
    if (lagging.length === 0) return;
    const rows = await this.model.query<{ topic: string; partition: number; kafka_time: Date }>(
      `SELECT m.topic, m.partition, m.kafka_time FROM ops_messages m
       JOIN unnest($1::text[], $2::int[], $3::bigint[]) AS w(topic, partition, off)
         ON m.topic = w.topic AND m.partition = w.partition AND m."offset" = w.off`,
      [lagging.map((p) => p.topic), lagging.map((p) => p.partition), lagging.map((p) => p.committed)],
    );
    const at = new Map(rows.map((r) => [`${r.topic}/${r.partition}`, r.kafka_time.getTime()]));
    for (const p of lagging) {
      const t = at.get(`${p.topic}/${p.partition}`);
      p.lagMs = t === undefined ? null : Math.max(0, now - t);
    }
  }

  /** One sample of every partition of every shown group; drops samples past the retention. */
  async sample(): Promise<void> {
    const snapshot = await this.snapshot();
    const rows = snapshot.flatMap((g) => g.partitions.map((p) => ({ g: g.groupId, ...p })));
    await this.model.query(
      `INSERT INTO ops_lag_samples (sampled_at, group_id, topic, partition, committed, end_offset, lag, lag_ms)
       SELECT now(), * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])`,
      [rows.map((r) => r.g), rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.committed),
        rows.map((r) => r.end), rows.map((r) => r.lag), rows.map((r) => r.lagMs)],
    );
    await this.model.query(`DELETE FROM ops_lag_samples WHERE sampled_at < now() - make_interval(hours => $1)`, [this.config.OPS_LAG_RETENTION_HOURS]);
  }

  /** Total lag of a group per sample, oldest first. */
  trend(groupId: string, hours: number): Promise<{ sampled_at: Date; lag: string; lag_ms: string | null }[]> {
    return this.model.query(
      `SELECT sampled_at, sum(lag) AS lag, max(lag_ms) AS lag_ms FROM ops_lag_samples
       WHERE group_id = $1 AND sampled_at >= now() - make_interval(hours => $2)
       GROUP BY sampled_at ORDER BY sampled_at`,
      [groupId, hours],
    );
  }
}
