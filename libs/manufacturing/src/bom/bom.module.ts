import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { Bom, BomByProduct, BomLine, BomOperation } from './bom.entities';
import { BomService } from './bom.service';

/** Bills of materials: CRUD, explosion, where-used and the cost roll-up. */
@Module({
  imports: [InventoryModule, WebhooksModule, TypeOrmModule.forFeature([Bom, BomLine, BomOperation, BomByProduct])],
  providers: [BomService],
  exports: [BomService],
})
export class BomModule {}
