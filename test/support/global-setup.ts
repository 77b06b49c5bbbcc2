import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Global setup runs outside Jest's module mapping, so it reaches the platform by path.
// eslint-disable-next-line no-restricted-imports
import { EmbeddedDatabase } from '../../libs/platform/src/database/embedded-postgres';

declare global {
  var embeddedTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * With `DATABASE_URL` set (CI) the tests use that server; without it they start one embedded PostgreSQL for the
 * whole run. Either way each test file creates a database of its own from this URL.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'hellobooks-test-'));
  chmodSync(dataDir, 0o755);
  const database = await EmbeddedDatabase.start({ dataDir, port: 0, databaseName: 'postgres', log: () => undefined });
  globalThis.embeddedTestDatabase = database;
  process.env.DATABASE_URL = database.url;
  process.env.HB_TEST_DATA_DIR = dataDir;
}
