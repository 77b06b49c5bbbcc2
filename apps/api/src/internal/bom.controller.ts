import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  BomListQuery,
  BomService,
  CreateBomBody,
  ExplosionQuery,
  UpdateBomBody,
  WhereUsedQuery,
} from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('bom')
@Controller('bom')
@InternalApi()
export class BomController {
  constructor(private readonly boms: BomService) {}

  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateBomBody) {
    return this.boms.create(tenant, body);
  }

  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: BomListQuery) {
    return this.boms.list(tenant, query);
  }

  /** Every active BOM that uses the item, directly (level 1) or through sub-assemblies (`recursive=true`). */
  @Get('where-used')
  whereUsed(@Tenant() tenant: TenantContext, @Query() query: WhereUsedQuery) {
    return this.boms.whereUsed(tenant, query.itemId, query.recursive ?? false);
  }

  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.get(tenant, id);
  }

  /** Needs the `version` read; lists sent replace the stored ones. */
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateBomBody) {
    return this.boms.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.boms.delete(tenant, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.archive(tenant, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.restore(tenant, id);
  }

  /** Multi-level material requirements, with availability when a warehouse is given. */
  @Get(':id/explosion')
  explosion(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Query() query: ExplosionQuery) {
    return this.boms.explode(tenant, id, query);
  }

  /** Standard cost per unit of the BOM's item, sub-assemblies rolled up. */
  @Get(':id/cost')
  cost(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.boms.cost(tenant, id);
  }
}
