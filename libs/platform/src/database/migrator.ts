import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** Any constant works; it only has to be the same in every instance of the server. */
const MIGRATION_LOCK_KEY = 72_616_001;

/**
 * Runs pending migrations at boot (unless `MIGRATIONS_RUN=false`), under an advisory lock so that instances
 * starting together apply each migration once.
 */
@Injectable()
export class Migrator implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.get('MIGRATIONS_RUN')) return;
    // A connection of its own without the pool's statement_timeout: a migration, or the wait for another
    // instance's, may rightly take longer than any request should.
    const { extra } = this.dataSource.options as { extra?: object };
    const migrating = await new DataSource({
      ...this.dataSource.options,
      extra: { ...extra, max: 2, statement_timeout: 0 },
    }).initialize();
    const lock = migrating.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const applied = await migrating.runMigrations({ transaction: 'each' });
      if (applied.length)
        this.logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await lock.release();
      await migrating.destroy();
    }
  }
}
