import { Injectable } from '@nestjs/common';
import { AccessTokenStatusService } from '@app/marketplace';
import { ApiError, AppConfig, MARKETPLACE_TOKEN_AUDIENCE, TenantContext, USER_TOKEN_AUDIENCE } from '@app/platform';
import type { Request } from 'express';
import type { MarketplaceTokenClaims } from './marketplace-jwt.issuer';
import { BearerJwtStrategy } from './bearer-jwt.strategy';

export const MARKETPLACE_JWT_STRATEGY = 'marketplace-jwt';

/** What the public layer knows about the app calling it; `@MarketplaceCaller()` hands it to a handler. */
export interface MarketplaceCallerInfo {
  installId: string;
  clientId: string;
  appId: string;
  appName: string;
  scopes: string[];
  expiresAt: Date;
  rateLimit: { limit: number; windowSeconds: number };
}

export type MarketplaceRequest = Request & { user?: TenantContext; marketplaceCaller?: MarketplaceCallerInfo };

export function tokenRevoked(): ApiError {
  return new ApiError(
    401,
    'token_revoked',
    'This access token was revoked or its app was uninstalled.',
    {},
    { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  );
}

/**
 * Verifies a marketplace access token: signature and expiry, then its audience (a user session token is turned
 * away here), then that the token, its family and its install are still live and of the token's tenant, and takes
 * the scopes the install still holds.
 */
@Injectable()
export class MarketplaceJwtStrategy extends BearerJwtStrategy<MarketplaceTokenClaims>(MARKETPLACE_JWT_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly tokenStatus: AccessTokenStatusService,
  ) {
    super(config);
  }

  protected async authorize(request: MarketplaceRequest, claims: MarketplaceTokenClaims): Promise<TenantContext> {
    const audiences = ([] as string[]).concat(claims.aud);
    if (audiences.includes(USER_TOKEN_AUDIENCE)) {
      throw new ApiError(
        401,
        'invalid_token_audience',
        'User session tokens cannot be used on /public/v1; use a marketplace access token.',
      );
    }
    if (!audiences.includes(MARKETPLACE_TOKEN_AUDIENCE)) {
      throw new ApiError(401, 'invalid_token_audience', 'This token is not a marketplace access token.');
    }
    const status =
      typeof claims.jti === 'string' ? await this.tokenStatus.lookup(claims.jti, claims.exp * 1000) : undefined;
    // The install's tenant is checked as well as its id (defence in depth: a token never names another tenant).
    if (
      !status ||
      status.installId !== claims.sub ||
      status.clientId !== claims.client_id ||
      status.orgId !== claims.org_id ||
      status.entityId !== claims.entity_id
    ) {
      throw ApiError.unauthorized('The bearer token is not valid.');
    }
    if (!status.active) throw tokenRevoked();
    // The scopes in force: the token's and the install's current ones together (API.md §4).
    const scopes = claims.scope.split(' ').filter((scope) => scope && status.installScopes.includes(scope));
    request.marketplaceCaller = {
      installId: status.installId,
      clientId: status.clientId,
      appId: status.appId,
      appName: status.appName,
      scopes,
      expiresAt: new Date(claims.exp * 1000),
      rateLimit: status.rateLimit,
    };
    return {
      orgId: claims.org_id,
      entityId: claims.entity_id,
      actor: { kind: 'app', installId: status.installId, clientId: status.clientId, appId: status.appId, scopes },
    };
  }
}
