import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { BomModule } from '../bom';
import { InspectionReferences, QualityInspectionsModule } from '../quality-inspections';
import { RecipesModule } from '../recipes';
import { workOrderExists } from './work-order-queries';
import { WorkOrder, WorkOrderItem, WorkOrderOutput } from './work-order.entities';
import { WorkOrdersService } from './work-orders.service';

/** Work orders: release with reservations, atomic completion with costing, cancellation. */
@Module({
  imports: [
    BomModule,
    RecipesModule,
    QualityInspectionsModule,
    InventoryModule,
    WebhooksModule,
    TypeOrmModule.forFeature([WorkOrder, WorkOrderItem, WorkOrderOutput]),
  ],
  providers: [WorkOrdersService],
  exports: [WorkOrdersService],
})
export class WorkOrdersModule implements OnModuleInit {
  constructor(private readonly inspectionReferences: InspectionReferences) {}

  /** An inspection may refer to a work order of its tenant; quality learns that from here, not by importing us. */
  onModuleInit(): void {
    this.inspectionReferences.register('work_order', workOrderExists);
  }
}
