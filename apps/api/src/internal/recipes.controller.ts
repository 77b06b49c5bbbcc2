import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import { CreateRecipeBody, RecipeListQuery, RecipeModel, RecipeService, UpdateRecipeBody } from '@app/manufacturing';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';
import { OutputItemParams } from './recipes.dto';

@ApiTags('recipes')
@Controller('recipes')
@InternalApi()
export class RecipesController {
  constructor(private readonly recipes: RecipeService) {}

  @InternalAnswer('Create a recipe', RecipeModel, { errors: [409, 422] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateRecipeBody) {
    return this.recipes.create(tenant, body);
  }

  @InternalAnswer('List recipes', [RecipeModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: RecipeListQuery) {
    return this.recipes.list(tenant, query);
  }

  /** The active recipes that produce the item (primary or co-product), for planning. */
  @InternalAnswer('The active recipes that produce an item', [RecipeModel], { unpaged: true })
  @Get('by-output/:itemId')
  byOutput(@Tenant() tenant: TenantContext, @Param() { itemId }: OutputItemParams) {
    return this.recipes.byOutput(tenant, itemId);
  }

  @InternalAnswer('Get a recipe', RecipeModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.get(tenant, id);
  }

  @InternalAnswer('Update a recipe', RecipeModel, { errors: [409, 422] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateRecipeBody) {
    return this.recipes.update(tenant, id, body);
  }

  @InternalAnswer('Delete a recipe', null, { errors: [422] })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.recipes.delete(tenant, id);
  }

  @InternalAnswer('Archive a recipe', RecipeModel, { errors: [409] })
  @Post(':id/archive')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.archive(tenant, id);
  }

  @InternalAnswer('Restore an archived recipe', RecipeModel, { errors: [409] })
  @Post(':id/restore')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.recipes.restore(tenant, id);
  }
}
