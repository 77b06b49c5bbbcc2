import { demoServer, readmeBashBlock, runQuickstart } from './support/readme';
import type { TestApp } from './support/test-app';

describe('README Quickstart 1, run verbatim against the server', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => ({ t, base } = await demoServer()));
  afterAll(() => t.close());

  it('logs in as the demo owner, registers and installs an app, and /public/v1/me shows its tenant and scopes', async () => {
    const stdout = await runQuickstart(readmeBashBlock('Quickstart 1: install a marketplace app'), base);
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
