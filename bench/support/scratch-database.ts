import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface ScratchDatabase {
  name: string;
  /** DATABASE_URL's server with this database in its path. */
  url: string;
}

/**
 * Runs `work` on a database of its own on DATABASE_URL's server, and drops it afterwards whatever happens, so a
 * bench never leaves data behind nor reads another run's.
 */
export async function withScratchDatabase<T>(
  label: string,
  work: (database: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const adminUrl = process.env.HB_BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server the bench may create a database on.');
  // Benches point DATABASE_URL at the scratch database for the app they boot; later ones still need the server's.
  process.env.HB_BENCH_ADMIN_DATABASE_URL = adminUrl;
  const name = `hb_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work({ name, url: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
