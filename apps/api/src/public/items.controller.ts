import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { ItemListQuery, ItemModel, ItemsService } from '@app/inventory';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Items of the install's tenant, read only. */
@ApiTags('public items')
@Controller('public/v1/orgs/:orgId/entities/:entityId/items')
@PublicApi()
@Scopes('inventory:read')
export class PublicItemsController {
  constructor(private readonly items: ItemsService) {}

  @PublicAnswer('List items', [ItemModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: ItemListQuery) {
    return this.items.list(tenant, query);
  }

  @PublicAnswer('Get an item', ItemModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.items.get(tenant, id);
  }
}
