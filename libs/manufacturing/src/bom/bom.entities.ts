import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DOCUMENT_STATUSES = ['active', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const readOnlyTimestamp = { type: 'timestamptz', insert: false, update: false } as const;
const quantityColumn = { type: 'numeric', precision: 20, scale: 6 } as const;
const moneyColumn = { type: 'numeric', precision: 20, scale: 4 } as const;
const percentColumn = { type: 'numeric', precision: 7, scale: 4 } as const;

@Entity('boms')
export class Bom {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') itemId!: string;
  @Column() code!: string;
  /** The batch the lines are for: the BOM makes `quantity` units of its item. */
  @Column(quantityColumn) quantity!: string;
  @Column() uom!: string;
  @Column() isDefault!: boolean;
  @Column({ type: 'varchar' }) status!: DocumentStatus;
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

/** The columns every child row of a BOM shares. */
abstract class BomChild {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') bomId!: string;
  @Column('int') position!: number;
}

@Entity('bom_lines')
export class BomLine extends BomChild {
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column() uom!: string;
  @Column(percentColumn) scrapPercent!: string;
  @Column({ ...moneyColumn, nullable: true }) rate!: string | null;
}

@Entity('bom_operations')
export class BomOperation extends BomChild {
  @Column() name!: string;
  @Column({ type: 'varchar', nullable: true }) workstation!: string | null;
  @Column(quantityColumn) minutes!: string;
  @Column(moneyColumn) hourlyRate!: string;
}

@Entity('bom_by_products')
export class BomByProduct extends BomChild {
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column(percentColumn) costSharePercent!: string;
}
