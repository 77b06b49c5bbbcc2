import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { CreateRecipeBody, RecipeListQuery, RecipeModel, RecipeService, UpdateRecipeBody } from '@app/manufacturing';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantItemParams, TenantParams, TenantResourceParams } from './items.dto';

/** Recipes of the install's tenant; actions (archive, restore) need `recipe:update`. */
@ApiTags('public recipes')
@Controller('public/v1/orgs/:orgId/entities/:entityId/recipes')
@PublicApi()
export class PublicRecipesController {
  constructor(private readonly recipes: RecipeService) {}

  @PublicAnswer('Create a recipe', RecipeModel, { errors: [409, 422] })
  @Post()
  @Scopes('recipe:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateRecipeBody) {
    return this.recipes.create(tenant, body);
  }

  @PublicAnswer('List recipes', [RecipeModel])
  @Get()
  @Scopes('recipe:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: RecipeListQuery) {
    return this.recipes.list(tenant, query);
  }

  @PublicAnswer('The active recipes that produce an item', [RecipeModel], { unpaged: true })
  @Get('by-output/:itemId')
  @Scopes('recipe:read')
  byOutput(@Tenant() tenant: TenantContext, @Param() { itemId }: TenantItemParams) {
    return this.recipes.byOutput(tenant, itemId);
  }

  @PublicAnswer('Get a recipe', RecipeModel)
  @Get(':id')
  @Scopes('recipe:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.get(tenant, id);
  }

  @PublicAnswer('Update a recipe', RecipeModel, { errors: [409, 422] })
  @Patch(':id')
  @Scopes('recipe:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateRecipeBody) {
    return this.recipes.update(tenant, id, body);
  }

  @PublicAnswer('Delete a recipe', null, { errors: [422] })
  @Delete(':id')
  @Scopes('recipe:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.recipes.delete(tenant, id);
  }

  @PublicAnswer('Archive a recipe', RecipeModel, { errors: [409] })
  @Post(':id/archive')
  @Scopes('recipe:update')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.archive(tenant, id);
  }

  @PublicAnswer('Restore an archived recipe', RecipeModel, { errors: [409] })
  @Post(':id/restore')
  @Scopes('recipe:update')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.restore(tenant, id);
  }
}
