import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

/** The bash block of README.md's "Quickstart 1" section, exactly as a newcomer would paste it. */
function quickstartScript(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quickstart 1: install a marketplace app'));
  const block = section && /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block under "Quickstart 1: install a marketplace app"');
  return block;
}

describe('README Quickstart 1, run verbatim against the server', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', 'localhost');
  });
  afterAll(() => t.close());

  it('logs in as the demo owner, registers and installs an app, and /public/v1/me shows its tenant and scopes', async () => {
    const script = quickstartScript();
    expect(script).toContain('BASE=http://localhost:3000');
    const { stdout } = await run(
      'bash',
      ['-euo', 'pipefail', '-c', script.replace('BASE=http://localhost:3000', `BASE=${base}`)],
      {
        timeout: 30_000,
      },
    );
    const [consentLine, meLine] = stdout.trim().split('\n');
    const [demo] = await t.sql<{ org_id: string; entity_id: string }>(
      `SELECT m.org_id, m.entity_id FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE u.email = 'demo@hellobooks.local' ORDER BY m.created_at LIMIT 1`,
    );
    expect(JSON.parse(consentLine)).toMatchObject({
      app: { name: 'Quickstart App' },
      scopes: ['bom:read'],
      tenant: {
        orgId: demo.org_id,
        orgName: 'Demo Manufacturing',
        entityId: demo.entity_id,
        entityName: 'Main Plant',
      },
    });
    expect(JSON.parse(meLine)).toEqual({
      install_id: expect.any(String),
      client_id: expect.stringMatching(/^hbc_/),
      app: { id: expect.any(String), name: 'Quickstart App' },
      org_id: demo.org_id,
      entity_id: demo.entity_id,
      scopes: ['bom:read'],
      token_expires_at: expect.any(String),
    });
  });
});
