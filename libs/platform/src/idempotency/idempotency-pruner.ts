import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PeriodicTask } from '../housekeeping/periodic-task';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.interceptor';

/** Rows one run deletes at most, so a large backlog is worked off in short statements. */
const PRUNE_BATCH = 10_000;

/**
 * Deletes expired idempotency keys on a schedule (`HOUSEKEEPING_INTERVAL_MS`): a key is only ever read within its
 * 24 hours, and without this every key ever sent would keep its row.
 */
@Injectable()
export class IdempotencyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.schedule = new PeriodicTask('Idempotency key pruning', config.get('HOUSEKEEPING_INTERVAL_MS'), () =>
      this.pruneExpired(),
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.schedule.stop();
  }

  async pruneExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE created_at < clock_timestamp() - make_interval(hours => $1)
         LIMIT ${PRUNE_BATCH})`,
      [IDEMPOTENCY_KEY_TTL_HOURS],
    );
  }
}
