import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  CreateSubcontractOrderBody,
  IssueMaterialsBody,
  ReceiveGoodsBody,
  SubcontractOrderListQuery,
  SubcontractOrderModel,
  SubcontractOrdersService,
  UpdateSubcontractOrderBody,
} from '@app/manufacturing';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Subcontract orders of the install's tenant; actions need `subcontractOrder:update`. */
@ApiTags('public subcontract-orders')
@Controller('public/v1/orgs/:orgId/entities/:entityId/subcontract-orders')
@PublicApi()
export class PublicSubcontractOrdersController {
  constructor(private readonly orders: SubcontractOrdersService) {}

  @PublicAnswer('Create a subcontract order', SubcontractOrderModel, { errors: [422] })
  @Post()
  @Scopes('subcontractOrder:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateSubcontractOrderBody) {
    return this.orders.create(tenant, body);
  }

  @PublicAnswer('List subcontract orders', [SubcontractOrderModel])
  @Get()
  @Scopes('subcontractOrder:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: SubcontractOrderListQuery) {
    return this.orders.list(tenant, query);
  }

  @PublicAnswer('Get a subcontract order', SubcontractOrderModel)
  @Get(':id')
  @Scopes('subcontractOrder:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.get(tenant, id);
  }

  @PublicAnswer('Update a Draft subcontract order', SubcontractOrderModel, { errors: [409, 422] })
  @Patch(':id')
  @Scopes('subcontractOrder:update')
  update(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: UpdateSubcontractOrderBody,
  ) {
    return this.orders.update(tenant, id, body);
  }

  @PublicAnswer('Delete a Draft subcontract order', null, { errors: [422] })
  @Delete(':id')
  @Scopes('subcontractOrder:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.orders.delete(tenant, id);
  }

  @PublicAnswer('Submit a subcontract order', SubcontractOrderModel, { errors: [409] })
  @Post(':id/submit')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  submit(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.submit(tenant, id);
  }

  @PublicAnswer('Issue materials to the subcontractor', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/issue-materials')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  issueMaterials(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: IssueMaterialsBody,
  ) {
    return this.orders.issueMaterials(tenant, id, body);
  }

  @PublicAnswer('Receive goods from the subcontractor', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/receive')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  receive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: ReceiveGoodsBody) {
    return this.orders.receive(tenant, id, body);
  }

  @PublicAnswer('Complete a subcontract order early', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/complete')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.complete(tenant, id);
  }

  @PublicAnswer('Cancel a subcontract order', SubcontractOrderModel, { errors: [409, 422] })
  @Post(':id/cancel')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.cancel(tenant, id);
  }
}
