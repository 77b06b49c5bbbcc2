import { moneyColumn, quantityColumn, readOnlyTimestamp } from '@app/platform';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const WORK_ORDER_STATUSES = ['Draft', 'InProgress', 'Completed', 'Cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export type WorkOrderOutputKind = 'primary' | 'by_product';

/** What a work order follows, frozen in the row: its operations for the full quantity and its co-outputs. */
export interface StoredProductionPlan {
  operations: { name: string; minutes: string; hourlyRate: string }[];
  /** By-products of a BOM and co-products of a recipe: received per unit of the primary output produced. */
  coOutputs: { itemId: string; perUnit: string; costSharePercent: string }[];
}

const optionalMoney = { ...moneyColumn, nullable: true } as const;

@Entity('work_orders')
export class WorkOrder {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() number!: string;
  @Column('uuid') itemId!: string;
  @Column({ type: 'uuid', nullable: true }) bomId!: string | null;
  @Column({ type: 'uuid', nullable: true }) recipeId!: string | null;
  @Column(quantityColumn) quantity!: string;
  @Column(quantityColumn) producedQuantity!: string;
  @Column('uuid') sourceWarehouseId!: string;
  @Column('uuid') targetWarehouseId!: string;
  @Column({ type: 'varchar' }) status!: WorkOrderStatus;
  @Column({ type: 'timestamptz', nullable: true }) plannedStart!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) plannedEnd!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) releasedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ type: 'jsonb' }) plan!: StoredProductionPlan;
  @Column(optionalMoney) plannedMaterial!: string | null;
  @Column(optionalMoney) plannedOperation!: string | null;
  @Column(optionalMoney) plannedTotal!: string | null;
  @Column(optionalMoney) material!: string | null;
  @Column(optionalMoney) operation!: string | null;
  @Column(optionalMoney) byProductShare!: string | null;
  @Column(optionalMoney) total!: string | null;
  @Column(optionalMoney) unitCost!: string | null;
  @Column(quantityColumn) plannedMinutes!: string;
  @Column({ ...quantityColumn, nullable: true }) actualMinutes!: string | null;
  @Column({ type: 'uuid', nullable: true }) backorderId!: string | null;
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

/** The columns every line of a work order has: tenant, the order, a position and the item. */
abstract class WorkOrderLine {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') workOrderId!: string;
  @Column('int') position!: number;
  @Column('uuid') itemId!: string;
}

@Entity('work_order_items')
export class WorkOrderItem extends WorkOrderLine {
  @Column(quantityColumn) required!: string;
  @Column(quantityColumn) reserved!: string;
  @Column(quantityColumn) consumed!: string;
}

@Entity('work_order_outputs')
export class WorkOrderOutput extends WorkOrderLine {
  @Column({ type: 'varchar' }) kind!: WorkOrderOutputKind;
  @Column(quantityColumn) quantity!: string;
  @Column(moneyColumn) unitCost!: string;
  @Column(moneyColumn) value!: string;
}
