import { moneyColumn, quantityColumn, readOnlyTimestamp } from '@app/platform';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const ITEM_KINDS = ['raw', 'sub-assembly', 'finished', 'service'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const WAREHOUSE_KINDS = ['internal', 'supplier'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

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
  @Column(moneyColumn) valuationRate!: string;
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
  @Column(quantityColumn) onHand!: string;
  @Column(quantityColumn) reserved!: string;
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
  @Column(quantityColumn) quantity!: string;
  @Column(moneyColumn) rate!: string;
  @Column(moneyColumn) value!: string;
  @Column(quantityColumn) balanceAfter!: string;
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
  @Column(quantityColumn) quantity!: string;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
