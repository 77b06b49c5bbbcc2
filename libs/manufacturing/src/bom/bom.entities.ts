import { moneyColumn, percentColumn, quantityColumn } from '@app/platform';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ManufacturingDocument } from '../document.entity';

@Entity('boms')
export class Bom extends ManufacturingDocument {
  @Column('uuid') itemId!: string;
  @Column() code!: string;
  /** The batch the lines are for: the BOM makes `quantity` units of its item. */
  @Column(quantityColumn) quantity!: string;
  @Column() uom!: string;
  @Column() isDefault!: boolean;
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
