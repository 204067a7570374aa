import type { RecordedEvent } from './types';

/**
 * Columns every event read selects (xid8 and bigint as text: JS numbers cannot hold all xids).
 * The text casts get their own aliases: an alias named like the column would make
 * `ORDER BY global_position` sort the text ("10" < "9").
 */
export const EVENT_COLUMNS = `global_position::text AS position_text, transaction_id::text AS xid_text,
  stream_id, stream_version, event_id::text AS event_id, type, schema_version, data, metadata, recorded_at`;

export interface EventRow {
  position_text: string;
  xid_text: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown> | null;
  recorded_at: Date;
}

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: Number(row.position_text),
  transactionId: row.xid_text,
  type: row.type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata ?? {},
  recordedAt: row.recorded_at,
});
