import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessTokenStatusCache } from './access-token-status-cache';
import { sha256Hex } from './credentials';
import { effectiveRateLimit, RateLimit, storedRateLimit } from './rate-limit-policy';

/** What the public layer needs to know about a presented access token, beyond its signature. */
export interface AccessTokenStatus {
  /** False once the token, its family or its install was revoked (uninstall included). */
  active: boolean;
  installId: string;
  appId: string;
  appName: string;
  clientId: string;
  rateLimit: RateLimit;
  /** The install's tenant and the scopes it holds now (a later approval may have narrowed them). */
  orgId: string;
  entityId: string;
  installScopes: string[];
}

interface StatusRow {
  active: boolean;
  installId: string;
  appId: string;
  appName: string;
  clientId: string;
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
  operatorRateLimit: number | null;
  operatorRateLimitWindowSeconds: number | null;
  orgId: string;
  entityId: string;
  installScopes: string[];
}

/**
 * Looks up whether an access token is still good, and what its install holds now: one indexed query, kept in the
 * status cache that every instance drops as the change is committed, so a revocation, an uninstall or a narrower
 * approval applies from the next request on (API.md §4) without a query per request.
 */
@Injectable()
export class AccessTokenStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: AccessTokenStatusCache,
  ) {}

  /** The token's status, or undefined for an id that was never issued. `expiresAt` (ms) bounds how long it is kept. */
  lookup(accessTokenId: string, expiresAt: number): Promise<AccessTokenStatus | undefined> {
    // Kept by the id itself: the hash that the table stores is only needed to read it.
    return this.cache.get(accessTokenId, expiresAt, () => this.read(sha256Hex(accessTokenId)));
  }

  private async read(idHash: string): Promise<AccessTokenStatus | undefined> {
    const [row] = await this.dataSource.query<StatusRow[]>(
      `SELECT (t.revoked_at IS NULL AND f.revoked_at IS NULL AND i.uninstalled_at IS NULL) AS active,
              i.id AS "installId", a.id AS "appId", a.name AS "appName", a.client_id AS "clientId",
              a.rate_limit AS "rateLimit", a.rate_limit_window_seconds AS "rateLimitWindowSeconds",
              a.operator_rate_limit AS "operatorRateLimit",
              a.operator_rate_limit_window_seconds AS "operatorRateLimitWindowSeconds",
              i.org_id AS "orgId", i.entity_id AS "entityId", i.scopes AS "installScopes"
         FROM oauth_access_tokens t
         JOIN oauth_token_families f ON f.id = t.family_id
         JOIN marketplace_installs i ON i.id = t.install_id
         JOIN marketplace_apps a ON a.id = i.app_id
        WHERE t.id_hash = $1`,
      [idHash],
    );
    if (!row) return undefined;
    return {
      active: row.active,
      installId: row.installId,
      appId: row.appId,
      appName: row.appName,
      clientId: row.clientId,
      orgId: row.orgId,
      entityId: row.entityId,
      installScopes: row.installScopes,
      rateLimit: effectiveRateLimit(
        storedRateLimit(row.rateLimit, row.rateLimitWindowSeconds),
        storedRateLimit(row.operatorRateLimit, row.operatorRateLimitWindowSeconds),
      ),
    };
  }
}
