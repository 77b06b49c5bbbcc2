import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { BomModule } from '../bom';
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
export class SubcontractOrdersModule {}
