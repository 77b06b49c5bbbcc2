import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  CompleteWorkOrderBody,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrderListQuery,
  WorkOrdersService,
} from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Work orders of the install's tenant; state changes (release, complete, cancel) need `workOrder:update`. */
@ApiTags('public work-orders')
@Controller('public/v1/orgs/:orgId/entities/:entityId/work-orders')
@PublicApi()
export class PublicWorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @Post()
  @Scopes('workOrder:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateWorkOrderBody) {
    return this.workOrders.create(tenant, body);
  }

  @Get()
  @Scopes('workOrder:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: WorkOrderListQuery) {
    return this.workOrders.list(tenant, query);
  }

  @Get(':id')
  @Scopes('workOrder:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.get(tenant, id);
  }

  @Patch(':id')
  @Scopes('workOrder:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateWorkOrderBody) {
    return this.workOrders.update(tenant, id, body);
  }

  @Delete(':id')
  @Scopes('workOrder:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.workOrders.delete(tenant, id);
  }

  @Post(':id/release')
  @Scopes('workOrder:update')
  @HttpCode(200)
  release(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.release(tenant, id);
  }

  @Post(':id/complete')
  @Scopes('workOrder:update')
  @HttpCode(200)
  complete(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: CompleteWorkOrderBody,
  ) {
    return this.workOrders.complete(tenant, id, body);
  }

  @Post(':id/cancel')
  @Scopes('workOrder:update')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.cancel(tenant, id);
  }
}
