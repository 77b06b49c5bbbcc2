/** The waits after a failed attempt (API.md §6): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/** Every attempt: the first one and one per retry. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** A `Retry-After` longer than the longest wait of the schedule is not honoured past it. */
const MAX_RETRY_AFTER_SECONDS = 86400;

/** Responses whose `Retry-After` header states when to come back. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/**
 * When to try again after attempt number `attempt` (1-based) failed, in milliseconds from now; `undefined` when
 * the schedule is exhausted. Jitter of ±10 % spreads the retries of many deliveries that failed together.
 */
export function retryDelayMs(
  attempt: number,
  failure: { statusCode?: number; retryAfterSeconds?: number } = {},
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  if (
    failure.statusCode !== undefined &&
    RETRY_AFTER_STATUSES.has(failure.statusCode) &&
    failure.retryAfterSeconds !== undefined
  ) {
    return Math.min(failure.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  }
  const base = RETRY_DELAYS_SECONDS[attempt - 1] * 1000;
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** A `Retry-After` value in seconds: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
