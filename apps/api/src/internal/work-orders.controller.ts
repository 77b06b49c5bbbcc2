import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  CompleteWorkOrderBody,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrderListQuery,
  WorkOrderModel,
  WorkOrdersService,
} from '@app/manufacturing';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

@ApiTags('work-orders')
@Controller('work-orders')
@InternalApi()
export class WorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @InternalAnswer('Create a work order', WorkOrderModel, { errors: [422] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateWorkOrderBody) {
    return this.workOrders.create(tenant, body);
  }

  @InternalAnswer('List work orders', [WorkOrderModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: WorkOrderListQuery) {
    return this.workOrders.list(tenant, query);
  }

  @InternalAnswer('Get a work order', WorkOrderModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.workOrders.get(tenant, id);
  }

  /** Draft orders only, with the `version` read. */
  @InternalAnswer('Update a Draft work order', WorkOrderModel, { errors: [409, 422] })
  @Patch(':id')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateWorkOrderBody) {
    return this.workOrders.update(tenant, id, body);
  }

  @InternalAnswer('Delete a Draft work order', null, { errors: [422] })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.workOrders.delete(tenant, id);
  }

  @InternalAnswer('Release a work order', WorkOrderModel, { errors: [409, 422] })
  @Post(':id/release')
  @HttpCode(200)
  release(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.workOrders.release(tenant, id);
  }

  @InternalAnswer('Complete a work order', WorkOrderModel, { errors: [409, 422] })
  @Post(':id/complete')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: CompleteWorkOrderBody) {
    return this.workOrders.complete(tenant, id, body);
  }

  @InternalAnswer('Cancel a work order', WorkOrderModel, { errors: [409] })
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.workOrders.cancel(tenant, id);
  }
}
