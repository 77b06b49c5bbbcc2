import { ApiError, Dec, TenantContext } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { ItemKind, WarehouseKind } from './inventory.entities';
import { ADJUSTMENT_REFERENCE } from './stock.service';

/** What other modules need to know of an item when they refer to it. */
export interface ItemFacts {
  id: string;
  sku: string;
  uom: string;
  kind: ItemKind;
  valuationRate: string;
}

/** What other modules need to know of a warehouse when they refer to it. */
export interface WarehouseFacts {
  id: string;
  kind: WarehouseKind;
  supplierName: string | null;
}

type MissingRecords = (ids: string[]) => ApiError;

const missingAs =
  (what: string): MissingRecords =>
  (ids) =>
    ApiError.unprocessable(`No such ${what} in this tenant: ${ids.join(', ')}.`, { missing: ids });

function requireAll<T extends { id: string }>(wanted: string[], rows: T[], missing: MissingRecords): Map<string, T> {
  const found = new Map(rows.map((row) => [row.id, row]));
  const unknown = wanted.filter((id) => !found.has(id));
  if (unknown.length) throw missing(unknown);
  return found;
}

/** The referenced items of this tenant, in one query; an unknown one breaks the request (`422` unless told otherwise). */
export async function itemFacts(
  manager: EntityManager,
  tenant: TenantContext,
  itemIds: string[],
  missing: MissingRecords = missingAs('item'),
): Promise<Map<string, ItemFacts>> {
  const wanted = [...new Set(itemIds)];
  if (!wanted.length) return new Map();
  const rows = await manager.query<ItemFacts[]>(
    `SELECT id, sku, uom, kind, valuation_rate AS "valuationRate" FROM items
     WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])`,
    [tenant.orgId, tenant.entityId, wanted],
  );
  return requireAll(wanted, rows, missing);
}

/** The referenced warehouses of this tenant, in one query; an unknown one is a `422` unless told otherwise. */
export async function warehouseFacts(
  manager: EntityManager,
  tenant: TenantContext,
  warehouseIds: string[],
  missing: MissingRecords = missingAs('warehouse'),
): Promise<Map<string, WarehouseFacts>> {
  const wanted = [...new Set(warehouseIds)];
  if (!wanted.length) return new Map();
  const rows = await manager.query<WarehouseFacts[]>(
    `SELECT id, kind, supplier_name AS "supplierName" FROM warehouses
     WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])`,
    [tenant.orgId, tenant.entityId, wanted],
  );
  return requireAll(wanted, rows, missing);
}

/** What is available (on hand less reserved, never negative) of some items in one warehouse; absent rows are 0. */
export async function availableStock(
  manager: EntityManager,
  tenant: TenantContext,
  warehouseId: string,
  itemIds: string[],
): Promise<Map<string, Dec>> {
  const rows = await manager.query<{ item_id: string; available: string }[]>(
    `SELECT item_id, greatest(on_hand - reserved, 0) AS available FROM stock_balances
     WHERE org_id = $1 AND entity_id = $2 AND warehouse_id = $3 AND item_id = ANY($4::uuid[])`,
    [tenant.orgId, tenant.entityId, warehouseId, itemIds],
  );
  return new Map(rows.map((row) => [row.item_id, new Dec(row.available)]));
}

/** Whether a stock adjustment of this tenant received the item (a positive line): what a goods-receipt inspection refers to. */
export async function adjustmentReceivedItem(
  manager: EntityManager,
  tenant: TenantContext,
  adjustmentId: string,
  itemId: string,
): Promise<boolean> {
  const [row] = await manager.query<{ received: boolean }[]>(
    `SELECT EXISTS (
       SELECT 1 FROM stock_ledger
       WHERE org_id = $1 AND entity_id = $2 AND reference_type = $5 AND reference_id = $3 AND item_id = $4
         AND quantity > 0
     ) AS received`,
    [tenant.orgId, tenant.entityId, adjustmentId, itemId, ADJUSTMENT_REFERENCE],
  );
  return row.received;
}
