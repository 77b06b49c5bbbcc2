import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { SnakeNamingStrategy } from '@app/platform';
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
 * whatever happens. `logger` sees every query of the DataSource (to count round trips).
 */
export async function withMigratedDatabase(
  label: string,
  work: (database: MigratedDatabase) => Promise<void>,
  logger?: Logger,
): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server the bench may create a database on.');
  const name = `hb_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    ...(logger && { logging: ['query'], logger }),
  });
  const client = new Client({ connectionString: url.toString() });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    await client.connect();
    await work({ name, dataSource, client });
  } finally {
    await client.end().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
