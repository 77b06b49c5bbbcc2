import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_EVERY_MS = 60_000;

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * In-memory counters for one instance, with the Redis storage's semantics (a fixed window per key, and a block of
 * `blockDuration` once over the limit) at a constant cost per request. @nestjs/throttler's own in-memory storage
 * keeps one timestamp per hit and scans them on every request, so an app granted a high limit paid for every
 * request of its window on each one.
 */
export class FixedWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweep = setInterval(() => this.evictIdle(Date.now()), SWEEP_EVERY_MS).unref();

  increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    } else if (window.expiresAt <= now) {
      // A new window; a block that outlasts the old one still holds.
      window.hits = 0;
      window.expiresAt = now + ttl;
    }
    const seconds = (until: number) => Math.ceil((until - now) / 1000);
    if (window.blockedUntil <= now) {
      window.hits++;
      if (window.hits > limit) window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil > now;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: seconds(window.expiresAt),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil) : 0,
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.windows.clear();
  }

  private evictIdle(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
  }
}
