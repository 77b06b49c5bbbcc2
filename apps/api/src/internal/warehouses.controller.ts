import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  CreateWarehouseBody,
  UpdateWarehouseBody,
  WarehouseListQuery,
  WarehouseModel,
  WarehousesService,
} from '@app/inventory';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('warehouses')
@Controller('warehouses')
@InternalApi()
export class WarehousesController {
  constructor(private readonly warehouses: WarehousesService) {}

  @InternalAnswer('Create a warehouse', WarehouseModel, { errors: [409] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateWarehouseBody) {
    return this.warehouses.create(tenant, body);
  }

  @InternalAnswer('List warehouses', [WarehouseModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: WarehouseListQuery) {
    return this.warehouses.list(tenant, query);
  }

  @InternalAnswer('Get a warehouse', WarehouseModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.warehouses.get(tenant, id);
  }

  @InternalAnswer('Update a warehouse', WarehouseModel, { errors: [409] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateWarehouseBody) {
    return this.warehouses.update(tenant, id, body);
  }
}
