import { Injectable } from '@nestjs/common';
import { ApiError, findInTenant, TenantContext, Transactions, updateReturning } from '@app/platform';
import type { DataSource } from 'typeorm';
import { newClientId, newCredential, sha256Hex } from './credentials';
import { MarketplaceAppRecord } from './marketplace.entities';
import { DEFAULT_RATE_LIMIT, isWithin, RateLimit, storedRateLimit } from './rate-limit-policy';
import { redirectUriProblem } from './redirect-uris';

export interface MarketplaceApp {
  id: string;
  name: string;
  clientId: string;
  redirectUris: string[];
  scopes: string[];
  /** The owner's rate-limit override (only ever lower); null means the default of 120 requests per 60 s. */
  rateLimit: RateLimit | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An app as its registration or a secret rotation answers it: the only time the secret is ever shown. */
export interface MarketplaceAppWithSecret extends MarketplaceApp {
  clientSecret: string;
}

export interface AppRegistration {
  name: string;
  redirectUris: string[];
  scopes: string[];
}

export interface AppChanges {
  name?: string;
  redirectUris?: string[];
  scopes?: string[];
  rateLimit?: RateLimit | null;
}

const CLIENT_SECRET_PREFIX = 'hbs_';

export function toMarketplaceApp(record: MarketplaceAppRecord): MarketplaceApp {
  return {
    id: record.id,
    name: record.name,
    clientId: record.clientId,
    redirectUris: record.redirectUris,
    scopes: record.scopes,
    rateLimit: storedRateLimit(record.rateLimit, record.rateLimitWindowSeconds),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function assertRedirectUris(uris: string[]): void {
  const details = uris.flatMap((uri, index) => {
    const problem = redirectUriProblem(uri);
    return problem ? [{ field: `redirectUris.${index}`, message: `${uri} ${problem}` }] : [];
  });
  if (details.length) throw ApiError.validation(details);
}

/** Apps a tenant registers as their developer: credentials, redirect URIs, scopes and the rate-limit override. */
@Injectable()
export class MarketplaceAppsService {
  constructor(private readonly transactions: Transactions) {}

  async register(tenant: TenantContext, input: AppRegistration): Promise<MarketplaceAppWithSecret> {
    if (tenant.actor.kind !== 'user') throw ApiError.forbidden();
    assertRedirectUris(input.redirectUris);
    const clientSecret = newCredential(CLIENT_SECRET_PREFIX);
    const createdBy = tenant.actor.userId;
    const record = await this.transactions.run(({ manager }) =>
      manager.save(
        manager.create(MarketplaceAppRecord, {
          orgId: tenant.orgId,
          entityId: tenant.entityId,
          name: input.name,
          clientId: newClientId(),
          clientSecretHash: sha256Hex(clientSecret),
          redirectUris: [...new Set(input.redirectUris)],
          scopes: [...new Set(input.scopes)],
          rateLimit: null,
          rateLimitWindowSeconds: null,
          createdBy,
        }),
      ),
    );
    return { ...toMarketplaceApp(record), clientSecret };
  }

  async list(tenant: TenantContext): Promise<MarketplaceApp[]> {
    const records = await this.transactions.reader.getRepository(MarketplaceAppRecord).find({
      where: { orgId: tenant.orgId, entityId: tenant.entityId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return records.map(toMarketplaceApp);
  }

  async get(tenant: TenantContext, id: string): Promise<MarketplaceApp> {
    return toMarketplaceApp(await findInTenant(this.transactions.reader, MarketplaceAppRecord, tenant, id, 'app'));
  }

  async update(tenant: TenantContext, id: string, changes: AppChanges): Promise<MarketplaceApp> {
    if (changes.redirectUris) assertRedirectUris(changes.redirectUris);
    return this.transactions.run(async ({ manager }) => {
      const record = await findInTenant(manager, MarketplaceAppRecord, tenant, id, 'app', true);
      if (changes.redirectUris) record.redirectUris = [...new Set(changes.redirectUris)];
      if (changes.name !== undefined) record.name = changes.name;
      if (changes.scopes) record.scopes = [...new Set(changes.scopes)];
      if (changes.rateLimit) {
        const ceiling =
          storedRateLimit(record.operatorRateLimit, record.operatorRateLimitWindowSeconds) ?? DEFAULT_RATE_LIMIT;
        if (!isWithin(changes.rateLimit, ceiling)) {
          throw ApiError.forbidden(
            `An app's owner may only lower its rate limit, to at most ${ceiling.limit} requests per ${ceiling.windowSeconds} s; a higher limit is granted by the server's operator.`,
          );
        }
      }
      if (changes.rateLimit !== undefined) {
        record.rateLimit = changes.rateLimit?.limit ?? null;
        record.rateLimitWindowSeconds = changes.rateLimit?.windowSeconds ?? null;
      }
      return toMarketplaceApp(await manager.save(record));
    });
  }

  /** A new secret replaces the old one at once; the old one stops authenticating the client. */
  async rotateSecret(tenant: TenantContext, id: string): Promise<MarketplaceAppWithSecret> {
    const clientSecret = newCredential(CLIENT_SECRET_PREFIX);
    return this.transactions.run(async ({ manager }) => {
      const record = await findInTenant(manager, MarketplaceAppRecord, tenant, id, 'app', true);
      record.clientSecretHash = sha256Hex(clientSecret);
      return { ...toMarketplaceApp(await manager.save(record)), clientSecret };
    });
  }
}

/**
 * The operator's act (`npm run ops:rate-limit`): grants an app a limit above the default, or with null takes the
 * grant back. Answers whether the app exists. Its owner's override, if any, stays in force only within the grant.
 */
export async function grantRateLimit(
  dataSource: DataSource,
  clientId: string,
  grant: RateLimit | null,
): Promise<boolean> {
  const rows = await updateReturning<{ id: string }>(
    dataSource.manager,
    `UPDATE marketplace_apps SET operator_rate_limit = $2, operator_rate_limit_window_seconds = $3
      WHERE client_id = $1 RETURNING id`,
    [clientId, grant?.limit ?? null, grant?.windowSeconds ?? null],
  );
  return rows.length > 0;
}
