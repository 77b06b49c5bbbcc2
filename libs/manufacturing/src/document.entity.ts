import { readOnlyTimestamp } from '@app/platform';
import { Column, PrimaryGeneratedColumn } from 'typeorm';

export const DOCUMENT_STATUSES = ['active', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The columns of every document users edit (BOM, recipe): tenant, status, optimistic version, who and when. */
export abstract class ManufacturingDocument {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column({ type: 'varchar' }) status!: DocumentStatus;
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
