import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiError, TenantContext, Transactions, updateReturning } from '@app/platform';
import { EntityManager } from 'typeorm';
import { isClientId, matchesHash, newCredential, sha256Hex, verifiesPkceChallenge } from './credentials';
import { MarketplaceAppRecord } from './marketplace.entities';
import { oauthError } from './oauth-errors';
import { parseScopeParameter } from './scopes';

/** API.md §4: codes live at most 10 minutes; refresh tokens 60 days from their last use; access tokens 1 hour. */
export const AUTHORIZATION_CODE_TTL_SECONDS = 600;
export const REFRESH_TOKEN_TTL_SECONDS = 60 * 24 * 3600;
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** A rotated refresh token stays usable this long, so a client that lost the response can retry (RFC 9700 §4.14.2). */
export const REFRESH_TOKEN_REUSE_GRACE_SECONDS = 30;

const CODE_PREFIX = 'hbac_';
const REFRESH_TOKEN_PREFIX = 'hbrt_';
/** RFC 7636 §4.2: an S256 challenge is the 43-character base64url SHA-256 of the verifier. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The parameters of an authorization request (RFC 6749 §4.1.1 with RFC 7636's PKCE). */
export interface AuthorizationRequest {
  responseType?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** What the consent screen shows before the user approves. */
/** What the consent screen shows of the app and its request; the auth library adds the tenant's names. */
export interface AppConsent {
  app: { id: string; name: string; clientId: string };
  scopes: string[];
  redirectUri: string;
  state: string;
}

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/** Tokens issued to a client: the refresh token itself, and the id (`jti`) the access token must carry. */
export interface IssuedGrant {
  installId: string;
  appId: string;
  clientId: string;
  orgId: string;
  entityId: string;
  scopes: string[];
  accessTokenId: string;
  expiresIn: number;
  refreshToken: string;
}

interface ValidatedRequest {
  app: MarketplaceAppRecord;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
}

interface CodeRow {
  id: string;
  appId: string;
  installId: string;
  orgId: string;
  entityId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  installScopes: string[];
  expired: boolean;
  used: boolean;
  installLive: boolean;
}

interface RefreshRow {
  id: string;
  familyId: string;
  installId: string;
  appId: string;
  orgId: string;
  entityId: string;
  familyScopes: string[];
  installScopes: string[];
  installLive: boolean;
  revoked: boolean;
  expired: boolean;
  rotatedSecondsAgo: number | null;
}

/** A token-endpoint outcome that must commit before it is reported (a revocation on replay or reuse). */
type Outcome = { grant: IssuedGrant } | { refusal: ApiError };

/**
 * The OAuth 2 authorization server of API.md §4: consent, authorization codes bound to client, redirect URI, PKCE
 * challenge and tenant; refresh-token families with rotation and reuse detection; revocation. Access tokens are
 * signed by the caller (the auth library); this service records their ids so that they can be revoked.
 */
@Injectable()
export class AuthorizationServerService {
  constructor(private readonly transactions: Transactions) {}

  /** Checks an authorization request and describes it for the consent screen. */
  async describeConsent(request: AuthorizationRequest): Promise<AppConsent> {
    const validated = await this.validate(request);
    return {
      app: { id: validated.app.id, name: validated.app.name, clientId: validated.app.clientId },
      scopes: validated.scopes,
      redirectUri: validated.redirectUri,
      state: validated.state,
    };
  }

