import { ApiDecimal, ApiInteger, ApiUuid, Internal, formatMoney, formatPercent, formatQuantity } from '@app/platform';
import type { DocumentStatus } from '../document.entity';
import type { Recipe, RecipeIngredient, RecipeOutput, RecipeStep } from './recipe.entities';

export class RecipeOutputModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  isPrimary!: boolean;
  @ApiDecimal()
  costSharePercent!: string;
}

export class RecipeIngredientModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  uom!: string;
}

export class RecipeStepModel {
  name!: string;
  @ApiDecimal()
  minutes!: string;
  @ApiDecimal()
  hourlyRate!: string;
}

export class RecipeModel {
  @ApiUuid()
  id!: string;
  code!: string;
  name!: string;
  outputs!: RecipeOutputModel[];
  ingredients!: RecipeIngredientModel[];
  @ApiDecimal()
  yieldPercent!: string;
  steps!: RecipeStepModel[];
  status!: DocumentStatus;
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
  @ApiInteger()
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
  @Internal() updatedBy!: string | null;
}

export interface RecipeChildren {
  outputs: RecipeOutput[];
  ingredients: RecipeIngredient[];
  steps: RecipeStep[];
}

export function toRecipeModel(recipe: Recipe, children: RecipeChildren): RecipeModel {
  return Object.assign(new RecipeModel(), {
    id: recipe.id,
    code: recipe.code,
    name: recipe.name,
    outputs: children.outputs.map((output) =>
      Object.assign(new RecipeOutputModel(), {
        itemId: output.itemId,
        quantity: formatQuantity(output.quantity),
        isPrimary: output.isPrimary,
        costSharePercent: formatPercent(output.costSharePercent),
      }),
    ),
    ingredients: children.ingredients.map((ingredient) =>
      Object.assign(new RecipeIngredientModel(), {
        itemId: ingredient.itemId,
        quantity: formatQuantity(ingredient.quantity),
        uom: ingredient.uom,
      }),
    ),
    yieldPercent: formatPercent(recipe.yieldPercent),
    steps: children.steps.map((step) =>
      Object.assign(new RecipeStepModel(), {
        name: step.name,
        minutes: formatQuantity(step.minutes),
        hourlyRate: formatMoney(step.hourlyRate),
      }),
    ),
    status: recipe.status,
    version: recipe.version,
    createdAt: recipe.createdAt,
    updatedAt: recipe.updatedAt,
    createdBy: recipe.createdBy,
    updatedBy: recipe.updatedBy,
  });
}
