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
import { AuthController } from './auth.controller';
import { BomController } from './bom.controller';
import { ItemsController } from './items.controller';
import { MarketplaceAppsController, MarketplaceInstallsController } from './marketplace.controller';
import { ManufacturingReportsController } from './manufacturing-reports.controller';
import { OAuthController, OAuthDiscoveryController } from './oauth.controller';
import { OrgsController } from './orgs.controller';
import { QualityInspectionsController } from './quality-inspections.controller';
import { RecipesController } from './recipes.controller';
import { StockController } from './stock.controller';
import { SubcontractOrdersController } from './subcontract-orders.controller';
import { WarehousesController } from './warehouses.controller';
import { WorkOrdersController } from './work-orders.controller';

/** The HelloBooks frontend's routes: user session tokens, camelCase JSON. */
@Module({
  imports: [
    AuthModule,
    InventoryModule,
    BomModule,
    RecipesModule,
    QualityInspectionsModule,
    WorkOrdersModule,
    SubcontractOrdersModule,
    ManufacturingReportsModule,
  ],
  controllers: [
    AuthController,
    OrgsController,
    ItemsController,
    WarehousesController,
    StockController,
    BomController,
    RecipesController,
    QualityInspectionsController,
    WorkOrdersController,
    SubcontractOrdersController,
    ManufacturingReportsController,
    OAuthController,
    OAuthDiscoveryController,
    MarketplaceAppsController,
    MarketplaceInstallsController,
  ],
})
export class InternalModule {}
