import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  CreateSubcontractOrderBody,
  IssueMaterialsBody,
  ReceiveGoodsBody,
  SubcontractOrderListQuery,
  SubcontractOrdersService,
  UpdateSubcontractOrderBody,
} from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('subcontract-orders')
@Controller('subcontract-orders')
@InternalApi()
export class SubcontractOrdersController {
  constructor(private readonly orders: SubcontractOrdersService) {}

  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateSubcontractOrderBody) {
    return this.orders.create(tenant, body);
  }

  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: SubcontractOrderListQuery) {
    return this.orders.list(tenant, query);
  }

  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.get(tenant, id);
  }

  /** Draft only; needs the `version` read. */
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateSubcontractOrderBody) {
    return this.orders.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.orders.delete(tenant, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  submit(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.submit(tenant, id);
  }

  /** The lines given, or everything still to issue, from the source to the supplier warehouse. */
  @Post(':id/issue-materials')
  @HttpCode(200)
  issueMaterials(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: IssueMaterialsBody) {
    return this.orders.issueMaterials(tenant, id, body);
  }

  @Post(':id/receive')
  @HttpCode(200)
  receive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: ReceiveGoodsBody) {
    return this.orders.receive(tenant, id, body);
  }

  /** Closes a PartiallyReceived order early, returning what is left at the supplier. */
  @Post(':id/complete')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.complete(tenant, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.cancel(tenant, id);
  }
}
