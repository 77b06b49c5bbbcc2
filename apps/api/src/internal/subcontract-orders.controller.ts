import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  CreateSubcontractOrderBody,
  IssueMaterialsBody,
  ReceiveGoodsBody,
  SubcontractOrderListQuery,
  SubcontractOrderModel,
  SubcontractOrdersService,
  UpdateSubcontractOrderBody,
} from '@app/manufacturing';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('subcontract-orders')
@Controller('subcontract-orders')
@InternalApi()
export class SubcontractOrdersController {
  constructor(private readonly orders: SubcontractOrdersService) {}

  @InternalAnswer('Create a subcontract order', SubcontractOrderModel, { errors: [422] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateSubcontractOrderBody) {
    return this.orders.create(tenant, body);
  }

  @InternalAnswer('List subcontract orders', [SubcontractOrderModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: SubcontractOrderListQuery) {
    return this.orders.list(tenant, query);
  }

  @InternalAnswer('Get a subcontract order', SubcontractOrderModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.get(tenant, id);
  }

  /** Draft only; needs the `version` read. */
  @InternalAnswer('Update a Draft subcontract order', SubcontractOrderModel, { errors: [409, 422] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateSubcontractOrderBody) {
    return this.orders.update(tenant, id, body);
  }

  @InternalAnswer('Delete a Draft subcontract order', null, { errors: [422] })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.orders.delete(tenant, id);
  }

  @InternalAnswer('Submit a subcontract order', SubcontractOrderModel, { errors: [409] })
  @Post(':id/submit')
  @HttpCode(200)
  submit(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.submit(tenant, id);
  }

  /** The lines given, or everything still to issue, from the source to the supplier warehouse. */
  @InternalAnswer('Issue materials to the subcontractor', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/issue-materials')
  @HttpCode(200)
  issueMaterials(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: IssueMaterialsBody) {
    return this.orders.issueMaterials(tenant, id, body);
  }

  @InternalAnswer('Receive goods from the subcontractor', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/receive')
  @HttpCode(200)
  receive(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: ReceiveGoodsBody) {
    return this.orders.receive(tenant, id, body);
  }

  /** Closes a PartiallyReceived order early, returning what is left at the supplier. */
  @InternalAnswer('Complete a subcontract order early', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/complete')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.complete(tenant, id);
  }

  @InternalAnswer('Cancel a subcontract order', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.orders.cancel(tenant, id);
  }
}
