import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { CreateRecipeBody, RecipeListQuery, RecipeService, UpdateRecipeBody } from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { TenantItemParams, TenantParams, TenantResourceParams } from './items.dto';

/** Recipes of the install's tenant; actions (archive, restore) need `recipe:update`. */
@ApiTags('public recipes')
@Controller('public/v1/orgs/:orgId/entities/:entityId/recipes')
@PublicApi()
export class PublicRecipesController {
  constructor(private readonly recipes: RecipeService) {}

  @Post()
  @Scopes('recipe:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateRecipeBody) {
    return this.recipes.create(tenant, body);
  }

  @Get()
  @Scopes('recipe:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: RecipeListQuery) {
    return this.recipes.list(tenant, query);
  }

  @Get('by-output/:itemId')
  @Scopes('recipe:read')
  byOutput(@Tenant() tenant: TenantContext, @Param() { itemId }: TenantItemParams) {
    return this.recipes.byOutput(tenant, itemId);
  }

  @Get(':id')
  @Scopes('recipe:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.get(tenant, id);
  }

  @Patch(':id')
  @Scopes('recipe:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateRecipeBody) {
    return this.recipes.update(tenant, id, body);
  }

  @Delete(':id')
  @Scopes('recipe:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.recipes.delete(tenant, id);
  }

  @Post(':id/archive')
  @Scopes('recipe:update')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.archive(tenant, id);
  }

  @Post(':id/restore')
  @Scopes('recipe:update')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.recipes.restore(tenant, id);
  }
}
