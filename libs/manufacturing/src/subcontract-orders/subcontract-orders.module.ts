import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { BomModule } from '../bom';
import { InspectionReferences, QualityInspectionsModule } from '../quality-inspections';
import { subcontractReceiptExists } from './subcontract-queries';
import { SubcontractOrdersService } from './subcontract-orders.service';
import {
  SubcontractOrder,
  SubcontractOrderMaterial,
  SubcontractReceipt,
  SubcontractReceiptMaterial,
} from './subcontract-order.entities';

/** Subcontract orders: materials issued to a supplier warehouse, receipts that consume them. */
@Module({
  imports: [
    BomModule,
    QualityInspectionsModule,
    InventoryModule,
    WebhooksModule,
    TypeOrmModule.forFeature([
      SubcontractOrder,
      SubcontractOrderMaterial,
      SubcontractReceipt,
      SubcontractReceiptMaterial,
    ]),
  ],
  providers: [SubcontractOrdersService],
  exports: [SubcontractOrdersService],
})
export class SubcontractOrdersModule implements OnModuleInit {
  constructor(private readonly inspectionReferences: InspectionReferences) {}

  /** An inspection may refer to a subcontract receipt of its tenant; quality learns that from here. */
  onModuleInit(): void {
    this.inspectionReferences.register('subcontract_receipt', subcontractReceiptExists);
  }
}
