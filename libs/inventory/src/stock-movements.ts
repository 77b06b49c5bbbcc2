import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  actorId,
  ApiError,
  Dec,
  DecimalInput,
  formatMoney,
  formatQuantity,
  TenantContext,
  UnitOfWork,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { InventoryAllocation, StockLedgerEntry } from './inventory.entities';
import { StockLedgerEntryModel, toStockLedgerEntryModel } from './inventory.models';

/** One line of a movement: a signed quantity of an item in a warehouse (+ receives, − issues). */
export interface StockMovementLine {
  itemId: string;
  warehouseId: string;
  quantity: DecimalInput;
  /** The unit cost of a receipt; it moves the item's moving-average valuation rate. Issues go out at that rate. */
  rate?: DecimalInput;
}

/** Stock that moves because of one document (an adjustment, a work order, …), all lines or none. */
export interface StockMovement {
  referenceType: string;
  referenceId: string;
  lines: StockMovementLine[];
  /**
   * Releases everything the document has reserved, under the same locks, before the lines post: what it issues
   * comes out of its reservation first and beyond it out of available stock (a work order's completion).
   */
  releaseHeld?: boolean;
  /**
   * Prices receipts from the valuation rates the issues go out at, read under the item locks: answers the unit
   * cost per received item, taken by each receipt line of that item that has no `rate`.
   */
  priceReceipts?: (valuationRates: ReadonlyMap<string, Dec>) => ReadonlyMap<string, DecimalInput>;
}

export interface StockQuantityLine {
  itemId: string;
  warehouseId: string;
  quantity: DecimalInput;
}

/** A reservation of on-hand stock held by a document until it consumes or releases it. */
export interface StockReservation {
  referenceType: string;
  referenceId: string;
  lines: StockQuantityLine[];
}

export interface StockRelease {
  referenceType: string;
  referenceId: string;
  /** What to release; everything the document holds when absent. */
  lines?: StockQuantityLine[];
}

export interface Shortage {
  itemId: string;
  warehouseId: string;
  required: string;
  available: string;
}

/** `422 insufficient_stock` listing every shortage (the filter writes the keys in snake_case). */
export function insufficientStock(shortages: Shortage[]): ApiError {
  return new ApiError(422, 'insufficient_stock', 'There is not enough stock available for this request.', {
    shortages,
  });
}

interface LockedBalance {
  item_id: string;
  warehouse_id: string;
  on_hand: string;
  reserved: string;
  /** The item's on-hand stock over every warehouse, for its moving-average valuation. */
  item_on_hand: string;
}

interface LockedItem {
  id: string;
  kind: string;
  valuation_rate: string;
}

/** A ledger row as `INSERT … RETURNING *` answers it. */
interface LedgerRow {
  id: string;
  org_id: string;
  entity_id: string;
  item_id: string;
  warehouse_id: string;
  quantity: string;
  rate: string;
  value: string;
  balance_after: string;
  reference_type: string;
  reference_id: string;
  created_by: string | null;
  posted_at: Date;
}

interface BalanceKey {
  itemId: string;
  warehouseId: string;
}

const keyOf = (line: BalanceKey) => `${line.itemId}/${line.warehouseId}`;

/** The (item, warehouse) pairs of some lines, once each, in the one order every transaction locks them in. */
function sortedKeys(lines: readonly BalanceKey[]): BalanceKey[] {
  const unique = new Map(lines.map((line) => [keyOf(line), { itemId: line.itemId, warehouseId: line.warehouseId }]));
  return [...unique.values()].sort((a, b) =>
    a.itemId === b.itemId ? a.warehouseId.localeCompare(b.warehouseId) : a.itemId.localeCompare(b.itemId),
  );
}

/**
 * The deepest a movement takes each (item, warehouse) below where it started, lines applied in their order: an
 * issue posted before a receipt of the same request still needs the stock at its own point in the ledger.
 */
function deepestDrawByKey(lines: readonly StockQuantityLine[]): Map<string, Dec> {
  const running = new Map<string, Dec>();
  const deepest = new Map<string, Dec>();
  for (const line of lines) {
    const after = (running.get(keyOf(line)) ?? new Dec(0)).plus(line.quantity);
    running.set(keyOf(line), after);
    deepest.set(keyOf(line), Dec.max(deepest.get(keyOf(line)) ?? new Dec(0), after.negated()));
  }
  return deepest;
}

