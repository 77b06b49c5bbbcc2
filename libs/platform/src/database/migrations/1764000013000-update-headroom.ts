import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables whose rows are rewritten over and over — balances by every stock movement, items by every receipt that
 * revalues them, an order's lines by its transitions — keep a fifth of each new page free for the new versions.
 * None of the columns those updates change is indexed, so with room on the page an update is heap-only (HOT): no
 * new entry in any of the table's indexes, and the old version pruned from the page by a later access.
 */
const TABLES = ['items', 'stock_balances', 'work_order_items'];

export class UpdateHeadroom1764000013000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} SET (fillfactor = 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} RESET (fillfactor)`);
  }
}
