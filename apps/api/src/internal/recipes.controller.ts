import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import { CreateRecipeBody, RecipeListQuery, RecipeService, UpdateRecipeBody } from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { IdParams } from './items.dto';
import { OutputItemParams } from './recipes.dto';

@ApiTags('recipes')
@Controller('recipes')
@InternalApi()
export class RecipesController {
  constructor(private readonly recipes: RecipeService) {}

  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateRecipeBody) {
    return this.recipes.create(tenant, body);
  }

  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: RecipeListQuery) {
    return this.recipes.list(tenant, query);
  }

  /** The active recipes that produce the item (primary or co-product), for planning. */
  @Get('by-output/:itemId')
  byOutput(@Tenant() tenant: TenantContext, @Param() { itemId }: OutputItemParams) {
    return this.recipes.byOutput(tenant, itemId);
  }

  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.get(tenant, id);
  }

  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateRecipeBody) {
    return this.recipes.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.recipes.delete(tenant, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.archive(tenant, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.restore(tenant, id);
  }
}