  /**
   * The user's answer: on approval the app is installed (or its install's scopes replaced) in the user's tenant and
   * a code is issued; either way the answer is where to send the browser.
   */
  async decide(
    tenant: TenantContext,
    request: AuthorizationRequest,
    approve: boolean,
  ): Promise<{ redirectTo: string }> {
    if (tenant.actor.kind !== 'user') throw ApiError.forbidden();
    const userId = tenant.actor.userId;
    const validated = await this.validate(request);
    const redirect = new URL(validated.redirectUri);
    if (!approve) {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('state', validated.state);
      return { redirectTo: redirect.toString() };
    }
    const code = newCredential(CODE_PREFIX);
    await this.transactions.run(async ({ manager }) => {
      const [install] = await manager.query<{ id: string }[]>(
        `INSERT INTO marketplace_installs (org_id, entity_id, app_id, scopes, installed_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, entity_id, app_id) WHERE uninstalled_at IS NULL
         DO UPDATE SET scopes = EXCLUDED.scopes, updated_at = clock_timestamp()
         RETURNING id`,
        [tenant.orgId, tenant.entityId, validated.app.id, validated.scopes, userId],
      );
      await manager.query(
        `INSERT INTO oauth_authorization_codes
           (org_id, entity_id, code_hash, app_id, install_id, user_id, redirect_uri, code_challenge, scopes, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp() + make_interval(secs => $10))`,
        [
          tenant.orgId,
          tenant.entityId,
          sha256Hex(code),
          validated.app.id,
          install.id,
          userId,
          validated.redirectUri,
          validated.codeChallenge,
          validated.scopes,
          AUTHORIZATION_CODE_TTL_SECONDS,
        ],
      );
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', validated.state);
    return { redirectTo: redirect.toString() };
  }

  /** Client authentication for the token and revocation endpoints (`client_secret` in the body or HTTP Basic). */
  async authenticateClient(credentials: ClientCredentials): Promise<MarketplaceAppRecord> {
    const refused = oauthError('invalid_client', 'Client authentication failed.', {
      'WWW-Authenticate': 'Basic realm="hellobooks"',
    });
    if (!credentials.clientId || !credentials.clientSecret || !isClientId(credentials.clientId)) throw refused;
    const app = await this.transactions.reader
      .getRepository(MarketplaceAppRecord)
      .findOneBy({ clientId: credentials.clientId });
    if (!app || !matchesHash(credentials.clientSecret, app.clientSecretHash)) throw refused;
    return app;
  }

  /** `grant_type=authorization_code`: one use, within 10 minutes, by the client, redirect URI and verifier it was bound to. */
  async exchangeCode(
    app: MarketplaceAppRecord,
    input: { code?: string; redirectUri?: string; codeVerifier?: string },
  ): Promise<IssuedGrant> {
    if (!input.code) throw oauthError('invalid_request', 'code is required.');
    if (!input.redirectUri) throw oauthError('invalid_request', 'redirect_uri is required.');
    if (!input.codeVerifier) throw oauthError('invalid_request', 'code_verifier is required (PKCE).');
    if (!CODE_VERIFIER.test(input.codeVerifier)) {
      throw oauthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters (RFC 7636).');
    }
    const invalid = oauthError('invalid_grant', 'The authorization code is invalid, expired or already used.');
    const outcome = await this.transactions.run(async ({ manager }): Promise<Outcome> => {
      const [code] = await manager.query<CodeRow[]>(
        `SELECT c.id, c.app_id AS "appId", c.install_id AS "installId", c.org_id AS "orgId",
                c.entity_id AS "entityId", c.redirect_uri AS "redirectUri", c.code_challenge AS "codeChallenge",
                c.scopes, i.scopes AS "installScopes", c.expires_at <= clock_timestamp() AS expired,
                c.used_at IS NOT NULL AS used, i.uninstalled_at IS NULL AS "installLive"
           FROM oauth_authorization_codes c JOIN marketplace_installs i ON i.id = c.install_id
          WHERE c.code_hash = $1
            FOR UPDATE OF c`,
        [sha256Hex(input.code!)],
      );
      if (!code || code.appId !== app.id) return { refusal: invalid };
      if (code.used) {
        // RFC 6749 §4.1.2: a replayed code revokes every token issued from it.
        await manager.query(
          `UPDATE oauth_token_families SET revoked_at = clock_timestamp(), revoked_reason = 'code_replayed'
            WHERE code_id = $1 AND revoked_at IS NULL`,
          [code.id],
        );
        return { refusal: invalid };
      }
      if (code.expired || !code.installLive || code.redirectUri !== input.redirectUri) return { refusal: invalid };
      if (!verifiesPkceChallenge(input.codeVerifier!, code.codeChallenge)) {
        return { refusal: oauthError('invalid_grant', 'The code_verifier does not match the code_challenge.') };
      }
      await manager.query('UPDATE oauth_authorization_codes SET used_at = clock_timestamp() WHERE id = $1', [code.id]);
      // A later approval with fewer scopes narrowed the install: a code issued before it grants no more than that.
      const scopes = code.scopes.filter((scope) => code.installScopes.includes(scope));
      const [family] = await manager.query<{ id: string }[]>(
        `INSERT INTO oauth_token_families (org_id, entity_id, install_id, code_id, scopes)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [code.orgId, code.entityId, code.installId, code.id, scopes],
      );
      return {
        grant: await this.issue(manager, app, { ...code, familyId: family.id }, scopes),
      };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.grant;
  }

  /**
   * `grant_type=refresh_token`: rotates on every use. A rotated token is honoured again for 30 s (the successor it
   * got is then withdrawn); reuse after that revokes the whole family (RFC 9700 §4.14.2).
   */
  async refresh(app: MarketplaceAppRecord, input: { refreshToken?: string; scope?: string }): Promise<IssuedGrant> {
    if (!input.refreshToken) throw oauthError('invalid_request', 'refresh_token is required.');
    const invalid = oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
    const outcome = await this.transactions.run(async ({ manager }): Promise<Outcome> => {
      const [token] = await manager.query<RefreshRow[]>(
        `SELECT r.id, r.family_id AS "familyId", f.install_id AS "installId", i.app_id AS "appId",
                r.org_id AS "orgId", r.entity_id AS "entityId", f.scopes AS "familyScopes",
                i.scopes AS "installScopes", i.uninstalled_at IS NULL AS "installLive",
                (r.revoked_at IS NOT NULL OR f.revoked_at IS NOT NULL) AS revoked,
                r.expires_at <= clock_timestamp() AS expired,
                extract(epoch FROM clock_timestamp() - r.rotated_at)::float8 AS "rotatedSecondsAgo"
           FROM oauth_refresh_tokens r
           JOIN oauth_token_families f ON f.id = r.family_id
           JOIN marketplace_installs i ON i.id = f.install_id
          WHERE r.token_hash = $1
            FOR UPDATE OF r, f`,
        [sha256Hex(input.refreshToken!)],
      );
      if (!token || token.appId !== app.id || token.revoked || token.expired || !token.installLive) {
        return { refusal: invalid };
      }
      if (token.rotatedSecondsAgo !== null && token.rotatedSecondsAgo > REFRESH_TOKEN_REUSE_GRACE_SECONDS) {
        await manager.query(
          `UPDATE oauth_token_families SET revoked_at = clock_timestamp(), revoked_reason = 'refresh_token_reused'
            WHERE id = $1`,
          [token.familyId],
        );
        return { refusal: invalid };
      }
      // Checked before the token is rotated: a refused scope leaves the refresh token usable (RFC 6749 §5.2).
      const granted = token.familyScopes.filter((scope) => token.installScopes.includes(scope));
      const requested = input.scope === undefined ? granted : parseScopeParameter(input.scope);
      const beyond = requested.filter((scope) => !granted.includes(scope));
      if (beyond.length) {
        return { refusal: oauthError('invalid_scope', `Scopes not granted to this token: ${beyond.join(' ')}.`) };
      }
      if (token.rotatedSecondsAgo !== null) {
        // A retry inside the grace period: the successor that was lost with the first response is withdrawn, and
        // the access token issued with it, so the first answer's pair is dead wherever it ended up.
        await manager.query(
          `WITH withdrawn AS (
             UPDATE oauth_refresh_tokens SET revoked_at = clock_timestamp()
              WHERE family_id = $1 AND rotated_at IS NULL AND revoked_at IS NULL
             RETURNING id
           )
           UPDATE oauth_access_tokens t SET revoked_at = clock_timestamp()
             FROM withdrawn w
            WHERE t.refresh_token_id = w.id AND t.revoked_at IS NULL`,
          [token.familyId],
        );
      } else {
        await manager.query('UPDATE oauth_refresh_tokens SET rotated_at = clock_timestamp() WHERE id = $1', [token.id]);
      }
      return { grant: await this.issue(manager, app, token, requested) };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.grant;
  }

  /** RFC 7009: a refresh token revokes its family; an access token (by its id) only itself. Unknown tokens are ignored. */
  async revokeRefreshToken(app: MarketplaceAppRecord, refreshToken: string): Promise<boolean> {
    const revoked = await this.transactions.run(({ manager }) =>
      updateReturning<{ id: string }>(
        manager,
        `UPDATE oauth_token_families f SET revoked_at = clock_timestamp(), revoked_reason = 'revoked'
           FROM oauth_refresh_tokens r, marketplace_installs i
          WHERE r.token_hash = $1 AND f.id = r.family_id AND i.id = f.install_id AND i.app_id = $2
            AND f.revoked_at IS NULL
         RETURNING f.id`,
        [sha256Hex(refreshToken), app.id],
      ),
    );
    return revoked.length > 0;
  }

  async revokeAccessToken(app: MarketplaceAppRecord, accessTokenId: string): Promise<void> {
    await this.transactions.run(({ manager }) =>
      manager.query(
        `UPDATE oauth_access_tokens t SET revoked_at = clock_timestamp()
           FROM marketplace_installs i
          WHERE t.id_hash = $1 AND i.id = t.install_id AND i.app_id = $2 AND t.revoked_at IS NULL`,
        [sha256Hex(accessTokenId), app.id],
      ),
    );
  }

  private async issue(
    manager: EntityManager,
    app: MarketplaceAppRecord,
    family: { familyId: string; installId: string; orgId: string; entityId: string },
    scopes: string[],
  ): Promise<IssuedGrant> {
    const refreshToken = newCredential(REFRESH_TOKEN_PREFIX);
    const accessTokenId = randomUUID();
    // The pair is written in one statement; the access token keeps its refresh token's id, so withdrawing one
    // withdraws both.
    await manager.query(
      `WITH refresh AS (
         INSERT INTO oauth_refresh_tokens (org_id, entity_id, family_id, token_hash, expires_at)
         VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(secs => $5))
         RETURNING id
       )
       INSERT INTO oauth_access_tokens (id_hash, org_id, entity_id, family_id, install_id, refresh_token_id, expires_at)
       SELECT $6, $1, $2, $3, $7, refresh.id, clock_timestamp() + make_interval(secs => $8) FROM refresh`,
      [
        family.orgId,
        family.entityId,
        family.familyId,
        sha256Hex(refreshToken),
        REFRESH_TOKEN_TTL_SECONDS,
        sha256Hex(accessTokenId),
        family.installId,
        ACCESS_TOKEN_TTL_SECONDS,
      ],
    );
    return {
      installId: family.installId,
      appId: app.id,
      clientId: app.clientId,
      orgId: family.orgId,
      entityId: family.entityId,
      scopes,
      accessTokenId,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
    };
  }

  /** RFC 6749 §4.1.2.1: a bad client or redirect URI is reported to the user, never redirected to. */
  private async validate(request: AuthorizationRequest): Promise<ValidatedRequest> {
    if (!request.clientId) throw oauthError('invalid_request', 'client_id is required.');
    if (!isClientId(request.clientId)) throw oauthError('invalid_request', 'No app has this client_id.');
    const app = await this.transactions.reader
      .getRepository(MarketplaceAppRecord)
      .findOneBy({ clientId: request.clientId });
    if (!app) throw oauthError('invalid_request', 'No app has this client_id.');
    if (!request.redirectUri || !app.redirectUris.includes(request.redirectUri)) {
      throw oauthError('invalid_request', 'redirect_uri must match one of the app’s registered redirect URIs exactly.');
    }
    if (request.responseType !== 'code') {
      throw oauthError('unsupported_response_type', 'response_type must be code.');
    }
    if (!request.state) throw oauthError('invalid_request', 'state is required.');
    if (request.codeChallengeMethod !== 'S256') {
      throw oauthError('invalid_request', 'PKCE is required with code_challenge_method=S256; plain is not accepted.');
    }
    if (!request.codeChallenge || !S256_CHALLENGE.test(request.codeChallenge)) {
      throw oauthError('invalid_request', 'code_challenge must be the base64url SHA-256 of the code verifier.');
    }
    const scopes = request.scope === undefined ? app.scopes : parseScopeParameter(request.scope);
    const unknown = scopes.filter((scope) => !app.scopes.includes(scope));
    if (unknown.length) {
      throw oauthError('invalid_scope', `The app is not registered for the scopes: ${unknown.join(' ')}.`);
    }
    return {
      app,
      redirectUri: request.redirectUri,
      scopes,
      state: request.state,
      codeChallenge: request.codeChallenge,
    };
  }
}
