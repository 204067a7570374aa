import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MESSAGING_TABLES_DOWN, MESSAGING_TABLES_UP, OUTBOX_TABLES_DOWN, OUTBOX_TABLES_UP } from './messaging-schema';

export class MessagingDeadLetters1763770000000 implements MigrationInterface {
  name = 'MessagingDeadLetters1763770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of MESSAGING_TABLES_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of MESSAGING_TABLES_DOWN) await queryRunner.query(sql);
  }
}

export class MessagingOutbox1796400000000 implements MigrationInterface {
  name = 'MessagingOutbox1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_TABLES_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_TABLES_DOWN) await queryRunner.query(sql);
  }
}

/** Run these next to `eventStoreMigrations` in every service that consumes Kafka. */
export const messagingMigrations = [MessagingDeadLetters1763770000000, MessagingOutbox1796400000000];
