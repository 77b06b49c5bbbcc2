import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ApiError, AppConfig, PeriodicTask } from '@app/platform';
import { DataSource } from 'typeorm';
import { PUBLIC_RATE_LIMIT_STORAGE } from '../access/public-rate-limiter';

/** Failures of one email inside the window: the first few are free, then each answer is slowed, then refused. */
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;
export const FREE_LOGIN_FAILURES = 5;
export const LOGIN_FAILURES_BEFORE_LOCK = 10;
const DELAY_STEP_MS = 250;
/** The window of `LOGIN_ATTEMPTS_PER_ADDRESS`: sign-in and sign-up attempts of one client address, any emails. */
export const ADDRESS_WINDOW_SECONDS = 60;

/**
 * Failed-login throttling per email, kept in PostgreSQL so that every instance sees the same count. Unknown emails
 * are counted too, so the answers do not tell which emails have accounts. `email` is always the canonical form
 * (`canonicalEmail`), the same the lookup uses. Attempts per client address are counted as well, in the shared
 * rate-limit storage (Redis when `REDIS_URL` is set), so random emails from one address are throttled too.
 */
@Injectable()
export class LoginThrottle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pruning: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUBLIC_RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {
    this.pruning = new PeriodicTask('Login failure pruning', config.get('HOUSEKEEPING_INTERVAL_MS'), () =>
      this.pruneExpired(),
    );
  }

  onApplicationBootstrap(): void {
    this.pruning.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pruning.stop();
  }

  /** Counters whose window has passed count for nothing: without this every email ever tried kept its row. */
  async pruneExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_failures WHERE last_failed_at < clock_timestamp() - make_interval(secs => $1)`,
      [LOGIN_FAILURE_WINDOW_SECONDS],
    );
  }

  /** Counts an attempt of `address` and refuses it with `429 rate_limited` past `LOGIN_ATTEMPTS_PER_ADDRESS`. */
  async countAddress(address: string): Promise<void> {
    const windowMs = ADDRESS_WINDOW_SECONDS * 1000;
    const limit = this.config.get('LOGIN_ATTEMPTS_PER_ADDRESS');
    const record = await this.storage.increment(`login:${address}`, windowMs, limit, windowMs, 'login');
    if (record.isBlocked) {
      throw ApiError.rateLimited(
        record.timeToBlockExpire,
        'Too many sign-in attempts from this address; try again later.',
      );
    }
  }

  /**
   * Counts a sign-in attempt before its password is checked, and refuses it with `429 rate_limited` past the lock
   * limit. Counting first, in one atomic statement, is what stops parallel guesses: a check made before any of them
   * had failed would let them all through. Returns the attempt's number in the window; `clear` forgets it on success.
   */
  async begin(email: string): Promise<number> {
    const rows: { attempts: number; retry_after: number }[] = await this.dataSource.query(
      `INSERT INTO login_failures (email_key, failures, window_started_at, last_failed_at)
       VALUES ($1, 1, now(), now())
       ON CONFLICT (email_key) DO UPDATE SET
         failures = CASE WHEN login_failures.window_started_at <= now() - make_interval(secs => $2)
                         THEN 1 ELSE login_failures.failures + 1 END,
         window_started_at = CASE WHEN login_failures.window_started_at <= now() - make_interval(secs => $2)
                                  THEN now() ELSE login_failures.window_started_at END,
         last_failed_at = now()
       RETURNING failures AS attempts,
                 ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry_after`,
      [email, LOGIN_FAILURE_WINDOW_SECONDS],
    );
    const { attempts, retry_after: retryAfter } = rows[0];
    if (attempts > LOGIN_FAILURES_BEFORE_LOCK) {
      throw ApiError.rateLimited(retryAfter, 'Too many failed sign-ins for this email; try again later.');
    }
    return attempts;
  }

  /** A wrong password: the answer waits a little longer for each attempt past the free ones. */
  async failed(attempt: number): Promise<void> {
    const excess = attempt - FREE_LOGIN_FAILURES;
    if (excess > 0) await new Promise((resolve) => setTimeout(resolve, excess * DELAY_STEP_MS));
  }

  async clear(email: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE email_key = $1', [email]);
  }
}
