import { ApiDecimal, ApiUuid, Dec, Internal, formatMoney, formatQuantity } from '@app/platform';
import type { Item, ItemKind, StockLedgerEntry, Warehouse, WarehouseKind } from './inventory.entities';

/** What the services return: the contract's shape, with who-did-it marked internal. */
export class ItemModel {
  @ApiUuid()
  id!: string;
  sku!: string;
  name!: string;
  uom!: string;
  kind!: ItemKind;
  @ApiDecimal()
  valuationRate!: string;
  isActive!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
}

export function toItemModel(item: Item): ItemModel {
  return Object.assign(new ItemModel(), {
    id: item.id,
    sku: item.sku,
    name: item.name,
    uom: item.uom,
    kind: item.kind,
    valuationRate: formatMoney(item.valuationRate),
    isActive: item.isActive,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    createdBy: item.createdBy,
  });
}

export class WarehouseModel {
  @ApiUuid()
  id!: string;
  code!: string;
  name!: string;
  kind!: WarehouseKind;
  supplierName!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
}

export function toWarehouseModel(warehouse: Warehouse): WarehouseModel {
  return Object.assign(new WarehouseModel(), {
    id: warehouse.id,
    code: warehouse.code,
    name: warehouse.name,
    kind: warehouse.kind,
    supplierName: warehouse.supplierName,
    createdAt: warehouse.createdAt,
    updatedAt: warehouse.updatedAt,
    createdBy: warehouse.createdBy,
  });
}

export class StockBalanceModel {
  @ApiUuid()
  itemId!: string;
  @ApiUuid()
  warehouseId!: string;
  @ApiDecimal()
  onHand!: string;
  @ApiDecimal()
  reserved!: string;
  @ApiDecimal()
  available!: string;
  @ApiDecimal()
  valuationRate!: string;
  @ApiDecimal()
  value!: string;
}

export interface StockBalanceRow {
  itemId: string;
  warehouseId: string;
  onHand: string;
  reserved: string;
  valuationRate: string;
}

export function toStockBalanceModel(row: StockBalanceRow): StockBalanceModel {
  const available = Dec.max(new Dec(row.onHand).minus(row.reserved), 0);
  return Object.assign(new StockBalanceModel(), {
    itemId: row.itemId,
    warehouseId: row.warehouseId,
    onHand: formatQuantity(row.onHand),
    reserved: formatQuantity(row.reserved),
    available: formatQuantity(available),
    valuationRate: formatMoney(row.valuationRate),
    value: formatMoney(new Dec(row.onHand).times(row.valuationRate)),
  });
}

export class StockLedgerEntryModel {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  itemId!: string;
  @ApiUuid()
  warehouseId!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  rate!: string;
  @ApiDecimal()
  value!: string;
  @ApiDecimal()
  balanceAfter!: string;
  referenceType!: string;
  @ApiUuid()
  referenceId!: string;
  postedAt!: Date;
  @Internal() createdBy!: string | null;
}

export function toStockLedgerEntryModel(entry: StockLedgerEntry): StockLedgerEntryModel {
  return Object.assign(new StockLedgerEntryModel(), {
    id: entry.id,
    itemId: entry.itemId,
    warehouseId: entry.warehouseId,
    quantity: formatQuantity(entry.quantity),
    rate: formatMoney(entry.rate),
    value: formatMoney(entry.value),
    balanceAfter: formatQuantity(entry.balanceAfter),
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    postedAt: entry.postedAt,
    createdBy: entry.createdBy,
  });
}

export class StockAdjustmentModel {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  warehouseId!: string;
  reason!: string;
  entries!: StockLedgerEntryModel[];
  createdAt!: Date;
  @Internal() createdBy!: string | null;
}
