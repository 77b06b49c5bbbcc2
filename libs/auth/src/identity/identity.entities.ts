import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MembershipRole } from '@app/platform';

@Entity('orgs')
export class Org {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** An accounting entity of an org (a company or plant); the tenant unit together with its org. */
@Entity('entities')
export class BusinessEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column() name!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() email!: string;
  @Column() name!: string;
  @Column() passwordHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('memberships')
export class Membership {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') userId!: string;
  @Column({ type: 'varchar' }) role!: MembershipRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