/** Every (item, warehouse) whose available stock (on hand less what stays reserved) is below what is asked of it. */
function shortagesOf(
  demand: Iterable<[string, Dec]>,
  balances: ReadonlyMap<string, LockedBalance>,
  reservedOf: (key: string) => Dec,
): Shortage[] {
  const shortages: Shortage[] = [];
  for (const [key, wanted] of demand) {
    const balance = balances.get(key)!;
    const available = new Dec(balance.on_hand).minus(reservedOf(key));
    if (available.lt(wanted)) {
      shortages.push({
        itemId: balance.item_id,
        warehouseId: balance.warehouse_id,
        required: formatQuantity(wanted),
        available: formatQuantity(available),
      });
    }
  }
  return shortages;
}

/** Net quantity per (item, warehouse) of some lines. */
function netByKey(lines: readonly StockQuantityLine[]): Map<string, Dec> {
  const totals = new Map<string, Dec>();
  for (const line of lines) totals.set(keyOf(line), (totals.get(keyOf(line)) ?? new Dec(0)).plus(line.quantity));
  return totals;
}

/**
 * The one way stock moves. Every change locks the balance rows it touches with SELECT … FOR UPDATE in
 * (item_id, warehouse_id) order — so two movements never deadlock — checks them against what is available, and
 * writes the ledger and the balances in the caller's unit of work.
 */
