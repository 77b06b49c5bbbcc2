import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimit, rateLimitKey } from '@app/marketplace';
import { ApiError, AppConfig } from '@app/platform';
import type { Response } from 'express';
import { FixedWindowStorage } from './fixed-window-storage';
import { RedisWindowStorage } from './redis-window-storage';

export const PUBLIC_RATE_LIMIT_STORAGE = Symbol('PUBLIC_RATE_LIMIT_STORAGE');

/** Counters in Redis when `REDIS_URL` is set, so every instance shares one budget; in memory otherwise. */
export function createRateLimitStorage(config: AppConfig): ThrottlerStorage {
  const redisUrl = config.get('REDIS_URL');
  return redisUrl ? new RedisWindowStorage(redisUrl) : new FixedWindowStorage();
}

/**
 * The public layer's rate limit (API.md §5): per (client id, install), the app's override or 120 per 60 s. Once
 * over the limit, the install is refused until the window that began then has passed.
 */
@Injectable()
export class PublicRateLimiter {
  constructor(@Inject(PUBLIC_RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage) {}

  /** Counts the request, writes the `X-RateLimit-*` headers, and throws `429 rate_limited` when over the limit. */
  async consume(response: Response, clientId: string, installId: string, limit: RateLimit): Promise<void> {
    const windowMs = limit.windowSeconds * 1000;
    const record = await this.storage.increment(
      rateLimitKey(clientId, installId),
      windowMs,
      limit.limit,
      windowMs,
      'public',
    );
    const reset = record.isBlocked ? record.timeToBlockExpire : record.timeToExpire;
    response.setHeader('X-RateLimit-Limit', String(limit.limit));
    response.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit.limit - record.totalHits)));
    response.setHeader('X-RateLimit-Reset', String(Math.max(0, reset)));
    if (record.isBlocked) {
      throw ApiError.rateLimited(
        record.timeToBlockExpire,
        `This install may make ${limit.limit} requests per ${limit.windowSeconds} s; try again later.`,
        { limit: limit.limit, windowSeconds: limit.windowSeconds },
      );
    }
  }
}
