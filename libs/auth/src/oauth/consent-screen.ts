import { Injectable } from '@nestjs/common';
import { AppConsent, AuthorizationRequest, AuthorizationServerService } from '@app/marketplace';
import type { TenantContext } from '@app/platform';
import { IdentityService } from '../identity/identity.service';

export interface ConsentRequest extends AppConsent {
  tenant: { orgId: string; orgName: string; entityId: string; entityName: string };
}

/**
 * What the OAuth consent screen shows: the marketplace checks the request and describes the app, and identity
 * names the tenant the app would be installed into (the marketplace never reads orgs or entities itself).
 */
@Injectable()
export class ConsentScreen {
  constructor(
    private readonly server: AuthorizationServerService,
    private readonly identity: IdentityService,
  ) {}

  async describe(tenant: TenantContext, request: AuthorizationRequest): Promise<ConsentRequest> {
    const { app, scopes, redirectUri, state } = await this.server.describeConsent(request);
    const { orgName, entityName } = await this.identity.tenantNames(tenant);
    return {
      app,
      scopes,
      tenant: { orgId: tenant.orgId, orgName, entityId: tenant.entityId, entityName },
      redirectUri,
      state,
    };
  }
}
