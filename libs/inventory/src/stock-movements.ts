import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  actorId,
  ApiError,
  Dec,
  DecimalInput,
  formatMoney,
  formatQuantity,
  preparedQuery,
  preparedStatementName,
  StatementParameters,
  type StatementSteps,
  TenantContext,
  UnitOfWork,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { StockLedgerEntry } from './inventory.entities';
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
   * comes out of its reservation first and beyond it out of available stock (a work order's completion). The caller
   * holds the document's lock, the one every change of its allocations takes.
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
  /** No such row yet (it answers zeros): the movement that first receives into it creates it. */
  missing?: boolean;
}

/** The balance rows of a movement, locked, and the on-hand stock over every warehouse of each item it receives. */
interface LockedStock {
  balances: Map<string, LockedBalance>;
  /** Per received item (absent: none anywhere), what its moving-average valuation starts from. */
  receivedOnHand: Map<string, string>;
}

interface LockedItem {
  id: string;
  kind: string;
  valuation_rate: string;
  /** The row version locked (`xmin`) and the one the statement's snapshot saw: they differ when it changed since. */
  version: string;
  snapshot_version: string;
}

interface BalanceKey {
  itemId: string;
  warehouseId: string;
}

/** What a document holds reserved on one balance. */
interface HeldAllocation extends BalanceKey {
  quantity: string;
}

/** The ids of the uuid array parameter `param` that are not warehouses of the tenant ($1, $2), as an array. */
const missingWarehouses = (param: string) =>
  `array(SELECT u.id FROM unnest(${param}::uuid[]) AS u(id)
         WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.org_id = $1 AND w.entity_id = $2 AND w.id = u.id))`;

/** A reference to a record that is not in this tenant breaks the request: `422` naming the unknown ids. */
function assertNoneMissing(what: 'item' | 'warehouse', missing: string[]): void {
  if (missing.length) {
    throw ApiError.unprocessable(`No such ${what} in this tenant: ${missing.join(', ')}.`, { missing });
  }
}

const keyOf = (line: BalanceKey) => `${line.itemId}/${line.warehouseId}`;

