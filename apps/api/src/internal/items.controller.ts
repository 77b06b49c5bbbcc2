import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import { CreateItemBody, ItemListQuery, ItemsService, UpdateItemBody } from '@app/inventory';
import type { TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('items')
@Controller('items')
@InternalApi()
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateItemBody) {
    return this.items.create(tenant, body);
  }

  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: ItemListQuery) {
    return this.items.list(tenant, query);
  }

  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.items.get(tenant, id);
  }

  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateItemBody) {
    return this.items.update(tenant, id, body);
  }
}
