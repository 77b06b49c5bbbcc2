import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sha256Hex } from './credentials';
import { effectiveRateLimit, RateLimit } from './rate-limit-policy';

/** What the public layer needs to know about a presented access token, beyond its signature. */
export interface AccessTokenStatus {
  /** False once the token, its family or its install was revoked (uninstall included). */
  active: boolean;
  installId: string;
  appId: string;
  appName: string;
  clientId: string;
  rateLimit: RateLimit;
}

interface StatusRow {
  active: boolean;
  installId: string;
  appId: string;
  appName: string;
  clientId: string;
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
}

/**
 * How long one instance may keep answering from memory. Revocations are written to PostgreSQL, so every instance
 * sees an uninstall within this time (API.md §4: "at once"; here: within half a second).
 */
export const ACCESS_TOKEN_STATUS_CACHE_MS = 500;
const CACHE_SWEEP_SIZE = 10_000;

/** Looks up whether an access token is still good, with a short in-process cache so a burst costs one query. */
@Injectable()
export class AccessTokenStatusService {
  private readonly cache = new Map<string, { status: AccessTokenStatus | undefined; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The token's status, or undefined for an id that was never issued. */
  async lookup(accessTokenId: string): Promise<AccessTokenStatus | undefined> {
    const now = Date.now();
    const cached = this.cache.get(accessTokenId);
    if (cached && cached.until > now) return cached.status;
    const [row] = await this.dataSource.query<StatusRow[]>(
      `SELECT (t.revoked_at IS NULL AND f.revoked_at IS NULL AND i.uninstalled_at IS NULL) AS active,
              i.id AS "installId", a.id AS "appId", a.name AS "appName", a.client_id AS "clientId",
              a.rate_limit AS "rateLimit", a.rate_limit_window_seconds AS "rateLimitWindowSeconds"
         FROM oauth_access_tokens t
         JOIN oauth_token_families f ON f.id = t.family_id
         JOIN marketplace_installs i ON i.id = t.install_id
         JOIN marketplace_apps a ON a.id = i.app_id
        WHERE t.id_hash = $1`,
      [sha256Hex(accessTokenId)],
    );
    const status = row && {
      active: row.active,
      installId: row.installId,
      appId: row.appId,
      appName: row.appName,
      clientId: row.clientId,
      rateLimit: effectiveRateLimit(
        row.rateLimit !== null && row.rateLimitWindowSeconds !== null
          ? { limit: row.rateLimit, windowSeconds: row.rateLimitWindowSeconds }
          : null,
      ),
    };
    if (this.cache.size >= CACHE_SWEEP_SIZE) {
      for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
    }
    this.cache.set(accessTokenId, { status, until: now + ACCESS_TOKEN_STATUS_CACHE_MS });
    return status;
  }
}
