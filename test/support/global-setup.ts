import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
// Global setup runs outside Jest's module mapping, so it reaches the platform by path.
// eslint-disable-next-line no-restricted-imports
import { EmbeddedDatabase } from '../../libs/platform/src/database/embedded-postgres';
// eslint-disable-next-line no-restricted-imports
import { MIGRATIONS } from '../../libs/platform/src/database/migrations';
// eslint-disable-next-line no-restricted-imports
import { SnakeNamingStrategy } from '../../libs/platform/src/database/snake-naming.strategy';
import { databaseUrlFor } from './database-urls';

declare global {
  var embeddedTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * With `DATABASE_URL` set (CI) the tests use that server; without it they start one embedded PostgreSQL for the
 * whole run. Either way the migrations run once, into a template database of this run, and each test file
 * creates its own database as a copy of it (test/support/test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hellobooks-test-'));
    chmodSync(dataDir, 0o755);
    const database = await EmbeddedDatabase.start({ dataDir, port: 0, databaseName: 'postgres', log: () => undefined });
    globalThis.embeddedTestDatabase = database;
    process.env.DATABASE_URL = database.url;
    process.env.HB_TEST_DATA_DIR = dataDir;
  }
  const adminUrl = process.env.DATABASE_URL;
  // Several runs may share one server (engineers on one machine): each run has a template of its own.
  const template = `hb_template_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const migrations = new DataSource({
    type: 'postgres',
    url: databaseUrlFor(adminUrl, template),
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
  });
  await migrations.initialize();
  try {
    await migrations.runMigrations({ transaction: 'each' });
  } finally {
    // CREATE DATABASE … TEMPLATE refuses while any session is connected to the template.
    await migrations.destroy();
  }
  process.env.HB_TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.HB_TEST_TEMPLATE_DATABASE = template;
}
