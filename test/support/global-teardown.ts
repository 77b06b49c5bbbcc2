import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.embeddedTestDatabase?.stop();
  if (process.env.HB_TEST_DATA_DIR) rmSync(process.env.HB_TEST_DATA_DIR, { recursive: true, force: true });
}
