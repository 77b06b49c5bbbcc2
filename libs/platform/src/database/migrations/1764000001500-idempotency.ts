import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored first answers of `Idempotency-Key` requests, per tenant and caller (API.md §7). */
export class Idempotency1764000001500 implements MigrationInterface {
  name = 'Idempotency1764000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        caller varchar(100) NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at timestamptz,
        PRIMARY KEY (org_id, entity_id, caller, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}
