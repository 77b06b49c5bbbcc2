import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.HB_TEST_ADMIN_DATABASE_URL;
  const template = process.env.HB_TEST_TEMPLATE_DATABASE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await globalThis.embeddedTestDatabase?.stop();
  if (process.env.HB_TEST_DATA_DIR) rmSync(process.env.HB_TEST_DATA_DIR, { recursive: true, force: true });
}
