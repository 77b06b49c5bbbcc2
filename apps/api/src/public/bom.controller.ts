import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  BomListQuery,
  BomService,
  CreateBomBody,
  ExplosionQuery,
  UpdateBomBody,
  WhereUsedQuery,
} from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** BOMs of the install's tenant; actions (archive, restore) need `bom:update`. */
@ApiTags('public bom')
@Controller('public/v1/orgs/:orgId/entities/:entityId/bom')
@PublicApi()
export class PublicBomController {
  constructor(private readonly boms: BomService) {}

  @Post()
  @Scopes('bom:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateBomBody) {
    return this.boms.create(tenant, body);
  }

  @Get()
  @Scopes('bom:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: BomListQuery) {
    return this.boms.list(tenant, query);
  }

  @Get('where-used')
  @Scopes('bom:read')
  whereUsed(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: WhereUsedQuery) {
    return this.boms.whereUsed(tenant, query.itemId, query.recursive ?? false);
  }

  @Get(':id')
  @Scopes('bom:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.get(tenant, id);
  }

  @Patch(':id')
  @Scopes('bom:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateBomBody) {
    return this.boms.update(tenant, id, body);
  }

  @Delete(':id')
  @Scopes('bom:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.boms.delete(tenant, id);
  }

  @Post(':id/archive')
  @Scopes('bom:update')
  @HttpCode(200)
  archive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.archive(tenant, id);
  }

  @Post(':id/restore')
  @Scopes('bom:update')
  @HttpCode(200)
  restore(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.restore(tenant, id);
  }

  @Get(':id/explosion')
  @Scopes('bom:read')
  explosion(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Query() query: ExplosionQuery) {
    return this.boms.explode(tenant, id, query);
  }

  @Get(':id/cost')
  @Scopes('bom:read')
  cost(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.boms.cost(tenant, id);
  }
}
