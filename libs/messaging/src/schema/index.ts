import type { SqlExecutor } from '@lienthong/event-store';
import { MESSAGING_TABLES_UP, OUTBOX_TABLES_UP, STUCK_WORK_TABLES_UP } from './messaging-schema';

export { messagingMigrations, MessagingDeadLetters1763770000000, MessagingOutbox1796400000000, MessagingStuckWork1766000000000 } from './migrations';

/** Creates the messaging tables if missing (idempotent): for tests and dev tools without TypeORM. */
export async function ensureMessagingSchema(exec: SqlExecutor): Promise<void> {
  for (const sql of [...MESSAGING_TABLES_UP, ...STUCK_WORK_TABLES_UP, ...OUTBOX_TABLES_UP]) await exec.query(sql);
}
