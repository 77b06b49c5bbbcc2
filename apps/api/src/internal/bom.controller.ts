import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
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
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('bom')
@Controller('bom')
@InternalApi()
export class BomController {
  constructor(private readonly boms: BomService) {}

  @InternalAnswer('Create a BOM', BomModel, { errors: [409, 422] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateBomBody) {
    return this.boms.create(tenant, body);
  }

  @InternalAnswer('List BOMs', [BomModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: BomListQuery) {
    return this.boms.list(tenant, query);
  }

  /** Every active BOM that uses the item, directly (level 1) or through sub-assemblies (`recursive=true`). */
  @InternalAnswer('Where an item is used', [WhereUsedEntry], { unpaged: true, errors: [422] })
  @Get('where-used')
  whereUsed(@Tenant() tenant: TenantContext, @Query() query: WhereUsedQuery) {
    return this.boms.whereUsed(tenant, query.itemId, query.recursive ?? false);
  }

  @InternalAnswer('Get a BOM', BomModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.get(tenant, id);
  }

  /** Needs the `version` read; lists sent replace the stored ones. */
  @InternalAnswer('Update a BOM', BomModel, { errors: [409, 422] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateBomBody) {
    return this.boms.update(tenant, id, body);
  }

  @InternalAnswer('Delete a BOM', null, { errors: [422] })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.boms.delete(tenant, id);
  }

  @InternalAnswer('Archive a BOM', BomModel, { errors: [409] })
  @Post(':id/archive')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.archive(tenant, id);
  }

  @InternalAnswer('Restore an archived BOM', BomModel, { errors: [409] })
  @Post(':id/restore')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.restore(tenant, id);
  }

  /** Multi-level material requirements, with availability when a warehouse is given. */
  @InternalAnswer('Explode a BOM into its material requirements', BomExplosion, { errors: [422] })
  @Get(':id/explosion')
  explosion(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Query() query: ExplosionQuery) {
    return this.boms.explode(tenant, id, query);
  }

  /** Standard cost per unit of the BOM's item, sub-assemblies rolled up. */
  @InternalAnswer('The standard cost of a BOM', BomCost)
  @Get(':id/cost')
  cost(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.cost(tenant, id);
  }
}
