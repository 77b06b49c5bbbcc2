/** How many public requests one install of an app may make per window. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** API.md §5: 120 requests per 60 s per (client id, install), unless the app has an override. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 120, windowSeconds: 60 };

/**
 * Whether `limit` allows no more than `ceiling`: neither more requests in one window (a bigger burst) nor a faster
 * average rate (limit / window, compared by cross-multiplication so no fraction is rounded).
 */
export function isWithin(limit: RateLimit, ceiling: RateLimit): boolean {
  return limit.limit <= ceiling.limit && limit.limit * ceiling.windowSeconds <= ceiling.limit * limit.windowSeconds;
}

/** A limit from its two nullable columns (an override or the operator's grant), or null when not set. */
export function storedRateLimit(limit: number | null, windowSeconds: number | null): RateLimit | null {
  return limit !== null && windowSeconds !== null ? { limit, windowSeconds } : null;
}

/**
 * The limit in force: the app owner's override when it is within the ceiling, else the ceiling — the operator's
 * grant for the app (`npm run ops:rate-limit`) or the default. An owner may only lower its limit.
 */
export function effectiveRateLimit(override: RateLimit | null, grant: RateLimit | null = null): RateLimit {
  const ceiling = grant ?? DEFAULT_RATE_LIMIT;
  return override && isWithin(override, ceiling) ? override : ceiling;
}

/**
 * The counter key: one budget per (client id, install), whatever the limit, so changing the limit neither resets
 * a counter nor unblocks a throttled install.
 */
export function rateLimitKey(clientId: string, installId: string): string {
  return `hellobooks:ratelimit:${clientId}:${installId}`;
}
