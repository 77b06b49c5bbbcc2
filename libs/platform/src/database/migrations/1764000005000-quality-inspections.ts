import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quality inspection templates (one per item) and inspections. Parameters live in jsonb: they are read and written
 * with their document as a whole, never queried one by one.
 */
export class QualityInspections1764000005000 implements MigrationInterface {
  name = 'QualityInspections1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quality_inspection_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        item_id uuid NOT NULL,
        parameters jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'array'),
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    // One template per item: a production hook must know which one applies.
    await q.query(
      `CREATE UNIQUE INDEX quality_inspection_templates_tenant_item_key ON quality_inspection_templates (org_id, entity_id, item_id)`,
    );
    await q.query(
      `CREATE INDEX quality_inspection_templates_tenant_created_idx ON quality_inspection_templates (org_id, entity_id, created_at, id)`,
    );

    await q.query(`
      CREATE TABLE quality_inspections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        number varchar(16) NOT NULL,
        reference_type varchar(32) NOT NULL CHECK (reference_type IN ('work_order', 'subcontract_receipt', 'receipt')),
        reference_id uuid NOT NULL,
        item_id uuid NOT NULL,
        sample_size numeric(20,6) NOT NULL CHECK (sample_size > 0),
        status varchar(16) NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Passed', 'Failed')),
        parameters jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'array'),
        inspected_by uuid,
        inspected_at timestamptz,
        remarks varchar(2000),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id),
        CHECK ((status = 'Pending') = (inspected_at IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX quality_inspections_tenant_number_key ON quality_inspections (org_id, entity_id, number)`,
    );
    // Lists page on (created_at, id); the stats group a created_at range, read from the index alone (status, item).
    await q.query(`
      CREATE INDEX quality_inspections_tenant_created_idx ON quality_inspections (org_id, entity_id, created_at, id)
      INCLUDE (status, item_id)`);
    // The itemId filter of the list, and the inspections of a production document (referenceId, reports).
    await q.query(
      `CREATE INDEX quality_inspections_tenant_item_idx ON quality_inspections (org_id, entity_id, item_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX quality_inspections_tenant_reference_idx ON quality_inspections (org_id, entity_id, reference_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE quality_inspections');
    await q.query('DROP TABLE quality_inspection_templates');
  }
}
