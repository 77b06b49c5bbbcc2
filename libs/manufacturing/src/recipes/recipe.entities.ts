import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentStatus } from '../bom/bom.entities';

const readOnlyTimestamp = { type: 'timestamptz', insert: false, update: false } as const;
const quantityColumn = { type: 'numeric', precision: 20, scale: 6 } as const;
const percentColumn = { type: 'numeric', precision: 7, scale: 4 } as const;

@Entity('recipes')
export class Recipe {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column() code!: string;
  @Column() name!: string;
  @Column(percentColumn) yieldPercent!: string;
  @Column({ type: 'varchar' }) status!: DocumentStatus;
  @Column('int') version!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column(readOnlyTimestamp) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}

abstract class RecipeChild {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') entityId!: string;
  @Column('uuid') recipeId!: string;
  @Column('int') position!: number;
}

@Entity('recipe_outputs')
export class RecipeOutput extends RecipeChild {
  @Column('uuid') itemId!: string;
  /** At 100 % yield, per batch. */
  @Column(quantityColumn) quantity!: string;
  @Column() isPrimary!: boolean;
  @Column(percentColumn) costSharePercent!: string;
}

@Entity('recipe_ingredients')
export class RecipeIngredient extends RecipeChild {
  @Column('uuid') itemId!: string;
  @Column(quantityColumn) quantity!: string;
  @Column() uom!: string;
}

@Entity('recipe_steps')
export class RecipeStep extends RecipeChild {
  @Column() name!: string;
  @Column(quantityColumn) minutes!: string;
  @Column({ type: 'numeric', precision: 20, scale: 4 }) hourlyRate!: string;
}
