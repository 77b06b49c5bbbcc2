import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { percentColumn, quantityColumn } from '@app/platform';
import { ManufacturingDocument } from '../document.entity';

@Entity('recipes')
export class Recipe extends ManufacturingDocument {
  @Column() code!: string;
  @Column() name!: string;
  @Column(percentColumn) yieldPercent!: string;
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
