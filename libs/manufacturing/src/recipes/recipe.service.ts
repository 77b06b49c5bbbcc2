import { Injectable } from '@nestjs/common';
import { ItemFacts, itemFacts } from '@app/inventory';
import {
  actorId,
  ApiError,
  Dec,
  findInTenant,
  formatPercent,
  Page,
  PageRequest,
  sumDecimals,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { EntityManager } from 'typeorm';
import type { DocumentStatus } from '../document.entity';
import { generatedCodePrefix, nextFreeCode } from '../document-codes';
import { assertVersion } from '../document-version';
import { deleteUnlessReferenced } from '../document-references';
import { childRowsByParent, nextRevision, replaceChildRows, transitionDocument } from '../document-rows';
import { recipeReads } from './recipe-queries';
import { Recipe, RecipeIngredient, RecipeOutput, RecipeStep } from './recipe.entities';
import type {
  CreateRecipeBody,
  RecipeIngredientBody,
  RecipeOutputBody,
  RecipeStepBody,
  UpdateRecipeBody,
} from './recipe.dto';
import { RecipeChildren, RecipeModel, toRecipeModel } from './recipe.models';

export interface RecipeFilter extends PageRequest {
  status?: DocumentStatus;
}

/**
 * The outputs rule: exactly one primary, each item once, co-products' cost shares at most 100 in all. The primary
 * takes the rest of the cost, so its `costSharePercent` is stored as 100 − Σ co-product shares.
 */
function normalisedOutputs(outputs: RecipeOutputBody[], ingredients: { itemId: string }[]): RecipeOutputBody[] {
  const primaries = outputs.filter((output) => output.isPrimary);
  if (primaries.length !== 1) {
    throw ApiError.unprocessable(`A recipe has exactly one primary output; this one has ${primaries.length}.`);
  }
  if (new Set(outputs.map((output) => output.itemId)).size !== outputs.length) {
    throw ApiError.unprocessable('An item appears twice among the outputs.');
  }
  const outputItems = new Set(outputs.map((output) => output.itemId));
  if (ingredients.some((ingredient) => outputItems.has(ingredient.itemId))) {
    throw ApiError.unprocessable('An output of a recipe cannot also be one of its ingredients.');
  }
  const coShares = sumDecimals(outputs.filter((o) => !o.isPrimary).map((o) => o.costSharePercent ?? '0'));
  if (coShares.gt(100)) {
    throw ApiError.unprocessable('The cost shares of the co-products add up to more than 100 %.');
  }
  return outputs.map((output) => ({
    ...output,
    costSharePercent: output.isPrimary ? formatPercent(new Dec(100).minus(coShares)) : (output.costSharePercent ?? '0'),
  }));
}

/** Recipes (process manufacturing): outputs with co-products, ingredients, a yield and steps. */
@Injectable()
export class RecipeService {
  constructor(private readonly transactions: Transactions) {}

  async create(tenant: TenantContext, input: CreateRecipeBody): Promise<RecipeModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates the recipe in the caller's unit of work (the demo seed). */
  async createWithin(unitOfWork: UnitOfWork, tenant: TenantContext, input: CreateRecipeBody): Promise<RecipeModel> {
    const { manager } = unitOfWork;
    const outputs = normalisedOutputs(input.outputs, input.ingredients);
    const items = await itemFacts(manager, tenant, [
      ...outputs.map((output) => output.itemId),
      ...input.ingredients.map((ingredient) => ingredient.itemId),
    ]);
    const primary = outputs.find((output) => output.isPrimary)!;
    const code =
      input.code ??
      (await nextFreeCode(manager, tenant, 'recipes', generatedCodePrefix('RCP', items.get(primary.itemId)!.sku)));
    const recipe = await manager.save(
      manager.create(Recipe, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        code,
        name: input.name,
        yieldPercent: input.yieldPercent ?? '100',
        status: 'active',
        version: 1,
        createdBy: actorId(tenant),
        updatedBy: actorId(tenant),
      }),
    );
    await this.writeChildren(manager, tenant, recipe.id, items, { ...input, outputs });
    return this.model(manager, tenant, recipe.id);
  }

  async list(tenant: TenantContext, filter: RecipeFilter): Promise<Page<RecipeModel>> {
    return recipeReads.page(this.transactions.reader, tenant, filter);
  }

  async get(tenant: TenantContext, id: string): Promise<RecipeModel> {
    return this.model(this.transactions.reader, tenant, id);
  }

  /** The active recipes that produce an item, as the primary output or a co-product. */
  async byOutput(tenant: TenantContext, itemId: string): Promise<{ data: RecipeModel[] }> {
    const manager = this.transactions.reader;
    await itemFacts(manager, tenant, [itemId], () => ApiError.notFound('item'));
    const recipes = await manager
      .createQueryBuilder(Recipe, 'r')
      .where(`r.org_id = :orgId AND r.entity_id = :entityId AND r.status = 'active'`, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
      })
      .andWhere(
        `EXISTS (SELECT 1 FROM recipe_outputs o
                 WHERE o.org_id = r.org_id AND o.entity_id = r.entity_id AND o.recipe_id = r.id AND o.item_id = :itemId)`,
        { itemId },
      )
      .orderBy('r.created_at')
      .addOrderBy('r.id')
      .getMany();
    return { data: await this.withChildren(manager, tenant, recipes) };
  }

  async update(tenant: TenantContext, id: string, input: UpdateRecipeBody): Promise<RecipeModel> {
    return this.transactions.run(async ({ manager }) => {
      const recipe = await findInTenant(manager, Recipe, tenant, id, 'recipe', true);
      assertVersion('recipe', recipe.version, input.version);
      const current = await this.model(manager, tenant, id);
      const ingredients = input.ingredients ?? current.ingredients;
      const outputs =
        input.outputs || input.ingredients
          ? normalisedOutputs(input.outputs ?? current.outputs, ingredients)
          : undefined;
      const items = await itemFacts(manager, tenant, [
        ...(input.outputs ?? []).map((output) => output.itemId),
        ...(input.ingredients ?? []).map((ingredient) => ingredient.itemId),
      ]);
      await manager.update(
        Recipe,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          ...(input.code !== undefined && { code: input.code }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.yieldPercent !== undefined && { yieldPercent: input.yieldPercent }),
          ...nextRevision(recipe, tenant),
        },
      );
      await this.writeChildren(manager, tenant, id, items, {
        outputs: input.outputs ? outputs : undefined,
        ingredients: input.ingredients,
        steps: input.steps,
      });
      return this.model(manager, tenant, id);
    });
  }

  async archive(tenant: TenantContext, id: string): Promise<RecipeModel> {
    return this.transition(tenant, id, 'active', 'archived');
  }

  async restore(tenant: TenantContext, id: string): Promise<RecipeModel> {
    return this.transition(tenant, id, 'archived', 'active');
  }

  /**
   * The recipe a work order of `itemId` follows: active and making the item as its primary output (`422`
   * otherwise; an unknown id is a `404`). Read with the caller's manager, inside the document's transaction.
   */
  async forProduction(manager: EntityManager, tenant: TenantContext, itemId: string, id: string): Promise<RecipeModel> {
    const recipe = await findInTenant(manager, Recipe, tenant, id, 'recipe');
    if (recipe.status !== 'active') throw ApiError.unprocessable('The recipe is archived; restore it or name another.');
    const [model] = await this.withChildren(manager, tenant, [recipe]);
    if (!model.outputs.some((output) => output.isPrimary && output.itemId === itemId)) {
      throw ApiError.unprocessable("The recipe's primary output is another item than the one ordered.");
    }
    return model;
  }

  /** Deletes a recipe; one that a work order follows is a `422`: archive it. */
  async delete(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      await findInTenant(manager, Recipe, tenant, id, 'recipe', true);
      await deleteUnlessReferenced('recipe', () =>
        manager.delete(Recipe, { id, orgId: tenant.orgId, entityId: tenant.entityId }),
      );
    });
  }

  private async transition(
    tenant: TenantContext,
    id: string,
    from: DocumentStatus,
    to: DocumentStatus,
  ): Promise<RecipeModel> {
    return this.transactions.run(async ({ manager }) => {
      const recipe = await findInTenant(manager, Recipe, tenant, id, 'recipe', true);
      await transitionDocument(manager, Recipe, tenant, recipe, { from, to, what: 'recipe' });
      return this.model(manager, tenant, id);
    });
  }

  private async writeChildren(
    manager: EntityManager,
    tenant: TenantContext,
    recipeId: string,
    items: Map<string, ItemFacts>,
    input: { outputs?: RecipeOutputBody[]; ingredients?: RecipeIngredientBody[]; steps?: RecipeStepBody[] },
  ): Promise<void> {
    const owner = { orgId: tenant.orgId, entityId: tenant.entityId, recipeId };
    await replaceChildRows(
      manager,
      RecipeOutput,
      owner,
      input.outputs?.map((output) => ({
        itemId: output.itemId,
        quantity: output.quantity,
        isPrimary: output.isPrimary,
        costSharePercent: output.costSharePercent ?? '0',
      })),
    );
    await replaceChildRows(
      manager,
      RecipeIngredient,
      owner,
      input.ingredients?.map((ingredient) => ({
        itemId: ingredient.itemId,
        quantity: ingredient.quantity,
        uom: ingredient.uom ?? items.get(ingredient.itemId)!.uom,
      })),
    );
    await replaceChildRows(
      manager,
      RecipeStep,
      owner,
      input.steps?.map((step) => ({ name: step.name, minutes: step.minutes, hourlyRate: step.hourlyRate ?? '0' })),
    );
  }

  private model(manager: EntityManager, tenant: TenantContext, id: string): Promise<RecipeModel> {
    return recipeReads.one(manager, tenant, id);
  }

  private async withChildren(manager: EntityManager, tenant: TenantContext, recipes: Recipe[]): Promise<RecipeModel[]> {
    const byRecipe = await childRowsByParent<RecipeChildren>(
      manager,
      tenant,
      'recipeId',
      recipes.map((recipe) => recipe.id),
      { outputs: RecipeOutput, ingredients: RecipeIngredient, steps: RecipeStep },
    );
    return recipes.map((recipe) => toRecipeModel(recipe, byRecipe.get(recipe.id)!));
  }
}
