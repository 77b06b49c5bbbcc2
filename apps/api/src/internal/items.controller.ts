import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import { CreateItemBody, ItemListQuery, ItemModel, ItemsService, UpdateItemBody } from '@app/inventory';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('items')
@Controller('items')
@InternalApi()
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @InternalAnswer('Create an item', ItemModel, { errors: [409] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateItemBody) {
    return this.items.create(tenant, body);
  }

  @InternalAnswer('List items', [ItemModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: ItemListQuery) {
    return this.items.list(tenant, query);
  }

  @InternalAnswer('Get an item', ItemModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.items.get(tenant, id);
  }

  @InternalAnswer('Update an item', ItemModel, { errors: [409] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateItemBody) {
    return this.items.update(tenant, id, body);
  }
}
