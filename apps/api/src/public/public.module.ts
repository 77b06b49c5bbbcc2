import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { InventoryModule } from '@app/inventory';
import {
  BomModule,
  ManufacturingReportsModule,
  QualityInspectionsModule,
  RecipesModule,
  SubcontractOrdersModule,
  WorkOrdersModule,
} from '@app/manufacturing';
import { WebhooksModule } from '@app/webhooks';
import { PublicBomController } from './bom.controller';
import { PublicFoundationsController, PublicPlannedResourcesController } from './foundations.controller';
import { PublicItemsController } from './items.controller';
import { PublicManufacturingReportsController } from './manufacturing-reports.controller';
import { PublicQualityInspectionsController } from './quality-inspections.controller';
import { PublicRecipesController } from './recipes.controller';
import { PublicStockController } from './stock.controller';
import { PublicSubcontractOrdersController } from './subcontract-orders.controller';
import { PublicWarehousesController } from './warehouses.controller';
import { PublicWorkOrdersController } from './work-orders.controller';
import { PublicWebhooksController } from './webhooks.controller';

/** `/public/v1`: marketplace access tokens, the install's tenant and scopes, snake_case JSON. */
@Module({
  imports: [
    AuthModule,
    WebhooksModule,
    InventoryModule,
    BomModule,
    RecipesModule,
    QualityInspectionsModule,
    WorkOrdersModule,
    SubcontractOrdersModule,
    ManufacturingReportsModule,
  ],
  controllers: [
    PublicFoundationsController,
    PublicPlannedResourcesController,
    PublicWebhooksController,
    PublicItemsController,
    PublicWarehousesController,
    PublicStockController,
    PublicBomController,
    PublicRecipesController,
    PublicQualityInspectionsController,
    PublicWorkOrdersController,
    PublicSubcontractOrdersController,
    PublicManufacturingReportsController,
  ],
})
export class PublicModule {}
