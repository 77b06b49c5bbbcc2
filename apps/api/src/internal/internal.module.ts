import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { InventoryModule } from '@app/inventory';
import { AuthController } from './auth.controller';
import { ItemsController } from './items.controller';
import { MarketplaceAppsController, MarketplaceInstallsController } from './marketplace.controller';
import { OAuthController } from './oauth.controller';
import { OrgsController } from './orgs.controller';
import { StockController } from './stock.controller';
import { WarehousesController } from './warehouses.controller';

/** The HelloBooks frontend's routes: user session tokens, camelCase JSON. */
@Module({
  imports: [AuthModule, InventoryModule],
  controllers: [
    AuthController,
    OrgsController,
    ItemsController,
    WarehousesController,
    StockController,
    OAuthController,
    MarketplaceAppsController,
    MarketplaceInstallsController,
  ],
})
export class InternalModule {}
