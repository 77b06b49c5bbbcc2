/** How many public requests one install of an app may make per window. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** API.md §5: 120 requests per 60 s per (client id, install), unless the app has an override. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 120, windowSeconds: 60 };

/** The app's override when it has one, else the default. */
export function effectiveRateLimit(override: RateLimit | null): RateLimit {
  return override ?? DEFAULT_RATE_LIMIT;
}

/** The counter key: one budget per (client id, install), and a fresh one when the limit itself changes. */
export function rateLimitKey(clientId: string, installId: string, limit: RateLimit): string {
  return `hellobooks:ratelimit:${clientId}:${installId}:${limit.limit}/${limit.windowSeconds}`;
}
