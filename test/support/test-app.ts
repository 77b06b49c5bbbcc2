import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleMetadata, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { databaseUrlFor } from './database-urls';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
/** A fixed key: with DATABASE_URL set the server refuses to start without one. */
const TEST_WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: NestExpressApplication;
  http: () => TestAgent;
  databaseUrl: string;
  /** Runs SQL against this file's database, for set-up the API has no route for and for checking stored rows. */
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Extra controllers, e.g. one that throws, mounted next to the real ones. */
  controllers?: Type[];
  imports?: ModuleMetadata['imports'];
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A copy of the migrated template of this run. PostgreSQL refuses two copies of one template at a time ("source
 * database is being accessed by other users"), so the workers of a run take turns under an advisory lock named
 * after the template.
 */
async function createDatabaseFromTemplate(adminUrl: string, template: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

/**
 * The whole app, configured as main.ts configures it, on a database of its own that is dropped on close: every
 * test file is isolated from the others.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const adminUrl = process.env.HB_TEST_ADMIN_DATABASE_URL;
  const template = process.env.HB_TEST_TEMPLATE_DATABASE;
  if (!adminUrl || !template) throw new Error('The global setup (test/support/global-setup.ts) has not run');
  const name = `hb_test_${randomBytes(6).toString('hex')}`;
  await createDatabaseFromTemplate(adminUrl, template, name);
  const databaseUrl = databaseUrlFor(adminUrl, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'hellobooks-app-'));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    WEBHOOK_ENCRYPTION_KEY: TEST_WEBHOOK_ENCRYPTION_KEY,
    SEED_DEMO: 'false',
    // The template is migrated already; the boot's migrator finds nothing pending.
    MIGRATIONS_RUN: 'true',
    DATA_DIR: dataDir,
    // Every test signs in from loopback; the files that test the per-address throttle set their own limit.
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    // …and their sign-ins run side by side on a loaded machine; the hashing pool's own test sets its bounds.
    PASSWORD_HASHES_PER_ADDRESS: '64',
    PASSWORD_HASH_QUEUE_TIMEOUT_MS: '60000',
    ...options.env,
    DATABASE_URL: databaseUrl,
  });
  const dropDatabase = async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let app: NestExpressApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.register(), ...(options.imports ?? [])],
      controllers: options.controllers ?? [],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureApp(app);
    await app.init();
  } catch (error) {
    // An app that failed to boot still holds connections and timers: release them, or Jest never exits.
    await app?.close().catch(() => undefined);
    await dropDatabase();
    throw error;
  }
  const started = app;
  const pool = new Client({ connectionString: databaseUrl });
  await pool.connect();
  return {
    app: started,
    databaseUrl,
    http: () => request(started.getHttpServer()),
    sql: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: async () => {
      await pool.end();
      await started.close();
      await dropDatabase();
    },
  };
}
