import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { WarehouseListQuery, WarehouseModel, WarehousesService } from '@app/inventory';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Warehouses of the install's tenant, read only. */
@ApiTags('public warehouses')
@Controller('public/v1/orgs/:orgId/entities/:entityId/warehouses')
@PublicApi()
@Scopes('inventory:read')
export class PublicWarehousesController {
  constructor(private readonly warehouses: WarehousesService) {}

  @PublicAnswer('List warehouses', [WarehouseModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: WarehouseListQuery) {
    return this.warehouses.list(tenant, query);
  }

  @PublicAnswer('Get a warehouse', WarehouseModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.warehouses.get(tenant, id);
  }
}
