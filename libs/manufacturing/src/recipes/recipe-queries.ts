import { documentReads, type DocumentShape } from '../document-reads';
import type { Recipe } from './recipe.entities';
import { type RecipeChildren, type RecipeModel, toRecipeModel } from './recipe.models';

/** A recipe with its outputs, ingredients and steps, as one row. */
const SHAPE: DocumentShape = {
  table: 'recipes',
  filters: { status: 'status' },
  columns: { code: 'code', name: 'name', yieldPercent: 'yield_percent' },
  parentKey: { property: 'recipeId', column: 'recipe_id' },
  children: {
    outputs: {
      table: 'recipe_outputs',
      columns: {
        itemId: 'item_id',
        quantity: 'quantity::text',
        isPrimary: 'is_primary',
        costSharePercent: 'cost_share_percent::text',
      },
    },
    ingredients: {
      table: 'recipe_ingredients',
      columns: { itemId: 'item_id', quantity: 'quantity::text', uom: 'uom' },
    },
    steps: {
      table: 'recipe_steps',
      columns: { name: 'name', minutes: 'minutes::text', hourlyRate: 'hourly_rate::text' },
    },
  },
};

type RecipeRow = Recipe & RecipeChildren & Record<string, unknown>;

/** A recipe with its children by id (`404` when not the tenant's) and a page of them, each in one round trip. */
export const recipeReads = documentReads(SHAPE, 'recipe', (row: RecipeRow): RecipeModel => toRecipeModel(row, row));
