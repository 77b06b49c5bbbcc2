import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An app registered by a tenant (its developer); it can be installed into any tenant through OAuth. */
@Entity('marketplace_apps')
export class MarketplaceAppRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() name!: string;
  @Column() clientId!: string;
  @Column({ type: 'char', length: 64 }) clientSecretHash!: string;
  @Column('text', { array: true }) redirectUris!: string[];
  @Column('text', { array: true }) scopes!: string[];
  @Column({ type: 'integer', nullable: true }) rateLimit!: number | null;
  @Column({ type: 'integer', nullable: true }) rateLimitWindowSeconds!: number | null;
  /** The operator's grant above the default (`npm run ops:rate-limit`); the owner's override stays within it. */
  @Column({ type: 'integer', nullable: true }) operatorRateLimit!: number | null;
  @Column({ type: 'integer', nullable: true }) operatorRateLimitWindowSeconds!: number | null;
  @Column('uuid') createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
