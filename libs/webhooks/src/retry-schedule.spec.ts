import { MAX_ATTEMPTS, parseRetryAfter, retryDelayMs } from './retry-schedule';

describe('retry schedule', () => {
  it('waits about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, then gives up', () => {
    const middle = () => 0.5;
    const hours = (h: number) => h * 3600_000;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelayMs(attempt, {}, middle))).toEqual([
      5000,
      300_000,
      1_800_000,
      hours(2),
      hours(5),
      hours(10),
      hours(14),
      hours(20),
      hours(24),
    ]);
    expect(MAX_ATTEMPTS).toBe(10);
    expect(retryDelayMs(10)).toBeUndefined();
  });

  it('adds at most ±10 % jitter', () => {
    expect(retryDelayMs(1, {}, () => 0)).toBe(4500);
    expect(retryDelayMs(1, {}, () => 0.999999)).toBe(5500);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelayMs(2)!;
      expect(delay).toBeGreaterThanOrEqual(270_000);
      expect(delay).toBeLessThanOrEqual(330_000);
    }
  });

  it('honours Retry-After on 429 and 503 only, capped at 24 h', () => {
    expect(retryDelayMs(1, { statusCode: 429, retryAfterSeconds: 120 })).toBe(120_000);
    expect(retryDelayMs(3, { statusCode: 503, retryAfterSeconds: 1 })).toBe(1000);
    expect(retryDelayMs(1, { statusCode: 503, retryAfterSeconds: 10 * 86400 })).toBe(86400_000);
    expect(retryDelayMs(1, { statusCode: 500, retryAfterSeconds: 120 }, () => 0.5)).toBe(5000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
