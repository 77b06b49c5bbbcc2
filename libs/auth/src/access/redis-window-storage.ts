import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const WINDOW_COMMAND = 'hellobooksRateLimitWindow';

type WindowReply = [totalHits: number, timeToExpireMs: number, isBlocked: number, timeToBlockExpireMs: number];

type WithWindowCommand = Redis & {
  [WINDOW_COMMAND](
    hitKey: string,
    blockKey: string,
    throttlerName: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<WindowReply>;
};

/**
 * The Redis counters of @nest-lab/throttler-storage-redis (its Lua script and keys, so instances of either version
 * share one budget), sent the cheap way: the library sends the whole script with `EVAL` on every request (about a
 * kilobyte for the client to write and for Redis to hash), where a defined command sends its SHA with `EVALSHA` and
 * the script only the first time Redis lacks it. Commands issued in the same turn of the event loop leave in one
 * write (auto-pipelining): still one round trip per request, far fewer system calls under load.
 */
export class RedisWindowStorage extends ThrottlerStorageRedisService {
  constructor(url: string) {
    // Connects on the first request, so an instance that fails to boot leaves no connection behind.
    super(url, { lazyConnect: true, enableAutoPipelining: true });
    (this.redis as Redis).defineCommand(WINDOW_COMMAND, { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await (this.redis as WithWindowCommand)[
      WINDOW_COMMAND
    ](`{${key}:${throttlerName}}:hits`, `{${key}:${throttlerName}}:blocked`, throttlerName, ttl, limit, blockDuration);
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
