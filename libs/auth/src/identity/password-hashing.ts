import { Injectable } from '@nestjs/common';
import { ApiError, AppConfig } from '@app/platform';
import { HashingPool, HashingPoolBusy } from './hashing-pool';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher';

/**
 * Every password hash of the server goes through one bounded pool (`PASSWORD_HASH_CONCURRENCY` at once, a
 * `PASSWORD_HASH_QUEUE_TIMEOUT_MS` wait at most, `PASSWORD_HASHES_PER_ADDRESS` per client address): a flood of sign-ins gets `429
 * rate_limited` with `Retry-After` instead of the CPU that signed-in users need.
 */
@Injectable()
export class PasswordHashing {
  private readonly pool: HashingPool;

  constructor(config: AppConfig) {
    this.pool = new HashingPool({
      slots: config.get('PASSWORD_HASH_CONCURRENCY'),
      queueDeadlineMs: config.get('PASSWORD_HASH_QUEUE_TIMEOUT_MS'),
      perClient: config.get('PASSWORD_HASHES_PER_ADDRESS'),
    });
  }

  hash(client: string, password: string): Promise<string> {
    return this.inPool(client, () => hashPassword(password));
  }

  /** Verifies against the decoy hash when there is no stored one, so an unknown email costs and takes the same. */
  verify(client: string, password: string, stored: string | undefined): Promise<boolean> {
    return this.inPool(client, async () => verifyPassword(password, stored ?? (await decoyPasswordHash())));
  }

  private async inPool<T>(client: string, task: () => Promise<T>): Promise<T> {
    try {
      return await this.pool.run(client, task);
    } catch (error) {
      if (!(error instanceof HashingPoolBusy)) throw error;
      throw ApiError.rateLimited(
        error.retryAfterSeconds,
        error.reason === 'client_busy'
          ? 'Sign-ins from this address are already being checked; try again in a moment.'
          : 'The server is busy checking other sign-ins; try again in a moment.',
      );
    }
  }
}
