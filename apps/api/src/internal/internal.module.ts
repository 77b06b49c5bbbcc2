import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { InventoryModule } from '@app/inventory';
import { ManufacturingModule } from '@app/manufacturing';
import { AuthController } from './auth.controller';
import { BomController } from './bom.controller';
import { ItemsController } from './items.controller';
import { MarketplaceAppsController, MarketplaceInstallsController } from './marketplace.controller';
import { OAuthController, OAuthDiscoveryController } from './oauth.controller';
import { OrgsController } from './orgs.controller';
import { RecipesController } from './recipes.controller';
import { StockController } from './stock.controller';
import { WarehousesController } from './warehouses.controller';

/** The HelloBooks frontend's routes: user session tokens, camelCase JSON. */
@Module({
  imports: [AuthModule, InventoryModule, ManufacturingModule],
  controllers: [
    AuthController,
    OrgsController,
    ItemsController,
    WarehousesController,
    StockController,
    BomController,
    RecipesController,
    OAuthController,
    OAuthDiscoveryController,
    MarketplaceAppsController,
    MarketplaceInstallsController,
  ],
})
export class InternalModule {}
