import { moneyColumn, quantityColumn, readOnlyTimestamp } from '@app/platform';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SUBCONTRACT_ORDER_STATUSES = [
  'Draft',
  'Submitted',
  'MaterialsIssued',
  'PartiallyReceived',
  'Completed',
  'Cancelled',
] as const;
export type SubcontractOrderStatus = (typeof SUBCONTRACT_ORDER_STATUSES)[number];

/** The tenant columns every subcontracting row carries. */
abstract class TenantRow {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
}

/**
 * An order to a subcontractor: our materials go to its supplier warehouse, finished goods come back. The running
 * totals (`receivedQuantity`, `rejectedQuantity`, the costs) are the sums over its receipts.
 */
@Entity('subcontract_orders')
export class SubcontractOrder extends TenantRow {
  @Column() number!: string;
  @Column() supplierName!: string;
  @Column('uuid') supplierWarehouseId!: string;
  @Column('uuid') itemId!: string;
  @Column('uuid') bomId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column('uuid') sourceWarehouseId!: string;
  @Column('uuid') targetWarehouseId!: string;
  @Column(moneyColumn) serviceRate!: string;
  @Column({ type: 'varchar' }) status!: SubcontractOrderStatus;
  @Column(quantityColumn) receivedQuantity!: string;
  @Column(quantityColumn) rejectedQuantity!: string;
  @Column(moneyColumn) material!: string;
  @Column(moneyColumn) service!: string;
  @Column(moneyColumn) total!: string;
  @Column({ ...moneyColumn, nullable: true }) unitCost!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

/** A material the subcontractor needs from us, with what was issued to it, consumed by receipts and returned. */
@Entity('subcontract_order_materials')
export class SubcontractOrderMaterial extends TenantRow {
  @Column('uuid') subcontractOrderId!: string;
  @Column('int') position!: number;
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) required!: string;
  @Column(quantityColumn) issued!: string;
  @Column(quantityColumn) consumed!: string;
  @Column(quantityColumn) returned!: string;
}

/** One delivery of finished goods: what was accepted and rejected, and what it cost. Inspections reference it. */
@Entity('subcontract_receipts')
export class SubcontractReceipt extends TenantRow {
  @Column('uuid') subcontractOrderId!: string;
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column(quantityColumn) rejectedQuantity!: string;
  @Column(moneyColumn) material!: string;
  @Column(moneyColumn) service!: string;
  @Column(moneyColumn) total!: string;
  @Column(moneyColumn) unitCost!: string;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) receivedAt!: Date;
}

/** What one receipt consumed of a material at the supplier, valued as the ledger booked it. */
@Entity('subcontract_receipt_materials')
export class SubcontractReceiptMaterial extends TenantRow {
  @Column('uuid') subcontractReceiptId!: string;
  @Column('int') position!: number;
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column(moneyColumn) value!: string;
}
