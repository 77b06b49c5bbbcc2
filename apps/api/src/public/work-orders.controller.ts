import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  CompleteWorkOrderBody,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrderListQuery,
  WorkOrderModel,
  WorkOrdersService,
} from '@app/manufacturing';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Work orders of the install's tenant; state changes (release, complete, cancel) need `workOrder:update`. */
@ApiTags('public work-orders')
@Controller('public/v1/orgs/:orgId/entities/:entityId/work-orders')
@PublicApi()
export class PublicWorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @PublicAnswer('Create a work order', WorkOrderModel, { errors: [422] })
  @Post()
  @Scopes('workOrder:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateWorkOrderBody) {
    return this.workOrders.create(tenant, body);
  }

  @PublicAnswer('List work orders', [WorkOrderModel])
  @Get()
  @Scopes('workOrder:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: WorkOrderListQuery) {
    return this.workOrders.list(tenant, query);
  }

  @PublicAnswer('Get a work order', WorkOrderModel)
  @Get(':id')
  @Scopes('workOrder:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.get(tenant, id);
  }

  @PublicAnswer('Update a Draft work order', WorkOrderModel, { errors: [409, 422] })
  @Patch(':id')
  @Scopes('workOrder:update')
  update(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams, @Body() body: UpdateWorkOrderBody) {
    return this.workOrders.update(tenant, id, body);
  }

  @PublicAnswer('Delete a Draft work order', null, { errors: [422] })
  @Delete(':id')
  @Scopes('workOrder:delete')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.workOrders.delete(tenant, id);
  }

  @PublicAnswer('Release a work order', WorkOrderModel, { errors: [409, 422] })
  @Post(':id/release')
  @Scopes('workOrder:update')
  @HttpCode(200)
  release(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.release(tenant, id);
  }

  @PublicAnswer('Complete a work order', WorkOrderModel, { errors: [409, 422] })
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

  @PublicAnswer('Cancel a work order', WorkOrderModel, { errors: [409] })
  @Post(':id/cancel')
  @Scopes('workOrder:update')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.workOrders.cancel(tenant, id);
  }
}
