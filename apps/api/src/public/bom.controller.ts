import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  BomCost,
  BomExplosion,
  BomListQuery,
  BomModel,
  BomService,
  CreateBomBody,
  ExplosionQuery,
  UpdateBomBody,
  WhereUsedEntry,
  WhereUsedQuery,
} from '@app/manufacturing';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** BOMs of the install's tenant; actions (archive, restore) need `bom:update`. */
@ApiTags('public bom')
@Controller('public/v1/orgs/:orgId/entities/:entityId/bom')
@PublicApi()
export class PublicBomController {
  constructor(private readonly boms: BomService) {}

  @PublicAnswer('Create a BOM', BomModel, { errors: [409, 422] })
  @Post()
  @Scopes('bom:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateBomBody) {
    return this.boms.create(tenant, body);
  }

  @PublicAnswer('List BOMs', [BomModel])
  @Get()
  @Scopes('bom:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: BomListQuery) {
    return this.boms.list(tenant, query);
  }

  @PublicAnswer('Where an item is used', [WhereUsedEntry], { unpaged: true, errors: [422] })
  @Get('where-used')
  @Scopes('bom:read')
  whereUsed(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: WhereUsedQuery) {
    return this.boms.whereUsed(tenant, query.itemId, query.recursive ?? false);
  }

  @PublicAnswer('Get a BOM', BomModel)
  @Get(':id')
  @Scopes('bom:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.get(tenant, id);
  }

  @PublicAnswer('Update a BOM', BomModel, { errors: [409, 422] })
  @Patch(':id')
  @Scopes('bom:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateBomBody) {
    return this.boms.update(tenant, id, body);
  }

  @PublicAnswer('Delete a BOM', null, { errors: [422] })
  @Delete(':id')
  @Scopes('bom:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.boms.delete(tenant, id);
  }

  @PublicAnswer('Archive a BOM', BomModel, { errors: [409] })
  @Post(':id/archive')
  @Scopes('bom:update')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.archive(tenant, id);
  }

  @PublicAnswer('Restore an archived BOM', BomModel, { errors: [409] })
  @Post(':id/restore')
  @Scopes('bom:update')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.restore(tenant, id);
  }

  @PublicAnswer('Explode a BOM into its material requirements', BomExplosion, { errors: [422] })
  @Get(':id/explosion')
  @Scopes('bom:read')
  explosion(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Query() query: ExplosionQuery) {
    return this.boms.explode(tenant, id, query);
  }

  @PublicAnswer('The standard cost of a BOM', BomCost)
  @Get(':id/cost')
  @Scopes('bom:read')
  cost(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.cost(tenant, id);
  }
}
