import { MigrationInterface, QueryRunner } from 'typeorm';

export class Inventory1764000003000 implements MigrationInterface {
  name = 'Inventory1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        sku varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        uom varchar(16) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('raw', 'sub-assembly', 'finished', 'service')),
        valuation_rate numeric(20,4) NOT NULL DEFAULT 0 CHECK (valuation_rate >= 0),
        is_active boolean NOT NULL DEFAULT true,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX items_tenant_sku_key ON items (org_id, entity_id, sku)`);
    await q.query(`CREATE INDEX items_tenant_created_idx ON items (org_id, entity_id, created_at, id)`);

    await q.query(`
      CREATE TABLE warehouses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        code varchar(32) NOT NULL,
        name varchar(200) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('internal', 'supplier')),
        supplier_name varchar(200),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id),
        UNIQUE (org_id, entity_id, id),
        CHECK (kind = 'supplier' OR supplier_name IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX warehouses_tenant_code_key ON warehouses (org_id, entity_id, code)`);
    await q.query(`CREATE INDEX warehouses_tenant_created_idx ON warehouses (org_id, entity_id, created_at, id)`);

    // The hot row of every movement: locked FOR UPDATE in (item_id, warehouse_id) order, never below zero.
    await q.query(`
      CREATE TABLE stock_balances (
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        item_id uuid NOT NULL,
        warehouse_id uuid NOT NULL,
        on_hand numeric(20,6) NOT NULL DEFAULT 0,
        reserved numeric(20,6) NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (org_id, entity_id, item_id, warehouse_id),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        CHECK (on_hand >= 0),
        CHECK (reserved >= 0),
        CHECK (reserved <= on_hand)
      )`);
    await q.query(
      `CREATE INDEX stock_balances_tenant_warehouse_idx ON stock_balances (org_id, entity_id, warehouse_id)`,
    );

    await q.query(`
      CREATE TABLE stock_adjustments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        warehouse_id uuid NOT NULL,
        reason varchar(500) NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, warehouse_id) REFERENCES warehouses(org_id, entity_id, id)
      )`);
    await q.query(`CREATE INDEX stock_adjustments_tenant_idx ON stock_adjustments (org_id, entity_id, created_at, id)`);

    await q.query(`
      CREATE TABLE stock_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        item_id uuid NOT NULL,
        warehouse_id uuid NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity <> 0),
        rate numeric(20,4) NOT NULL,
        value numeric(20,4) NOT NULL,
        balance_after numeric(20,6) NOT NULL CHECK (balance_after >= 0),
        reference_type varchar(32) NOT NULL,
        reference_id uuid NOT NULL,
        created_by uuid,
        posted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, warehouse_id) REFERENCES warehouses(org_id, entity_id, id)
      )`);
    await q.query(`CREATE INDEX stock_ledger_tenant_posted_idx ON stock_ledger (org_id, entity_id, posted_at, id)`);
    await q.query(
      `CREATE INDEX stock_ledger_tenant_item_idx ON stock_ledger (org_id, entity_id, item_id, warehouse_id, posted_at)`,
    );
    await q.query(
      `CREATE INDEX stock_ledger_tenant_reference_idx ON stock_ledger (org_id, entity_id, reference_type, reference_id)`,
    );
    // History is corrected by new entries, never rewritten.
    await q.query(`
      CREATE FUNCTION stock_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_ledger is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER stock_ledger_append_only BEFORE UPDATE OR DELETE ON stock_ledger
      FOR EACH ROW EXECUTE FUNCTION stock_ledger_refuse_change()`);

    // What a document (a work order, …) holds of a balance's on-hand stock; the sum per balance is its `reserved`.
    await q.query(`
      CREATE TABLE inventory_allocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        item_id uuid NOT NULL,
        warehouse_id uuid NOT NULL,
        reference_type varchar(32) NOT NULL,
        reference_id uuid NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity >= 0),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id, warehouse_id)
          REFERENCES stock_balances(org_id, entity_id, item_id, warehouse_id),
        UNIQUE (org_id, entity_id, reference_type, reference_id, item_id, warehouse_id)
      )`);
    await q.query(
      `CREATE INDEX inventory_allocations_tenant_balance_idx ON inventory_allocations (org_id, entity_id, item_id, warehouse_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inventory_allocations');
    await q.query('DROP TABLE stock_ledger');
    await q.query('DROP FUNCTION stock_ledger_refuse_change()');
    await q.query('DROP TABLE stock_adjustments');
    await q.query('DROP TABLE stock_balances');
    await q.query('DROP TABLE warehouses');
    await q.query('DROP TABLE items');
  }
}
