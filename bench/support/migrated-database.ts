import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SnakeNamingStrategy } from '@app/platform';
import { withScratchDatabase } from './scratch-database';
// The benches build their schema the way the server does, from the migration list, which no library exports.
// eslint-disable-next-line no-restricted-imports
import { MIGRATIONS } from '../../libs/platform/src/database/migrations';

export interface MigratedDatabase {
  name: string;
  /** A TypeORM DataSource on it, for the library functions the API runs. */
  dataSource: DataSource;
  /** A plain pg client on it, for bulk set-up and hand-written SQL. */
  client: Client;
}

/**
 * Runs `work` on a database of its own next to DATABASE_URL's, migrated like the server's, and drops it afterwards
 * whatever happens.
 */
export async function withMigratedDatabase(
  label: string,
  work: (database: MigratedDatabase) => Promise<void>,
): Promise<void> {
  await withScratchDatabase(label, async ({ name, url }) => {
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      namingStrategy: new SnakeNamingStrategy(),
      migrations: MIGRATIONS,
    });
    const client = new Client({ connectionString: url });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations();
      await client.connect();
      await work({ name, dataSource, client });
    } finally {
      await client.end().catch(() => undefined);
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
}
