import type { MigrationInterface, QueryRunner } from 'typeorm';
import { sqlMigration } from '@lienthong/event-store';
import {
  MESSAGING_TABLES_DOWN,
  MESSAGING_TABLES_UP,
  OUTBOX_TABLES_DOWN,
  OUTBOX_TABLES_UP,
  STUCK_WORK_TABLES_DOWN,
  STUCK_WORK_TABLES_UP,
} from './messaging-schema';

export class MessagingDeadLetters1763770000000 implements MigrationInterface {
  name = 'MessagingDeadLetters1763770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of MESSAGING_TABLES_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of MESSAGING_TABLES_DOWN) await queryRunner.query(sql);
  }
}

/** Stuck work (ADR 0010): which dead letters were reported to routing. */
export const MessagingStuckWork1766000000000 = sqlMigration('MessagingStuckWork1766000000000', STUCK_WORK_TABLES_UP, STUCK_WORK_TABLES_DOWN);

/** The explicit outbox (ADR 0906). */
export const MessagingOutbox1796400000000 = sqlMigration('MessagingOutbox1796400000000', OUTBOX_TABLES_UP, OUTBOX_TABLES_DOWN);

/** Run these next to `eventStoreMigrations` in every service that consumes Kafka. */
export const messagingMigrations = [MessagingDeadLetters1763770000000, MessagingStuckWork1766000000000, MessagingOutbox1796400000000];
