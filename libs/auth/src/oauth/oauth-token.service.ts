import { Injectable } from '@nestjs/common';
import { AuthorizationServerService, ClientCredentials, oauthError } from '@app/marketplace';
import { MarketplaceTokenIssuer, TokenResponse } from '../access/marketplace-jwt.issuer';

/** The token and revocation endpoints' parameters, as sent (form-encoded or JSON). */
export type OAuthParameters = Record<string, unknown>;

/** A parameter as a single string; RFC 6749 §3.1 forbids repeating one. */
function single(parameters: OAuthParameters, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw oauthError('invalid_request', `${name} must be given once, as a string.`);
  return value;
}

/** RFC 6749 §2.3.1: HTTP Basic with the form-urlencoded client id and secret. */
function basicCredentials(authorization: string | undefined): ClientCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

/** The OAuth token endpoint (RFC 6749 §3.2) and revocation endpoint (RFC 7009) over the marketplace's grants. */
@Injectable()
export class OAuthTokenService {
  constructor(
    private readonly server: AuthorizationServerService,
    private readonly issuer: MarketplaceTokenIssuer,
  ) {}

  async token(parameters: OAuthParameters, authorization: string | undefined): Promise<TokenResponse> {
    const app = await this.authenticate(parameters, authorization);
    const grantType = single(parameters, 'grant_type');
    switch (grantType) {
      case 'authorization_code':
        return this.issuer.tokenResponse(
          await this.server.exchangeCode(app, {
            code: single(parameters, 'code'),
            redirectUri: single(parameters, 'redirect_uri'),
            codeVerifier: single(parameters, 'code_verifier'),
          }),
        );
      case 'refresh_token':
        return this.issuer.tokenResponse(
          await this.server.refresh(app, {
            refreshToken: single(parameters, 'refresh_token'),
            scope: single(parameters, 'scope'),
          }),
        );
      case undefined:
        throw oauthError('invalid_request', 'grant_type is required.');
      default:
        throw oauthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
    }
  }

  /** RFC 7009 §2.2: the answer is the same whether or not the token was known. */
  async revoke(parameters: OAuthParameters, authorization: string | undefined): Promise<void> {
    const app = await this.authenticate(parameters, authorization);
    const token = single(parameters, 'token');
    if (!token) throw oauthError('invalid_request', 'token is required.');
    const accessTokenId = this.issuer.accessTokenId(token);
    if (accessTokenId) await this.server.revokeAccessToken(app, accessTokenId);
    else await this.server.revokeRefreshToken(app, token);
  }

  private async authenticate(parameters: OAuthParameters, authorization: string | undefined) {
    const basic = basicCredentials(authorization);
    const inBody = single(parameters, 'client_secret');
    if (basic && inBody) throw oauthError('invalid_request', 'Use one client authentication method, not two.');
    return this.server.authenticateClient(basic ?? { clientId: single(parameters, 'client_id'), clientSecret: inBody });
  }
}
