import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const ITEM_KINDS = ['raw', 'sub-assembly', 'finished', 'service'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const WAREHOUSE_KINDS = ['internal', 'supplier'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

/** Timestamps are written by the database (`clock_timestamp()`), so they are only read here. */
const readOnlyTimestamp = { type: 'timestamptz', insert: false, update: false } as const;

@Entity('items')
export class Item {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() sku!: string;
  @Column() name!: string;
  @Column() uom!: string;
  @Column({ type: 'varchar' }) kind!: ItemKind;
  /** Moving-average cost of one unit, numeric(20,4) as a string. */
  @Column({ type: 'numeric', precision: 20, scale: 4 }) valuationRate!: string;
  @Column() isActive!: boolean;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

@Entity('warehouses')
export class Warehouse {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() code!: string;
  @Column() name!: string;
  @Column({ type: 'varchar' }) kind!: WarehouseKind;
  @Column({ type: 'varchar', nullable: true }) supplierName!: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

@Entity('stock_balances')
export class StockBalance {
  @PrimaryColumn('uuid') orgId!: string;
  @PrimaryColumn('uuid') entityId!: string;
  @PrimaryColumn('uuid') itemId!: string;
  @PrimaryColumn('uuid') warehouseId!: string;
  @Column({ type: 'numeric', precision: 20, scale: 6 }) onHand!: string;
  @Column({ type: 'numeric', precision: 20, scale: 6 }) reserved!: string;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

@Entity('stock_ledger')
export class StockLedgerEntry {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') itemId!: string;
  @Column('uuid') warehouseId!: string;
  /** Signed: + in, − out. */
  @Column({ type: 'numeric', precision: 20, scale: 6 }) quantity!: string;
  @Column({ type: 'numeric', precision: 20, scale: 4 }) rate!: string;
  @Column({ type: 'numeric', precision: 20, scale: 4 }) value!: string;
  @Column({ type: 'numeric', precision: 20, scale: 6 }) balanceAfter!: string;
  @Column() referenceType!: string;
  @Column('uuid') referenceId!: string;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) postedAt!: Date;
}

@Entity('stock_adjustments')
export class StockAdjustment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') warehouseId!: string;
  @Column() reason!: string;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
}

@Entity('inventory_allocations')
export class InventoryAllocation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') itemId!: string;
  @Column('uuid') warehouseId!: string;
  @Column() referenceType!: string;
  @Column('uuid') referenceId!: string;
  @Column({ type: 'numeric', precision: 20, scale: 6 }) quantity!: string;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
