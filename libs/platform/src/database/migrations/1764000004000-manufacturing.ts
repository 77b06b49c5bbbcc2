import { MigrationInterface, QueryRunner } from 'typeorm';

/** The child tables of a document: tenant columns, the parent, a position, and a composite FK to the item. */
function childTable(name: string, parent: string, columns: string): string {
  return `
    CREATE TABLE ${name} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      entity_id uuid NOT NULL,
      ${parent}_id uuid NOT NULL,
      position integer NOT NULL,
      ${columns},
      FOREIGN KEY (org_id, entity_id, ${parent}_id) REFERENCES ${parent}s(org_id, entity_id, id) ON DELETE CASCADE,
      UNIQUE (${parent}_id, position)
    )`;
}

export class Manufacturing1764000004000 implements MigrationInterface {
  name = 'Manufacturing1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE boms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        item_id uuid NOT NULL,
        code varchar(64) NOT NULL,
        quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
        uom varchar(16) NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX boms_tenant_code_key ON boms (org_id, entity_id, code)`);
    await q.query(`CREATE INDEX boms_tenant_created_idx ON boms (org_id, entity_id, created_at, id)`);
    // At most one active default BOM per item; the explosion follows it.
    await q.query(`
      CREATE UNIQUE INDEX boms_one_active_default_key ON boms (org_id, entity_id, item_id)
      WHERE is_default AND status = 'active'`);

    await q.query(
      childTable(
        'bom_lines',
        'bom',
        `item_id uuid NOT NULL,
         quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
         uom varchar(16) NOT NULL,
         scrap_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (scrap_percent BETWEEN 0 AND 100),
         rate numeric(20,4) CHECK (rate >= 0),
         FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id)`,
      ),
    );
    // Where-used walks lines by item; the explosion walks them by BOM.
    await q.query(`CREATE INDEX bom_lines_tenant_item_idx ON bom_lines (org_id, entity_id, item_id)`);
    await q.query(`CREATE INDEX bom_lines_bom_idx ON bom_lines (bom_id, position)`);
    await q.query(
      childTable(
        'bom_operations',
        'bom',
        `name varchar(200) NOT NULL,
         workstation varchar(200),
         minutes numeric(20,6) NOT NULL CHECK (minutes >= 0),
         hourly_rate numeric(20,4) NOT NULL DEFAULT 0 CHECK (hourly_rate >= 0)`,
      ),
    );
    await q.query(`CREATE INDEX bom_operations_tenant_idx ON bom_operations (org_id, entity_id, bom_id)`);
    await q.query(
      childTable(
        'bom_by_products',
        'bom',
        `item_id uuid NOT NULL,
         quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
         cost_share_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (cost_share_percent BETWEEN 0 AND 100),
         FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id)`,
      ),
    );
    await q.query(`CREATE INDEX bom_by_products_tenant_idx ON bom_by_products (org_id, entity_id, bom_id)`);

    await q.query(`
      CREATE TABLE recipes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        code varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        yield_percent numeric(7,4) NOT NULL DEFAULT 100 CHECK (yield_percent > 0 AND yield_percent <= 100),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id),
        UNIQUE (org_id, entity_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX recipes_tenant_code_key ON recipes (org_id, entity_id, code)`);
    await q.query(`CREATE INDEX recipes_tenant_created_idx ON recipes (org_id, entity_id, created_at, id)`);
    await q.query(
      childTable(
        'recipe_outputs',
        'recipe',
        `item_id uuid NOT NULL,
         quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
         is_primary boolean NOT NULL,
         cost_share_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (cost_share_percent BETWEEN 0 AND 100),
         FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id)`,
      ),
    );
    await q.query(`CREATE UNIQUE INDEX recipe_outputs_one_primary_key ON recipe_outputs (recipe_id) WHERE is_primary`);
    await q.query(`CREATE INDEX recipe_outputs_tenant_item_idx ON recipe_outputs (org_id, entity_id, item_id)`);
    await q.query(
      childTable(
        'recipe_ingredients',
        'recipe',
        `item_id uuid NOT NULL,
         quantity numeric(20,6) NOT NULL CHECK (quantity > 0),
         uom varchar(16) NOT NULL,
         FOREIGN KEY (org_id, entity_id, item_id) REFERENCES items(org_id, entity_id, id)`,
      ),
    );
    await q.query(`CREATE INDEX recipe_ingredients_tenant_idx ON recipe_ingredients (org_id, entity_id, recipe_id)`);
    await q.query(
      childTable(
        'recipe_steps',
        'recipe',
        `name varchar(200) NOT NULL,
         minutes numeric(20,6) NOT NULL CHECK (minutes >= 0),
         hourly_rate numeric(20,4) NOT NULL DEFAULT 0 CHECK (hourly_rate >= 0)`,
      ),
    );
    await q.query(`CREATE INDEX recipe_steps_tenant_idx ON recipe_steps (org_id, entity_id, recipe_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'recipe_steps',
      'recipe_ingredients',
      'recipe_outputs',
      'recipes',
      'bom_by_products',
      'bom_operations',
      'bom_lines',
      'boms',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
