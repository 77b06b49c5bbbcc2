import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './test-app';

const run = promisify(execFile);
const QUICKSTART_BASE = 'BASE=http://localhost:3000';

/** The first bash block of a README.md section, exactly as a newcomer would paste it. */
export function readmeBashBlock(title: string): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith(title));
  const block = section && /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md has no bash block under "${title}"`);
  if (!block.includes(QUICKSTART_BASE)) throw new Error(`The block under "${title}" does not set ${QUICKSTART_BASE}`);
  return block;
}

/** Runs a quickstart block with `set -euo pipefail` against a test server instead of localhost:3000; its stdout. */
export async function runQuickstart(script: string, base: string): Promise<string> {
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script.replace(QUICKSTART_BASE, `BASE=${base}`)], {
    timeout: 30_000,
  });
  return stdout;
}

/** The whole app with the demo tenant seeded, listening on a free port: what a quickstart talks to. */
export async function demoServer(): Promise<{ t: TestApp; base: string }> {
  const t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  await t.app.listen(0, '127.0.0.1');
  return { t, base: (await t.app.getUrl()).replace('[::1]', 'localhost') };
}
