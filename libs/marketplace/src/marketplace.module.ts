import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenStatusCache } from './access-token-status-cache';
import { AccessTokenStatusService } from './access-token-status.service';
import { MarketplaceAppsService } from './apps.service';
import { AuthorizationServerService } from './authorization-server.service';
import { MarketplaceInstallsService } from './installs.service';
import { MarketplaceAppRecord } from './marketplace.entities';

/** Marketplace apps, installs, the OAuth authorization server and the rate-limit policy. */
@Module({
  imports: [TypeOrmModule.forFeature([MarketplaceAppRecord])],
  providers: [
    MarketplaceAppsService,
    MarketplaceInstallsService,
    AuthorizationServerService,
    AccessTokenStatusService,
    AccessTokenStatusCache,
  ],
  exports: [MarketplaceAppsService, MarketplaceInstallsService, AuthorizationServerService, AccessTokenStatusService],
})
export class MarketplaceModule {}