@Injectable()
export class StockMovements {
  /** Posts a movement; `insufficient_stock` (listing every shortage) when an issue exceeds what is available. */
  async move(unitOfWork: UnitOfWork, tenant: TenantContext, movement: StockMovement): Promise<StockLedgerEntryModel[]> {
    const { manager } = unitOfWork;
    if (!movement.lines.length) throw ApiError.unprocessable('A stock movement needs at least one line.');
    if (movement.lines.some((line) => new Dec(line.quantity).isZero())) {
      throw ApiError.unprocessable('A stock movement line must move a quantity other than zero.');
    }
    const held = movement.releaseHeld ? await this.lockAllocations(manager, tenant, movement) : [];
    const keys = sortedKeys([...movement.lines, ...held]);
    await this.assertWarehousesExist(manager, tenant, keys);
    // Valuation is per item, so the item rows are locked first (in id order), then the balances.
    const items = await this.lockItems(manager, tenant, [...new Set(keys.map((k) => k.itemId))]);
    const balances = await this.lockBalances(manager, tenant, keys);
    const reserved = new Map([...balances].map(([key, row]) => [key, new Dec(row.reserved)]));
    for (const allocation of held)
      reserved.set(keyOf(allocation), reserved.get(keyOf(allocation))!.minus(allocation.quantity));

    const shortages = shortagesOf(deepestDrawByKey(movement.lines), balances, (key) => reserved.get(key)!);
    if (shortages.length) throw insufficientStock(shortages);

    const onHand = new Map([...balances].map(([key, row]) => [key, new Dec(row.on_hand)]));
    const totalOf = new Map([...balances.values()].map((row) => [row.item_id, row.item_on_hand]));
    const itemState = new Map(
      [...items].map(([id, row]) => [id, { rate: new Dec(row.valuation_rate), total: new Dec(totalOf.get(id)!) }]),
    );
    const receiptRates: ReadonlyMap<string, DecimalInput> =
      movement.priceReceipts?.(new Map([...itemState].map(([id, state]) => [id, state.rate]))) ?? new Map();
    const createdBy = actorId(tenant);
    const entries: Partial<StockLedgerEntry>[] = [];
    for (const line of movement.lines) {
      const quantity = new Dec(line.quantity);
      const state = itemState.get(line.itemId)!;
      let rate = state.rate;
      const receiptRate = line.rate ?? receiptRates.get(line.itemId);
      if (quantity.isPositive() && receiptRate !== undefined) {
        rate = new Dec(receiptRate);
        // Moving average over every warehouse's on-hand stock; stock at zero takes the receipt's rate.
        state.rate = state.total.lte(0)
          ? rate
          : state.total.times(state.rate).plus(quantity.times(rate)).div(state.total.plus(quantity));
      }
      state.total = state.total.plus(quantity);
      const balanceAfter = onHand.get(keyOf(line))!.plus(quantity);
      onHand.set(keyOf(line), balanceAfter);
      entries.push({
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        itemId: line.itemId,
        warehouseId: line.warehouseId,
        quantity: formatQuantity(quantity),
        rate: formatMoney(rate),
        value: formatMoney(quantity.times(rate)),
        balanceAfter: formatQuantity(balanceAfter),
        referenceType: movement.referenceType,
        referenceId: movement.referenceId,
        createdBy,
      });
    }

    // One statement writes the balances, the revalued items, the released allocations and the ledger, whatever
    // the number of lines: the rows are locked already, in key order, so the locks are held for one round trip.
    const revalued = [...itemState].filter(([itemId, state]) => !state.rate.eq(items.get(itemId)!.valuation_rate));
    const ids = entries.map(() => randomUUID());
    const rows = await manager.query<LedgerRow[]>(
      `WITH balances AS (
         UPDATE stock_balances b SET on_hand = k.on_hand, reserved = k.reserved, updated_at = clock_timestamp()
         FROM unnest($3::uuid[], $4::uuid[], $5::numeric[], $6::numeric[]) AS k(item_id, warehouse_id, on_hand, reserved)
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id
       ), revalued AS (
         UPDATE items i SET valuation_rate = k.rate, updated_at = clock_timestamp()
         FROM unnest($7::uuid[], $8::numeric[]) AS k(id, rate)
         WHERE i.org_id = $1 AND i.entity_id = $2 AND i.id = k.id
       ), released AS (
         DELETE FROM inventory_allocations
         WHERE $9::boolean AND org_id = $1 AND entity_id = $2 AND reference_type = $10 AND reference_id = $11
       )
       INSERT INTO stock_ledger (id, org_id, entity_id, item_id, warehouse_id, quantity, rate, value, balance_after,
                                 reference_type, reference_id, created_by)
       SELECT l.id, $1, $2, l.item_id, l.warehouse_id, l.quantity, l.rate, l.value, l.balance_after, $10, $11, $12
       FROM unnest($13::uuid[], $14::uuid[], $15::uuid[], $16::numeric[], $17::numeric[], $18::numeric[],
                   $19::numeric[]) AS l(id, item_id, warehouse_id, quantity, rate, value, balance_after)
       RETURNING *`,
      [
        tenant.orgId,
        tenant.entityId,
        keys.map((key) => key.itemId),
        keys.map((key) => key.warehouseId),
        keys.map((key) => formatQuantity(onHand.get(keyOf(key))!)),
        keys.map((key) => formatQuantity(reserved.get(keyOf(key))!)),
        revalued.map(([itemId]) => itemId),
        revalued.map(([, state]) => formatMoney(state.rate)),
        held.length > 0,
        movement.referenceType,
        movement.referenceId,
        actorId(tenant),
        ids,
        entries.map((entry) => entry.itemId),
        entries.map((entry) => entry.warehouseId),
        entries.map((entry) => entry.quantity),
        entries.map((entry) => entry.rate),
        entries.map((entry) => entry.value),
        entries.map((entry) => entry.balanceAfter),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id)!;
      return toStockLedgerEntryModel(
        manager.create(StockLedgerEntry, {
          id: row.id,
          orgId: row.org_id,
          entityId: row.entity_id,
          itemId: row.item_id,
          warehouseId: row.warehouse_id,
          quantity: row.quantity,
          rate: row.rate,
          value: row.value,
          balanceAfter: row.balance_after,
          referenceType: row.reference_type,
          referenceId: row.reference_id,
          createdBy: row.created_by,
          postedAt: row.posted_at,
        }),
      );
    });
  }

  /**
   * Reserves on-hand stock for a document: `reserved` rises, `available` falls, `onHand` stays. All lines or none;
   * `insufficient_stock` listing every shortage otherwise.
   */
  async reserve(unitOfWork: UnitOfWork, tenant: TenantContext, reservation: StockReservation): Promise<void> {
    const { manager } = unitOfWork;
    if (reservation.lines.some((line) => !new Dec(line.quantity).isPositive())) {
      throw ApiError.unprocessable('A reservation line must reserve a positive quantity.');
    }
    const keys = sortedKeys(reservation.lines);
    await this.assertWarehousesExist(manager, tenant, keys);
    await this.assertItemsExist(manager, tenant, [...new Set(keys.map((k) => k.itemId))]);
    const balances = await this.lockBalances(manager, tenant, keys);
    const wanted = netByKey(reservation.lines);
    const shortages = shortagesOf(wanted, balances, (key) => new Dec(balances.get(key)!.reserved));
    if (shortages.length) throw insufficientStock(shortages);
    const columns = this.keyColumns(keys, (key) => formatQuantity(wanted.get(keyOf(key))!));
    await manager.query(
      `UPDATE stock_balances b SET reserved = b.reserved + k.quantity, updated_at = clock_timestamp()
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id`,
      [tenant.orgId, tenant.entityId, ...columns],
    );
    await manager.query(
      `INSERT INTO inventory_allocations (org_id, entity_id, item_id, warehouse_id, quantity, reference_type, reference_id)
       SELECT $1, $2, k.item_id, k.warehouse_id, k.quantity, $6, $7
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       ORDER BY k.item_id, k.warehouse_id
       ON CONFLICT (org_id, entity_id, reference_type, reference_id, item_id, warehouse_id)
       DO UPDATE SET quantity = inventory_allocations.quantity + EXCLUDED.quantity, updated_at = clock_timestamp()`,
      [tenant.orgId, tenant.entityId, ...columns, reservation.referenceType, reservation.referenceId],
    );
  }

  /** Gives reserved stock back to `available`; more than the document holds is a `422`. */
  async release(unitOfWork: UnitOfWork, tenant: TenantContext, release: StockRelease): Promise<void> {
    const { manager } = unitOfWork;
    const held = await this.lockAllocations(manager, tenant, release);
    const heldByKey = new Map(held.map((allocation) => [keyOf(allocation), allocation]));
    const toRelease = release.lines ? netByKey(release.lines) : netByKey(held);
    for (const [key, quantity] of toRelease) {
      const allocation = heldByKey.get(key);
      if (!quantity.isPositive() || !allocation || quantity.gt(allocation.quantity)) {
        throw ApiError.unprocessable('Cannot release more stock than the document has reserved.');
      }
    }
    const keys = sortedKeys([...toRelease.keys()].map((key) => heldByKey.get(key)!));
    if (!keys.length) return;
    await this.lockBalances(manager, tenant, keys);
    const columns = this.keyColumns(keys, (key) => formatQuantity(toRelease.get(keyOf(key))!));
    await manager.query(
      `UPDATE stock_balances b SET reserved = b.reserved - k.quantity, updated_at = clock_timestamp()
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id`,
      [tenant.orgId, tenant.entityId, ...columns],
    );
    await manager.query(
      `UPDATE inventory_allocations a SET quantity = a.quantity - k.quantity, updated_at = clock_timestamp()
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       WHERE a.org_id = $1 AND a.entity_id = $2 AND a.reference_type = $6 AND a.reference_id = $7
         AND a.item_id = k.item_id AND a.warehouse_id = k.warehouse_id`,
      [tenant.orgId, tenant.entityId, ...columns, release.referenceType, release.referenceId],
    );
    await manager.query(
      `DELETE FROM inventory_allocations
       WHERE org_id = $1 AND entity_id = $2 AND reference_type = $3 AND reference_id = $4 AND quantity = 0`,
      [tenant.orgId, tenant.entityId, release.referenceType, release.referenceId],
    );
  }

  /** The allocations a document holds, locked, in (item, warehouse) order. */
  private lockAllocations(
    manager: EntityManager,
    tenant: TenantContext,
    document: { referenceType: string; referenceId: string },
  ): Promise<InventoryAllocation[]> {
    return manager
      .createQueryBuilder(InventoryAllocation, 'a')
      .setLock('pessimistic_write')
      .where('a.org_id = :orgId AND a.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId })
      .andWhere('a.reference_type = :referenceType AND a.reference_id = :referenceId', {
        referenceType: document.referenceType,
        referenceId: document.referenceId,
      })
      .orderBy('a.item_id')
      .addOrderBy('a.warehouse_id')
      .getMany();
  }

  /** The parallel arrays `unnest` takes for a batch over balance keys: item ids, warehouse ids and a quantity. */
  private keyColumns(keys: BalanceKey[], quantityOf: (key: BalanceKey) => string): [string[], string[], string[]] {
    return [keys.map((key) => key.itemId), keys.map((key) => key.warehouseId), keys.map(quantityOf)];
  }

  /** Creates missing balance rows, then locks every row of `keys` in (item_id, warehouse_id) order. */
  private async lockBalances(
    manager: EntityManager,
    tenant: TenantContext,
    keys: BalanceKey[],
  ): Promise<Map<string, LockedBalance>> {
    if (!keys.length) return new Map();
    const itemIds = keys.map((k) => k.itemId);
    const warehouseIds = keys.map((k) => k.warehouseId);
    await manager.query(
      `INSERT INTO stock_balances (org_id, entity_id, item_id, warehouse_id)
       SELECT $1, $2, k.item_id, k.warehouse_id FROM unnest($3::uuid[], $4::uuid[]) AS k(item_id, warehouse_id)
       ORDER BY k.item_id, k.warehouse_id
       ON CONFLICT DO NOTHING`,
      [tenant.orgId, tenant.entityId, itemIds, warehouseIds],
    );
    // The item totals are read in the same statement: only a movement changes on_hand, and it holds the item lock
    // (taken before this), so no other transaction can change them while this one waits for a balance row.
    const rows = await manager.query<LockedBalance[]>(
      `SELECT b.item_id, b.warehouse_id, b.on_hand, b.reserved,
              (SELECT sum(t.on_hand) FROM stock_balances t
               WHERE t.org_id = b.org_id AND t.entity_id = b.entity_id AND t.item_id = b.item_id) AS item_on_hand
       FROM stock_balances b
       JOIN unnest($3::uuid[], $4::uuid[]) AS k(item_id, warehouse_id)
         ON k.item_id = b.item_id AND k.warehouse_id = b.warehouse_id
       WHERE b.org_id = $1 AND b.entity_id = $2
       ORDER BY b.item_id, b.warehouse_id
       FOR UPDATE OF b`,
      [tenant.orgId, tenant.entityId, itemIds, warehouseIds],
    );
    return new Map(rows.map((row) => [keyOf({ itemId: row.item_id, warehouseId: row.warehouse_id }), row]));
  }

  /** Locks the items (in id order) for a valuation update; unknown ids and service items are a `422`. */
  private async lockItems(
    manager: EntityManager,
    tenant: TenantContext,
    itemIds: string[],
  ): Promise<Map<string, LockedItem>> {
    const locked = await manager.query<LockedItem[]>(
      `SELECT id, kind, valuation_rate FROM items
       WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])
       ORDER BY id
       FOR NO KEY UPDATE`,
      [tenant.orgId, tenant.entityId, itemIds],
    );
    this.assertAllFound('item', itemIds, locked);
    const services = locked.filter((item) => item.kind === 'service');
    if (services.length) {
      throw ApiError.unprocessable('Service items hold no stock.', { itemIds: services.map((item) => item.id) });
    }
    return new Map(locked.map((item) => [item.id, item]));
  }

  private async assertItemsExist(manager: EntityManager, tenant: TenantContext, itemIds: string[]): Promise<void> {
    const found = await manager.query<{ id: string }[]>(
      `SELECT id FROM items WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])`,
      [tenant.orgId, tenant.entityId, itemIds],
    );
    this.assertAllFound('item', itemIds, found);
  }

  private async assertWarehousesExist(
    manager: EntityManager,
    tenant: TenantContext,
    keys: BalanceKey[],
  ): Promise<void> {
    const warehouseIds = [...new Set(keys.map((k) => k.warehouseId))];
    const found = await manager.query<{ id: string }[]>(
      `SELECT id FROM warehouses WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])`,
      [tenant.orgId, tenant.entityId, warehouseIds],
    );
    this.assertAllFound('warehouse', warehouseIds, found);
  }

  /** A reference to a record that is not in this tenant breaks the request: `422` naming the unknown ids. */
  private assertAllFound(what: 'item' | 'warehouse', wanted: string[], found: { id: string }[]): void {
    const known = new Set(found.map((row) => row.id));
    const missing = [...new Set(wanted)].filter((id) => !known.has(id));
    if (missing.length) {
      throw ApiError.unprocessable(`No such ${what} in this tenant: ${missing.join(', ')}.`, { missing });
    }
  }
}
