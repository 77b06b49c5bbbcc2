import { All, Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { MarketplaceCaller, MarketplaceCallerInfo, PublicApi, ScopeFree, Tenant } from '@app/auth';
import { ApiError, PublicAnswer, TenantContext } from '@app/platform';
import { HealthCheckAnswer, InstallCallerAnswer } from './answers.dto';

/** The public API's own routes: a liveness check and who the calling app is. Any valid marketplace token. */
@ApiTags('public')
@Controller('public/v1')
@PublicApi()
@ScopeFree()
export class PublicFoundationsController {
  @PublicAnswer('Check the API and the token', HealthCheckAnswer)
  @Get('health')
  health() {
    return { status: 'ok', time: new Date().toISOString() };
  }

  /** The install behind the token: app, tenant, granted scopes and when the token expires. */
  @PublicAnswer('The install behind the token', InstallCallerAnswer)
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
  @PublicAnswer('Invoices: planned, not built yet', null, { errors: [501] })
  @All(['invoices', 'invoices/*rest'])
  invoices(): never {
    throw notYetBuilt('invoices', 'HB-PUBLIC-INVOICES');
  }

  @PublicAnswer('Bills: planned, not built yet', null, { errors: [501] })
  @All(['bills', 'bills/*rest'])
  bills(): never {
    throw notYetBuilt('bills', 'HB-PUBLIC-BILLS');
  }

  @PublicAnswer('Customers: planned, not built yet', null, { errors: [501] })
  @All(['customers', 'customers/*rest'])
  customers(): never {
    throw notYetBuilt('customers', 'HB-PUBLIC-CUSTOMERS');
  }
}
