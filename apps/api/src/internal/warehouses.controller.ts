import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import { CreateWarehouseBody, UpdateWarehouseBody, WarehouseListQuery, WarehousesService } from '@app/inventory';
import type { TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('warehouses')
@Controller('warehouses')
@InternalApi()
export class WarehousesController {
  constructor(private readonly warehouses: WarehousesService) {}

  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateWarehouseBody) {
    return this.warehouses.create(tenant, body);
  }

  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: WarehouseListQuery) {
    return this.warehouses.list(tenant, query);
  }

  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.warehouses.get(tenant, id);
  }

  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateWarehouseBody) {
    return this.warehouses.update(tenant, id, body);
  }
}
