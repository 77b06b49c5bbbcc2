import { Injectable } from '@nestjs/common';
import { ApiError, findInTenant, TenantContext, Transactions } from '@app/platform';
import { newClientId, newCredential, sha256Hex } from './credentials';
import { MarketplaceAppRecord } from './marketplace.entities';
import { RateLimit } from './rate-limit-policy';
import { redirectUriProblem } from './redirect-uris';

export interface MarketplaceApp {
  id: string;
  name: string;
  clientId: string;
  redirectUris: string[];
  scopes: string[];
  /** The app's rate-limit override; null means the default of 120 requests per 60 s. */
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
    rateLimit:
      record.rateLimit !== null && record.rateLimitWindowSeconds !== null
        ? { limit: record.rateLimit, windowSeconds: record.rateLimitWindowSeconds }
        : null,
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
