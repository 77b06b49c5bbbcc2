import { MigrationInterface, QueryRunner } from 'typeorm';

/** The lines of a work order: tenant columns, the order, a position, and a composite FK to the item. */
function workOrderChild(name: string, columns: string): string {
  return `
    CREATE TABLE ${name} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      entity_id uuid NOT NULL,
      work_order_id uuid NOT NULL,
      position integer NOT NULL,
      item_id uuid NOT NULL,
      ${columns},
      FOREIGN KEY (org_id, entity_id, work_order_id) REFERENCES work_orders(org_id, entity_id, id) ON DELETE CASCADE,
      FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
      UNIQUE (work_order_id, position)
    )`;
}

export class WorkOrders1764000006000 implements MigrationInterface {
  name = 'WorkOrders1764000006000';

  async up(q: QueryRunner): Promise<void> {
    // A BOM or recipe that a work order follows cannot be deleted (ON DELETE RESTRICT): the BOM and recipe services
    // turn the violation into a 422 without knowing that work orders exist.
    await q.query(`
      CREATE TABLE work_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        number varchar(32) NOT NULL,
        item_id uuid NOT NULL,
        bom_id uuid,
        recipe_id uuid,
        quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
        produced_quantity numeric(20,6) NOT NULL DEFAULT 0 CHECK (produced_quantity >= 0 AND produced_quantity <= quantity),
        source_warehouse_id uuid NOT NULL,
        target_warehouse_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'Draft'
          CHECK (status IN ('Draft', 'InProgress', 'Completed', 'Cancelled')),
        planned_start timestamptz,
        planned_end timestamptz,
        released_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        plan jsonb NOT NULL,
        planned_material numeric(20,4),
        planned_operation numeric(20,4),
        planned_total numeric(20,4),
        material numeric(20,4),
        operation numeric(20,4),
        by_product_share numeric(20,4),
        total numeric(20,4),
        unit_cost numeric(20,4),
        planned_minutes numeric(20,6) NOT NULL DEFAULT 0 CHECK (planned_minutes >= 0),
        actual_minutes numeric(20,6) CHECK (actual_minutes >= 0),
        backorder_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((bom_id IS NULL) <> (recipe_id IS NULL)),
        CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, bom_id) REFERENCES boms(org_id, entity_id, id) ON DELETE RESTRICT,
        FOREIGN KEY (org_id, entity_id, recipe_id) REFERENCES recipes(org_id, entity_id, id) ON DELETE RESTRICT,
        FOREIGN KEY (org_id, entity_id, source_warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        FOREIGN KEY (org_id, entity_id, target_warehouse_id) REFERENCES warehouses(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    await q.query(`
      ALTER TABLE work_orders ADD FOREIGN KEY (org_id, entity_id, backorder_id)
        REFERENCES work_orders(org_id, entity_id, id) ON DELETE SET NULL (backorder_id)`);
    await q.query(`CREATE UNIQUE INDEX work_orders_tenant_number_key ON work_orders (org_id, entity_id, number)`);
    await q.query(`CREATE INDEX work_orders_tenant_created_idx ON work_orders (org_id, entity_id, created_at, id)`);
    // Lists filter by status and item; reports by status and completion time.
    await q.query(
      `CREATE INDEX work_orders_tenant_status_idx ON work_orders (org_id, entity_id, status, completed_at)`,
    );
    await q.query(`CREATE INDEX work_orders_tenant_item_idx ON work_orders (org_id, entity_id, item_id)`);
    await q.query(`CREATE INDEX work_orders_tenant_bom_idx ON work_orders (org_id, entity_id, bom_id)`);
    await q.query(`CREATE INDEX work_orders_tenant_recipe_idx ON work_orders (org_id, entity_id, recipe_id)`);

    await q.query(
      workOrderChild(
        'work_order_items',
        `required numeric(20,6) NOT NULL CHECK (required > 0),
         reserved numeric(20,6) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
         consumed numeric(20,6) NOT NULL DEFAULT 0 CHECK (consumed >= 0),
         UNIQUE (work_order_id, item_id)`,
      ),
    );
    await q.query(`CREATE INDEX work_order_items_tenant_idx ON work_order_items (org_id, entity_id, work_order_id)`);
    await q.query(
      workOrderChild(
        'work_order_outputs',
        `kind varchar(16) NOT NULL CHECK (kind IN ('primary', 'by_product')),
         quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
         unit_cost numeric(20,4) NOT NULL,
         value numeric(20,4) NOT NULL`,
      ),
    );
    await q.query(
      `CREATE INDEX work_order_outputs_tenant_idx ON work_order_outputs (org_id, entity_id, work_order_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['work_order_outputs', 'work_order_items', 'work_orders']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
