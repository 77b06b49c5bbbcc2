import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Roles, Tenant } from '@app/auth';
import { MarketplaceAppsService, MarketplaceInstallsService } from '@app/marketplace';
import { IdParams, InternalAnswer, type TenantContext } from '@app/platform';
import { CreateAppDto, UpdateAppDto } from './marketplace.dto';
import { MarketplaceAppAnswer, MarketplaceAppWithSecretAnswer, MarketplaceInstallAnswer } from './answers.dto';

/** Apps the tenant registers as a developer. Writes need an owner or admin. */
@ApiTags('marketplace')
@Controller('marketplace/apps')
@InternalApi()
export class MarketplaceAppsController {
  constructor(private readonly apps: MarketplaceAppsService) {}

  /** The `clientSecret` in this answer is shown once and never again. */
  @InternalAnswer('Register a marketplace app', MarketplaceAppWithSecretAnswer, { errors: [422] })
  @Post()
  @Roles('owner', 'admin')
  register(@Tenant() tenant: TenantContext, @Body() body: CreateAppDto) {
    return this.apps.register(tenant, body);
  }

  @InternalAnswer("List the tenant's apps", [MarketplaceAppAnswer], { unpaged: true })
  @Get()
  async list(@Tenant() tenant: TenantContext) {
    return { data: await this.apps.list(tenant) };
  }

  @InternalAnswer('Get an app', MarketplaceAppAnswer)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.apps.get(tenant, id);
  }

  @InternalAnswer('Update an app', MarketplaceAppAnswer, { errors: [422] })
  @Patch(':id')
  @Roles('owner', 'admin')
  update(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateAppDto) {
    return this.apps.update(tenant, id, body);
  }

  /** A new secret, shown once; the old one stops working at once. */
  @InternalAnswer("Rotate an app's client secret", MarketplaceAppWithSecretAnswer)
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Roles('owner', 'admin')
  rotateSecret(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.apps.rotateSecret(tenant, id);
  }
}

/** Apps installed into the tenant. Uninstalling revokes every token of the install at once. */
@ApiTags('marketplace')
@Controller('marketplace/installs')
@InternalApi()
export class MarketplaceInstallsController {
  constructor(private readonly installs: MarketplaceInstallsService) {}

  @InternalAnswer('List the apps installed in the tenant', [MarketplaceInstallAnswer], { unpaged: true })
  @Get()
  async list(@Tenant() tenant: TenantContext) {
    return { data: await this.installs.list(tenant) };
  }

  @InternalAnswer('Uninstall an app: its tokens stop working at once', null)
  @Delete(':id')
  @HttpCode(204)
  @Roles('owner', 'admin')
  async uninstall(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    await this.installs.uninstall(tenant, id);
  }
}
