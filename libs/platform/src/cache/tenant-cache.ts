import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import KeyvRedis from '@keyv/redis';
import { createCache, type Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import { AppConfig } from '../config/app-config';
import type { TenantContext } from '../tenant/tenant-context';

/** A tenant's generation outlives every entry written under it, so an expired generation revives nothing. */
const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;
/** The generation of a tenant whose entries were never dropped. */
const FIRST_GENERATION = 'first';

/** Only the tenant's identity matters to the cache, not who is acting. */
export type CacheTenant = Pick<TenantContext, 'orgId' | 'entityId'>;

export interface Cached<T> {
  value: T;
  /** Whether the value came from the cache (`X-Cache: HIT`) or was computed now. */
  hit: boolean;
}

/**
 * Computed answers per tenant (the manufacturing reports), in Redis when `REDIS_URL` is set so every instance
 * shares them, in memory otherwise. Each tenant's keys carry its generation, stored in the same place: `invalidate`
 * replaces it, and every instance stops seeing the tenant's earlier entries at once (they expire on their own).
 * A reader takes the generation before it computes, so a value computed from data older than an invalidation is
 * written under the generation that invalidation retired and is never read.
 */
@Injectable()
export class TenantCache implements OnModuleDestroy {
  private readonly logger = new Logger('TenantCache');
  private readonly cache: Cache;

  constructor(config: AppConfig) {
    const redisUrl = config.get('REDIS_URL');
    // KeyvRedis connects on first use, so an instance that fails to boot leaves no connection behind.
    const store = new Keyv({
      namespace: 'hb-tenant-cache',
      ...(redisUrl && { store: new KeyvRedis(redisUrl, { throwOnConnectError: false }) }),
    });
    store.on('error', (error: Error) => this.logger.error(`Cache store error: ${error.message}`));
    this.cache = createCache({ stores: [store] });
    // The cache library answers a failing read as a miss and a failing write as done; say so in the log.
    this.cache.on('get', ({ key, error }) => error && this.logger.error(`Cache read of ${key} failed`));
    this.cache.on('set', ({ key, error }) => error && this.logger.error(`Cache write of ${key} failed`));
  }

  /** The tenant's value for `key`, or `compute()`'s, then kept for `ttlMs`. */
  async getOrCompute<T>(
    tenant: CacheTenant,
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<Cached<T>> {
    const generation = (await this.cache.get<string>(this.generationKey(tenant))) ?? FIRST_GENERATION;
    const entryKey = `${tenant.orgId}:${tenant.entityId}:${generation}:${key}`;
    const cached = await this.cache.get<T>(entryKey);
    if (cached !== undefined) return { value: cached, hit: true };
    const value = await compute();
    await this.cache.set(entryKey, value, ttlMs);
    return { value, hit: false };
  }

  /** Drops every entry of the tenant, on every instance (register it with `unitOfWork.afterCommit`). */
  async invalidate(tenant: CacheTenant): Promise<void> {
    await this.cache.set(this.generationKey(tenant), randomUUID(), GENERATION_TTL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    await this.cache.disconnect();
  }

  private generationKey(tenant: CacheTenant): string {
    return `${tenant.orgId}:${tenant.entityId}:generation`;
  }
}

/** Answers a cached value over HTTP: the value, with `X-Cache: HIT` or `MISS` telling where it came from. */
export function cachedAnswer<T>(response: { setHeader(name: string, value: string): unknown }, cached: Cached<T>): T {
  response.setHeader('X-Cache', cached.hit ? 'HIT' : 'MISS');
  return cached.value;
}