/** uuids as PostgreSQL orders them: by their bytes, which is the order of their lowercase hex text. */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The (item, warehouse) pairs of some lines, once each, in the one order every transaction locks them in. */
function sortedKeys(lines: readonly BalanceKey[]): BalanceKey[] {
  const unique = new Map(lines.map((line) => [keyOf(line), { itemId: line.itemId, warehouseId: line.warehouseId }]));
  return [...unique.values()].sort((a, b) =>
    a.itemId === b.itemId ? compareIds(a.warehouseId, b.warehouseId) : compareIds(a.itemId, b.itemId),
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
    const { writes, entries } = await this.plan(unitOfWork, tenant, movement, new StatementParameters());
    const text = `WITH ${writes.steps.join(',\n')}\nSELECT id, posted_at FROM ledger_entries`;
    const rows = await preparedQuery<{ id: string; posted_at: Date }>(
      unitOfWork.manager,
      preparedStatementName('stock-move', text),
      text,
      writes.parameters.values,
    );
    // The ledger rows are what this movement computed; the database adds only the moment each was posted.
    const postedAt = new Map(rows.map((row) => [row.id, row.posted_at]));
    return entries.map((entry) =>
      toStockLedgerEntryModel(
        unitOfWork.manager.create(StockLedgerEntry, { ...entry, postedAt: postedAt.get(entry.id!)! }),
      ),
    );
  }

  /**
   * Checks and prices a movement under its locks as `move` does, and answers its writes (balances, items, ledger)
   * as steps, their values in `parameters`, for a statement the caller runs next in the same unit of work with
   * writes of its own: one round trip for both. Until that statement runs, the stock has not moved.
   */
  async prepare(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    movement: StockMovement,
    parameters: StatementParameters,
  ): Promise<StatementSteps> {
    return (await this.plan(unitOfWork, tenant, movement, parameters)).writes;
  }

  private async plan(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    movement: StockMovement,
    parameters: StatementParameters,
  ): Promise<{ writes: StatementSteps; entries: Partial<StockLedgerEntry>[] }> {
    const { manager } = unitOfWork;
    if (!movement.lines.length) throw ApiError.unprocessable('A stock movement needs at least one line.');
    if (movement.lines.some((line) => new Dec(line.quantity).isZero())) {
      throw ApiError.unprocessable('A stock movement line must move a quantity other than zero.');
    }
    const received = new Set(movement.lines.filter((line) => new Dec(line.quantity).isPositive()).map((l) => l.itemId));
    const { items, held, stock: locked } = await this.lockMovement(manager, tenant, movement, received);
    const keys = sortedKeys([...movement.lines, ...held]);
    const { balances, receivedOnHand } = this.snapshotHolds(received, items, locked.balances)
      ? locked
      : await this.lockBalances(manager, tenant, keys, received);
    const reserved = new Map([...balances].map(([key, row]) => [key, new Dec(row.reserved)]));
    for (const allocation of held)
      reserved.set(keyOf(allocation), reserved.get(keyOf(allocation))!.minus(allocation.quantity));

    const shortages = shortagesOf(deepestDrawByKey(movement.lines), balances, (key) => reserved.get(key)!);
    if (shortages.length) throw insufficientStock(shortages);

    const onHand = new Map([...balances].map(([key, row]) => [key, new Dec(row.on_hand)]));
    // Only a receipt's moving average needs an item's stock over every warehouse; issue-only items leave it unused.
    const itemState = new Map(
      [...items].map(([id, row]) => [
        id,
        { rate: new Dec(row.valuation_rate), total: new Dec(receivedOnHand.get(id) ?? 0) },
      ]),
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
        id: randomUUID(),
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

    // One statement writes the balances (creating the rows a receipt is the first to reach), the revalued items and
    // the ledger, whatever the number of lines: the rows are locked already, in key order, so the locks are held
    // for one round trip. A missing balance row cannot appear meanwhile: only a receipt creates one, and it holds
    // the item lock this one holds.
    const revalued = [...itemState].filter(([itemId]) => received.has(itemId));
    const p = (value: unknown) => parameters.add(value);
    const [org, entity, referenceType, referenceId] = [
      tenant.orgId,
      tenant.entityId,
      movement.referenceType,
      movement.referenceId,
    ].map(p);
    const balanceItems = p(keys.map((key) => key.itemId));
    const revaluedItems = p(revalued.map(([itemId]) => itemId));
    const steps = [
      `moved_balances AS (
         INSERT INTO stock_balances (org_id, entity_id, item_id, warehouse_id, on_hand, reserved)
         SELECT ${org}, ${entity}, k.item_id, k.warehouse_id, k.on_hand, k.reserved
         FROM unnest(${balanceItems}::uuid[], ${p(keys.map((key) => key.warehouseId))}::uuid[],
                     ${p(keys.map((key) => formatQuantity(onHand.get(keyOf(key))!)))}::numeric[],
                     ${p(keys.map((key) => formatQuantity(reserved.get(keyOf(key))!)))}::numeric[])
              AS k(item_id, warehouse_id, on_hand, reserved)
         ON CONFLICT (org_id, entity_id, item_id, warehouse_id) DO UPDATE
           SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, updated_at = clock_timestamp()
       )`,
      // Every item received gets a new row version, revalued or not: see snapshotHolds.
      `revalued_items AS (
         UPDATE items i SET valuation_rate = k.rate,
           updated_at = CASE WHEN i.valuation_rate = k.rate THEN i.updated_at ELSE clock_timestamp() END
         FROM unnest(${revaluedItems}::uuid[], ${p(revalued.map(([, state]) => formatMoney(state.rate)))}::numeric[])
              AS k(id, rate)
         WHERE i.org_id = ${org} AND i.entity_id = ${entity} AND i.id = ANY(${revaluedItems}::uuid[]) AND i.id = k.id
       )`,
      `ledger_entries AS (
         INSERT INTO stock_ledger (id, org_id, entity_id, item_id, warehouse_id, quantity, rate, value, balance_after,
                                   reference_type, reference_id, created_by)
         SELECT l.id, ${org}, ${entity}, l.item_id, l.warehouse_id, l.quantity, l.rate, l.value, l.balance_after,
                ${referenceType}, ${referenceId}, ${p(createdBy)}
         FROM unnest(${p(entries.map((entry) => entry.id))}::uuid[], ${p(entries.map((entry) => entry.itemId))}::uuid[],
                     ${p(entries.map((entry) => entry.warehouseId))}::uuid[],
                     ${p(entries.map((entry) => entry.quantity))}::numeric[],
                     ${p(entries.map((entry) => entry.rate))}::numeric[],
                     ${p(entries.map((entry) => entry.value))}::numeric[],
                     ${p(entries.map((entry) => entry.balanceAfter))}::numeric[])
              AS l(id, item_id, warehouse_id, quantity, rate, value, balance_after)
         RETURNING id, posted_at
       )`,
    ];
    return { writes: { steps, parameters }, entries };
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
    await this.assertKnown(manager, tenant, keys);
    const { balances } = await this.lockBalances(manager, tenant, keys, new Set());
    const wanted = netByKey(reservation.lines);
    // A balance row that does not exist yet holds nothing, so reserving from it is always a shortage.
    const shortages = shortagesOf(wanted, balances, (key) => new Dec(balances.get(key)!.reserved));
    if (shortages.length) throw insufficientStock(shortages);
    const columns = this.keyColumns(keys, (key) => formatQuantity(wanted.get(keyOf(key))!));
    await preparedQuery(
      manager,
      'stock-reserve',
      `WITH balances AS (
         UPDATE stock_balances b SET reserved = b.reserved + k.quantity, updated_at = clock_timestamp()
         FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = ANY($3::uuid[])
           AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id
       )
       INSERT INTO inventory_allocations (org_id, entity_id, item_id, warehouse_id, quantity, reference_type, reference_id)
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
    await this.lockBalances(manager, tenant, keys, new Set());
    const columns = this.keyColumns(keys, (key) => formatQuantity(toRelease.get(keyOf(key))!));
    // An allocation released whole is deleted, one released in part shrinks: disjoint rows, so one statement.
    await preparedQuery(
      manager,
      'stock-release',
      `WITH balances AS (
         UPDATE stock_balances b SET reserved = b.reserved - k.quantity, updated_at = clock_timestamp()
         FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = ANY($3::uuid[])
           AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id
       ), shrunk AS (
         UPDATE inventory_allocations a SET quantity = a.quantity - k.quantity, updated_at = clock_timestamp()
         FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
         WHERE a.org_id = $1 AND a.entity_id = $2 AND a.reference_type = $6 AND a.reference_id = $7
           AND a.item_id = ANY($3::uuid[]) AND a.item_id = k.item_id
         AND a.warehouse_id = k.warehouse_id AND a.quantity > k.quantity
       )
       DELETE FROM inventory_allocations a
       USING unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       WHERE a.org_id = $1 AND a.entity_id = $2 AND a.reference_type = $6 AND a.reference_id = $7
         AND a.item_id = ANY($3::uuid[]) AND a.item_id = k.item_id
         AND a.warehouse_id = k.warehouse_id AND a.quantity = k.quantity`,
      [tenant.orgId, tenant.entityId, ...columns, release.referenceType, release.referenceId],
    );
  }

  /** The allocations a document holds, locked, in (item, warehouse) order. */
  private async lockAllocations(
    manager: EntityManager,
    tenant: TenantContext,
    document: { referenceType: string; referenceId: string },
  ): Promise<HeldAllocation[]> {
    const rows = await preparedQuery<{ item_id: string; warehouse_id: string; quantity: string }>(
      manager,
      'stock-lock-allocations',
      `SELECT item_id, warehouse_id, quantity FROM inventory_allocations
       WHERE org_id = $1 AND entity_id = $2 AND reference_type = $3 AND reference_id = $4
       ORDER BY item_id, warehouse_id
       FOR UPDATE`,
      [tenant.orgId, tenant.entityId, document.referenceType, document.referenceId],
    );
    return rows.map((row) => ({ itemId: row.item_id, warehouseId: row.warehouse_id, quantity: row.quantity }));
  }

  /** The parallel arrays `unnest` takes for a batch over balance keys: item ids, warehouse ids and a quantity. */
  private keyColumns(keys: BalanceKey[], quantityOf: (key: BalanceKey) => string): [string[], string[], string[]] {
    return [keys.map((key) => key.itemId), keys.map((key) => key.warehouseId), keys.map(quantityOf)];
  }

  /**
   * Locks the balance rows of `keys` in (item_id, warehouse_id) order and answers one per key: a row that does not
   * exist yet answers zeros (the movement that first receives into it creates it). With the on-hand stock over
   * every warehouse of each `received` item, which a movement reads here holding that item's lock.
   */
  private async lockBalances(
    manager: EntityManager,
    tenant: TenantContext,
    keys: BalanceKey[],
    received: ReadonlySet<string>,
  ): Promise<LockedStock> {
    if (!keys.length) return { balances: new Map(), receivedOnHand: new Map() };
    // The totals are read in the same statement: only a movement changes on_hand, and it holds the item lock
    // (taken before this statement began), so no other transaction can change them while this one waits for a row.
    const rows = await preparedQuery<LockedBalance & { item_on_hand: string | null }>(
      manager,
      'stock-lock-balances',
      `WITH locked AS MATERIALIZED (
         SELECT b.item_id, b.warehouse_id, b.on_hand, b.reserved
         FROM stock_balances b
         JOIN unnest($3::uuid[], $4::uuid[]) AS k(item_id, warehouse_id)
           ON k.item_id = b.item_id AND k.warehouse_id = b.warehouse_id
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = ANY($3::uuid[])
         ORDER BY b.item_id, b.warehouse_id
         FOR UPDATE OF b
       )
       SELECT k.item_id, k.warehouse_id, coalesce(l.on_hand, 0) AS on_hand, coalesce(l.reserved, 0) AS reserved,
              CASE WHEN k.item_id = ANY($5::uuid[]) THEN
                coalesce((SELECT sum(t.on_hand) FROM stock_balances t
                          WHERE t.org_id = $1 AND t.entity_id = $2 AND t.item_id = k.item_id), 0)
              END AS item_on_hand
       FROM unnest($3::uuid[], $4::uuid[]) AS k(item_id, warehouse_id)
       LEFT JOIN locked l ON l.item_id = k.item_id AND l.warehouse_id = k.warehouse_id`,
      [tenant.orgId, tenant.entityId, keys.map((k) => k.itemId), keys.map((k) => k.warehouseId), [...received]],
    );
    return {
      balances: new Map(rows.map((row) => [keyOf({ itemId: row.item_id, warehouseId: row.warehouse_id }), row])),
      receivedOnHand: new Map(
        rows.flatMap((row) => (row.item_on_hand === null ? [] : [[row.item_id, row.item_on_hand] as const])),
      ),
    };
  }

  /**
   * The locks of a movement in one statement, in the one order every movement takes them: the allocations its
   * document holds (deleted, when it releases them), its items and theirs in id order (for the valuation update),
   * then its balance rows in key order (a row not there yet answers zeros), with every row of each `received` item,
   * whose sum its moving average needs; its warehouses checked. Unknown warehouses or items and service items are a
   * `422`. Locked rows answer as they are now; a row created since the statement's snapshot is not among them (see
   * `snapshotHolds`).
   */
  private async lockMovement(
    manager: EntityManager,
    tenant: TenantContext,
    movement: StockMovement,
    received: ReadonlySet<string>,
  ): Promise<{ items: Map<string, LockedItem>; held: HeldAllocation[]; stock: LockedStock }> {
    const itemIds = [...new Set(movement.lines.map((line) => line.itemId))];
    const warehouseIds = [...new Set(movement.lines.map((line) => line.warehouseId))];
    const lineKeys = sortedKeys(movement.lines);
    const [locked] = await preparedQuery<{
      items: LockedItem[];
      held: HeldAllocation[];
      balances: LockedBalance[];
      received_on_hand: Record<string, string>;
      missing_warehouses: string[];
    }>(
      manager,
      'stock-lock-movement',
      `WITH held AS (
         -- Released here, which locks them: only their document's transitions, under its lock, change them.
         DELETE FROM inventory_allocations
         WHERE $4::boolean AND org_id = $1 AND entity_id = $2 AND reference_type = $5 AND reference_id = $6
         RETURNING item_id, warehouse_id, quantity
       ), locked_items AS MATERIALIZED (
         SELECT i.id, i.kind, i.valuation_rate, i.xmin AS version,
                (SELECT s.xmin FROM items s WHERE s.id = i.id) AS snapshot_version
         FROM items i
         WHERE i.org_id = $1 AND i.entity_id = $2
           AND i.id = ANY(array(SELECT unnest($3::uuid[]) UNION SELECT item_id FROM held))
         ORDER BY i.id
         FOR NO KEY UPDATE OF i
       ), keys AS MATERIALIZED (
         SELECT k.item_id, k.warehouse_id FROM unnest($8::uuid[], $9::uuid[]) AS k(item_id, warehouse_id)
         UNION SELECT item_id, warehouse_id FROM held
       ), lock_keys AS MATERIALIZED (
         -- A received item's rows in every warehouse too: its moving average needs their sum as it is now.
         SELECT item_id, warehouse_id FROM keys
         UNION SELECT t.item_id, t.warehouse_id FROM stock_balances t
               WHERE t.org_id = $1 AND t.entity_id = $2 AND t.item_id = ANY($10::uuid[])
       ), locked_balances AS MATERIALIZED (
         -- The count makes every item lock come before the first balance lock.
         SELECT b.item_id, b.warehouse_id, b.on_hand, b.reserved
         FROM stock_balances b
         JOIN lock_keys k ON k.item_id = b.item_id AND k.warehouse_id = b.warehouse_id
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = ANY(array(SELECT item_id FROM lock_keys))
           AND (SELECT count(*) FROM locked_items) >= 0
         ORDER BY b.item_id, b.warehouse_id
         FOR UPDATE OF b
       )
       SELECT (SELECT coalesce(json_agg(json_build_object('id', i.id, 'kind', i.kind,
                                                          'valuation_rate', i.valuation_rate::text,
                                                          'version', i.version::text,
                                                          'snapshot_version', i.snapshot_version::text)), '[]'::json)
               FROM locked_items i) AS items,
              (SELECT coalesce(json_agg(json_build_object('itemId', h.item_id, 'warehouseId', h.warehouse_id,
                                                          'quantity', h.quantity::text)
                                        ORDER BY h.item_id, h.warehouse_id), '[]'::json)
               FROM held h) AS held,
              (SELECT json_agg(json_build_object(
                        'item_id', k.item_id, 'warehouse_id', k.warehouse_id,
                        'on_hand', coalesce(l.on_hand, 0)::text, 'reserved', coalesce(l.reserved, 0)::text,
                        'missing', l.item_id IS NULL))
               FROM keys k LEFT JOIN locked_balances l
                 ON l.item_id = k.item_id AND l.warehouse_id = k.warehouse_id) AS balances,
              (SELECT coalesce(json_object_agg(t.item_id, t.on_hand), '{}'::json)
               FROM (SELECT item_id, sum(on_hand)::text AS on_hand FROM locked_balances
                     WHERE item_id = ANY($10::uuid[]) GROUP BY item_id) t) AS received_on_hand,
              ${missingWarehouses('$7')} AS missing_warehouses`,
      [
        tenant.orgId,
        tenant.entityId,
        itemIds,
        movement.releaseHeld === true,
        movement.referenceType,
        movement.referenceId,
        warehouseIds,
        lineKeys.map((key) => key.itemId),
        lineKeys.map((key) => key.warehouseId),
        [...received],
      ],
    );
    assertNoneMissing('warehouse', locked.missing_warehouses);
    const found = new Set(locked.items.map((item) => item.id));
    assertNoneMissing(
      'item',
      itemIds.filter((id) => !found.has(id)),
    );
    const services = locked.items.filter((item) => item.kind === 'service');
    if (services.length) {
      throw ApiError.unprocessable('Service items hold no stock.', { itemIds: services.map((item) => item.id) });
    }
    return {
      items: new Map(locked.items.map((item) => [item.id, item])),
      held: locked.held,
      stock: {
        balances: new Map(
          locked.balances.map((row) => [keyOf({ itemId: row.item_id, warehouseId: row.warehouse_id }), row]),
        ),
        receivedOnHand: new Map(Object.entries(locked.received_on_hand)),
      },
    };
  }

  /**
   * Whether the stock `lockMovement` answered may be used as it is. A movement that waited for an item lock took its
   * snapshot before the movement it waited for committed: the rows it locked answer as they are now, so what an
   * issue changed is seen, but a row a receipt created meanwhile is missing, from the lines' rows and from a
   * received item's total. Only a receipt creates a balance row, and every receipt writes a new version of the item
   * it receives, so an item whose version moved since the snapshot tells. When such an item is received here, or
   * one of its rows was missing, the balances are read again, under the locks now held, in a statement of their own.
   */
  private snapshotHolds(
    received: ReadonlySet<string>,
    items: ReadonlyMap<string, LockedItem>,
    balances: ReadonlyMap<string, LockedBalance>,
  ): boolean {
    const changed = new Set([...items.values()].filter((i) => i.version !== i.snapshot_version).map((i) => i.id));
    if (!changed.size) return true;
    const missing = [...balances.values()].some((row) => row.missing && changed.has(row.item_id));
    return ![...changed].some((id) => received.has(id)) && !missing;
  }

  /** That the items and warehouses of some balance keys are in this tenant (one statement); `422` otherwise. */
  private async assertKnown(manager: EntityManager, tenant: TenantContext, keys: BalanceKey[]): Promise<void> {
    const itemIds = [...new Set(keys.map((k) => k.itemId))];
    const warehouseIds = [...new Set(keys.map((k) => k.warehouseId))];
    const [missing] = await preparedQuery<{ missing_items: string[]; missing_warehouses: string[] }>(
      manager,
      'stock-known-keys',
      `SELECT array(SELECT u.id FROM unnest($3::uuid[]) AS u(id)
                    WHERE NOT EXISTS (SELECT 1 FROM items i
                                      WHERE i.org_id = $1 AND i.entity_id = $2 AND i.id = u.id)) AS missing_items,
              ${missingWarehouses('$4')} AS missing_warehouses`,
      [tenant.orgId, tenant.entityId, itemIds, warehouseIds],
    );
    assertNoneMissing('warehouse', missing.missing_warehouses);
    assertNoneMissing('item', missing.missing_items);
  }
}
