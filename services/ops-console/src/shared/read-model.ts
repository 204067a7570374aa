import { Inject, Injectable } from '@nestjs/common';
import { type EventStore } from '@lienthong/event-store';
import { EVENT_STORE } from '@lienthong/platform';

export interface MessageRow {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  application_id: string | null;
  dossier_code: string | null;
  type: string | null;
  source: string | null;
  occurred_at: Date;
  kafka_time: Date;
  message_id: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  trace_id: string | null;
  headers: Record<string, string>;
  payload: unknown;
  raw_value: string | null;
}

export interface EventView {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  applicationId: string | null;
  dossierCode: string | null;
  type: string | null;
  source: string | null;
  occurredAt: string;
  messageId: string | null;
  correlationId: string | null;
  causationId: string | null;
  traceId: string | null;
  headers: Record<string, string>;
  payload: unknown;
}

export const toEventView = (r: MessageRow): EventView => ({
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  key: r.key,
  applicationId: r.application_id,
  dossierCode: r.dossier_code,
  type: r.type,
  source: r.source,
  occurredAt: r.occurred_at.toISOString(),
  messageId: r.message_id,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  traceId: r.trace_id,
  headers: r.headers,
  payload: r.payload ?? r.raw_value,
});

export interface EventFilter {
  type?: string;
  dossierCode?: string;
  applicationId?: string;
  topic?: string;
  header?: { name: string; value: string };
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Parameterised queries over the console's tables. */
@Injectable()
export class ReadModel {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.store.transaction((tx) => tx.query<R>(sql, params));
  }

  async events(f: EventFilter): Promise<{ items: EventView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.type) add('type = ?', f.type);
    if (f.dossierCode) add('dossier_code = ?', f.dossierCode);
    if (f.applicationId) add('application_id = ?', f.applicationId);
    if (f.topic) add('topic = ?', f.topic);
    if (f.header) add('headers @> ?::jsonb', JSON.stringify({ [f.header.name]: f.header.value }));
    if (f.from) add('occurred_at >= ?', f.from);
    if (f.to) add('occurred_at < ?', f.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ops_messages ${clause}`, params);
    const rows = await this.query<MessageRow>(
      `SELECT * FROM ops_messages ${clause} ORDER BY occurred_at DESC, topic, partition, "offset" DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.limit, f.offset],
    );
    return { items: rows.map(toEventView), total: Number(count.n) };
  }

  /** Resolves what was typed in the search box to application ids (most recent first). */
  async resolve(q: string): Promise<string[]> {
    const term = q.trim();
    if (!term) return [];
    const traceId = /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(term)?.[1] ?? (/^[0-9a-f]{32}$/.test(term) ? term : null);
    const rows = await this.query<{ application_id: string }>(
      `SELECT application_id FROM (
         SELECT application_id, 1 AS rank FROM ops_dossiers WHERE dossier_code = $1
         UNION ALL SELECT application_id, 2 FROM ops_messages WHERE application_id = $1 OR dossier_code = $1
         UNION ALL SELECT application_id, 3 FROM ops_messages WHERE message_id = $1 OR key = $1
         UNION ALL SELECT application_id, 4 FROM ops_messages WHERE $2::text IS NOT NULL AND trace_id = $2
       ) found WHERE application_id IS NOT NULL GROUP BY application_id ORDER BY min(rank) LIMIT 20`,
      [term, traceId],
    );
    return rows.map((r) => r.application_id);
  }

  /** The messages about these applications; dead letters (copies of an original) only when asked. */
  async messagesOf(applicationIds: string[], opts: { types?: string[]; deadLetters?: boolean } = {}): Promise<MessageRow[]> {
    return this.query<MessageRow>(
      `SELECT * FROM ops_messages WHERE application_id = ANY($1) AND ($2::text[] IS NULL OR type = ANY($2))
       AND ($3 OR topic NOT LIKE '%.dlq') ORDER BY occurred_at, topic, partition, "offset"`,
      [applicationIds, opts.types ?? null, opts.deadLetters ?? false],
    );
  }
}
