import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subcontract orders: our materials sent to a supplier warehouse, goods received back against them. The order keeps
 * the running totals (issued, consumed, returned per material; received, rejected and the costs) that its receipts
 * add up to, so a report reads one row per order and the receipts hold the history.
 */
export class SubcontractOrders1764000007000 implements MigrationInterface {
  name = 'SubcontractOrders1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subcontract_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        number varchar(16) NOT NULL,
        supplier_name varchar(200) NOT NULL,
        supplier_warehouse_id uuid NOT NULL,
        item_id uuid NOT NULL,
        bom_id uuid NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
        source_warehouse_id uuid NOT NULL,
        target_warehouse_id uuid NOT NULL,
        service_rate numeric(20,4) NOT NULL CHECK (service_rate >= 0),
        status varchar(24) NOT NULL DEFAULT 'Draft' CHECK (status IN
          ('Draft', 'Submitted', 'MaterialsIssued', 'PartiallyReceived', 'Completed', 'Cancelled')),
        received_quantity numeric(20,6) NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
        rejected_quantity numeric(20,6) NOT NULL DEFAULT 0 CHECK (rejected_quantity >= 0),
        material numeric(20,4) NOT NULL DEFAULT 0,
        service numeric(20,4) NOT NULL DEFAULT 0,
        total numeric(20,4) NOT NULL DEFAULT 0,
        unit_cost numeric(20,4),
        submitted_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, bom_id) REFERENCES boms(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, supplier_warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, source_warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, target_warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id),
        CHECK (received_quantity + rejected_quantity <= quantity)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX subcontract_orders_tenant_number_key ON subcontract_orders (org_id, entity_id, number)`,
    );
    await q.query(
      `CREATE INDEX subcontract_orders_tenant_created_idx ON subcontract_orders (org_id, entity_id, created_at, id)`,
    );
    // Reports read completed orders by completion time; lists filter by item and by supplier warehouse.
    await q.query(
      `CREATE INDEX subcontract_orders_tenant_completed_idx ON subcontract_orders (org_id, entity_id, completed_at)
       WHERE completed_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX subcontract_orders_tenant_item_idx ON subcontract_orders (org_id, entity_id, item_id)`);
    await q.query(
      `CREATE INDEX subcontract_orders_tenant_supplier_idx ON subcontract_orders (org_id, entity_id, supplier_warehouse_id)`,
    );

    await q.query(`
      CREATE TABLE subcontract_order_materials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        subcontract_order_id uuid NOT NULL,
        position integer NOT NULL,
        item_id uuid NOT NULL,
        required numeric(20,6) NOT NULL CHECK (required > 0),
        issued numeric(20,6) NOT NULL DEFAULT 0 CHECK (issued >= 0),
        consumed numeric(20,6) NOT NULL DEFAULT 0 CHECK (consumed >= 0),
        returned numeric(20,6) NOT NULL DEFAULT 0 CHECK (returned >= 0),
        FOREIGN KEY (org_id, entity_id, subcontract_order_id)
          REFERENCES subcontract_orders(org_id, entity_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (subcontract_order_id, position),
        UNIQUE (subcontract_order_id, item_id),
        CHECK (issued <= required),
        CHECK (consumed + returned <= issued)
      )`);
    await q.query(
      `CREATE INDEX subcontract_order_materials_tenant_idx
       ON subcontract_order_materials (org_id, entity_id, subcontract_order_id)`,
    );

    await q.query(`
      CREATE TABLE subcontract_receipts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        subcontract_order_id uuid NOT NULL,
        item_id uuid NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
        rejected_quantity numeric(20,6) NOT NULL DEFAULT 0 CHECK (rejected_quantity >= 0),
        material numeric(20,4) NOT NULL,
        service numeric(20,4) NOT NULL,
        total numeric(20,4) NOT NULL,
        unit_cost numeric(20,4) NOT NULL,
        created_by uuid,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, subcontract_order_id)
          REFERENCES subcontract_orders(org_id, entity_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    await q.query(
      `CREATE INDEX subcontract_receipts_tenant_order_idx ON subcontract_receipts (org_id, entity_id, subcontract_order_id, received_at)`,
    );
    await q.query(
      `CREATE INDEX subcontract_receipts_tenant_received_idx ON subcontract_receipts (org_id, entity_id, received_at)`,
    );

    // What one receipt consumed of each material at the supplier, at the rate the ledger booked it.
    await q.query(`
      CREATE TABLE subcontract_receipt_materials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        subcontract_receipt_id uuid NOT NULL,
        position integer NOT NULL,
        item_id uuid NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
        value numeric(20,4) NOT NULL,
        FOREIGN KEY (org_id, entity_id, subcontract_receipt_id)
          REFERENCES subcontract_receipts(org_id, entity_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (subcontract_receipt_id, position)
      )`);
    await q.query(
      `CREATE INDEX subcontract_receipt_materials_tenant_idx
       ON subcontract_receipt_materials (org_id, entity_id, subcontract_receipt_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'subcontract_receipt_materials',
      'subcontract_receipts',
      'subcontract_order_materials',
      'subcontract_orders',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
