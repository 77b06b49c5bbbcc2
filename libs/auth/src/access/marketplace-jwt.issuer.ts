import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { IssuedGrant } from '@app/marketplace';
import { AppConfig, MARKETPLACE_TOKEN_AUDIENCE } from '@app/platform';

/** The claims of a marketplace access token (API.md §4). */
export interface MarketplaceTokenClaims {
  sub: string;
  aud: string | string[];
  iss: string;
  client_id: string;
  org_id: string;
  entity_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
}

/** The token endpoint's answer (RFC 6749 §5.1, plus the tenant and install the token acts for). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  org_id: string;
  entity_id: string;
  install_id: string;
}

/** Signs marketplace access tokens with the marketplace key (never the user tokens' one). */
@Injectable()
export class MarketplaceTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async tokenResponse(grant: IssuedGrant): Promise<TokenResponse> {
    const scope = grant.scopes.join(' ');
    const accessToken = await this.jwt.signAsync(
      { client_id: grant.clientId, org_id: grant.orgId, entity_id: grant.entityId, scope, jti: grant.accessTokenId },
      {
        secret: this.config.tokenSigningKey(MARKETPLACE_TOKEN_AUDIENCE),
        subject: grant.installId,
        audience: MARKETPLACE_TOKEN_AUDIENCE,
        issuer: this.config.get('JWT_ISSUER'),
        expiresIn: grant.expiresIn,
      },
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: grant.expiresIn,
      refresh_token: grant.refreshToken,
      scope,
      org_id: grant.orgId,
      entity_id: grant.entityId,
      install_id: grant.installId,
    };
  }

  /** The id of an access token this server signed (expired ones included, for revocation), or undefined. */
  accessTokenId(token: string): string | undefined {
    try {
      const claims = this.jwt.verify<MarketplaceTokenClaims>(token, {
        secret: this.config.tokenSigningKey(MARKETPLACE_TOKEN_AUDIENCE),
        audience: MARKETPLACE_TOKEN_AUDIENCE,
        issuer: this.config.get('JWT_ISSUER'),
        algorithms: ['HS256'],
        ignoreExpiration: true,
      });
      return typeof claims.jti === 'string' ? claims.jti : undefined;
    } catch {
      return undefined;
    }
  }
}
