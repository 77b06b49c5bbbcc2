import { quantityColumn, readOnlyTimestamp } from '@app/platform';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InspectedParameter, InspectionStatus, ParameterDefinition } from './inspection-verdicts';

/** What an inspection refers to: a work order, a subcontract receipt, or a stock adjustment that received goods. */
export const INSPECTION_REFERENCE_TYPES = ['work_order', 'subcontract_receipt', 'receipt'] as const;
export type InspectionReferenceType = (typeof INSPECTION_REFERENCE_TYPES)[number];

/** The parameters an item is inspected for; one per item. */
@Entity('quality_inspection_templates')
export class QualityInspectionTemplate {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') itemId!: string;
  @Column('jsonb') parameters!: ParameterDefinition[];
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

@Entity('quality_inspections')
export class QualityInspection {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() number!: string;
  @Column({ type: 'varchar' }) referenceType!: InspectionReferenceType;
  @Column('uuid') referenceId!: string;
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) sampleSize!: string;
  @Column({ type: 'varchar' }) status!: InspectionStatus;
  @Column('jsonb') parameters!: InspectedParameter[];
  @Column({ type: 'uuid', nullable: true }) inspectedBy!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) inspectedAt!: Date | null;
  @Column({ type: 'varchar', nullable: true }) remarks!: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
