import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { BomModule } from '../bom';
import { RecipesModule } from '../recipes';
import { WorkOrder, WorkOrderItem, WorkOrderOutput } from './work-order.entities';
import { WorkOrdersService } from './work-orders.service';

/** Work orders: release with reservations, atomic completion with costing, cancellation. */
@Module({
  imports: [
    BomModule,
    RecipesModule,
    InventoryModule,
    WebhooksModule,
    TypeOrmModule.forFeature([WorkOrder, WorkOrderItem, WorkOrderOutput]),
  ],
  providers: [WorkOrdersService],
  exports: [WorkOrdersService],
})
export class WorkOrdersModule {}
