import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { InventoryModule } from '@app/inventory';
import { BomModule, RecipesModule, SubcontractOrdersModule } from '@app/manufacturing';
import { AuthController } from './auth.controller';
import { BomController } from './bom.controller';
import { ItemsController } from './items.controller';
import { MarketplaceAppsController, MarketplaceInstallsController } from './marketplace.controller';
import { OAuthController } from './oauth.controller';
import { OrgsController } from './orgs.controller';
import { RecipesController } from './recipes.controller';
import { StockController } from './stock.controller';
import { SubcontractOrdersController } from './subcontract-orders.controller';
import { WarehousesController } from './warehouses.controller';

/** The HelloBooks frontend's routes: user session tokens, camelCase JSON. */
@Module({
  imports: [AuthModule, InventoryModule, BomModule, RecipesModule, SubcontractOrdersModule],
  controllers: [
    AuthController,
    OrgsController,
    ItemsController,
    WarehousesController,
    StockController,
    BomController,
    RecipesController,
    SubcontractOrdersController,
    OAuthController,
    MarketplaceAppsController,
    MarketplaceInstallsController,
  ],
})
export class InternalModule {}
