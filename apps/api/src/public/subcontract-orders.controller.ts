import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  CreateSubcontractOrderBody,
  IssueMaterialsBody,
  ReceiveGoodsBody,
  SubcontractOrderListQuery,
  SubcontractOrdersService,
  UpdateSubcontractOrderBody,
} from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Subcontract orders of the install's tenant; actions need `subcontractOrder:update`. */
@ApiTags('public subcontract-orders')
@Controller('public/v1/orgs/:orgId/entities/:entityId/subcontract-orders')
@PublicApi()
export class PublicSubcontractOrdersController {
  constructor(private readonly orders: SubcontractOrdersService) {}

  @Post()
  @Scopes('subcontractOrder:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateSubcontractOrderBody) {
    return this.orders.create(tenant, body);
  }

  @Get()
  @Scopes('subcontractOrder:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: SubcontractOrderListQuery) {
    return this.orders.list(tenant, query);
  }

  @Get(':id')
  @Scopes('subcontractOrder:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.get(tenant, id);
  }

  @Patch(':id')
  @Scopes('subcontractOrder:update')
  update(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: UpdateSubcontractOrderBody,
  ) {
    return this.orders.update(tenant, id, body);
  }

  @Delete(':id')
  @Scopes('subcontractOrder:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.orders.delete(tenant, id);
  }

  @Post(':id/submit')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  submit(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.submit(tenant, id);
  }

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

  @Post(':id/receive')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  receive(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: ReceiveGoodsBody) {
    return this.orders.receive(tenant, id, body);
  }

  @Post(':id/complete')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.complete(tenant, id);
  }

  @Post(':id/cancel')
  @Scopes('subcontractOrder:update')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.orders.cancel(tenant, id);
  }
}
