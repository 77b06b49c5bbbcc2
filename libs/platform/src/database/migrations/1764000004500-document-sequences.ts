import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant counters of document numbers (`WO-00001`, …), one row per series. */
export class DocumentSequences1764000004500 implements MigrationInterface {
  name = 'DocumentSequences1764000004500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_sequences (
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        prefix varchar(8) NOT NULL,
        last_number integer NOT NULL CHECK (last_number > 0),
        PRIMARY KEY (org_id, entity_id, prefix)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_sequences`);
  }
}
