import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { BomModule } from '../bom';
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
})
export class SubcontractOrdersModule {}
