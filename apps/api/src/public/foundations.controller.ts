import { All, Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { MarketplaceCaller, MarketplaceCallerInfo, PublicApi, ScopeFree, Tenant } from '@app/auth';
import { ApiError, TenantContext } from '@app/platform';

/** The public API's own routes: a liveness check and who the calling app is. Any valid marketplace token. */
@ApiTags('public')
@Controller('public/v1')
@PublicApi()
@ScopeFree()
export class PublicFoundationsController {
  @Get('health')
  health() {
    return { status: 'ok', time: new Date().toISOString() };
  }

  /** The install behind the token: app, tenant, granted scopes and when the token expires. */
  @Get('me')
  me(@Tenant() tenant: TenantContext, @MarketplaceCaller() caller: MarketplaceCallerInfo) {
    return {
      installId: caller.installId,
      clientId: caller.clientId,
      app: { id: caller.appId, name: caller.appName },
      orgId: tenant.orgId,
      entityId: tenant.entityId,
      scopes: caller.scopes,
      tokenExpiresAt: caller.expiresAt,
    };
  }
}

function notYetBuilt(resource: string, ticket: string): ApiError {
  return new ApiError(
    HttpStatus.NOT_IMPLEMENTED,
    'not_implemented',
    `The public ${resource} API is planned but not built yet.`,
    { ticket },
  );
}

const TENANT_PATH = 'public/v1/orgs/:orgId/entities/:entityId';

/**
 * Curated routes that are announced but not built: every method and sub-path answers `501 not_implemented` with the
 * ticket that tracks it, after the usual token, rate-limit and tenant checks.
 */
@ApiTags('public')
@Controller(TENANT_PATH)
@PublicApi()
// The 501 answer is the same for every app: no scope to ask for until the resource is built.
@ScopeFree()
export class PublicPlannedResourcesController {
  @All(['invoices', 'invoices/*rest'])
  invoices(): never {
    throw notYetBuilt('invoices', 'HB-PUBLIC-INVOICES');
  }

  @All(['bills', 'bills/*rest'])
  bills(): never {
    throw notYetBuilt('bills', 'HB-PUBLIC-BILLS');
  }

  @All(['customers', 'customers/*rest'])
  customers(): never {
    throw notYetBuilt('customers', 'HB-PUBLIC-CUSTOMERS');
  }
}
