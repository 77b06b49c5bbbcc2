import { registerUser } from './support/identity';
import { installApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

/** An idempotent answer is kept to be replayed; a secret it carries must never be kept in clear (API.md §6). */
describe('idempotent answers at rest', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_DISPATCHER_ENABLED: 'false' } });
  });
  afterAll(() => t.close());

  it('replays a webhook subscription with its signing secret, which is stored sealed', async () => {
    const user = await registerUser(t, 'sealed');
    const app = await installApp(t, user, ['webhook:create', 'bom:read']);
    const create = () =>
      t
        .http()
        .post(`/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`)
        .set('Authorization', `Bearer ${app.accessToken}`)
        .set('Idempotency-Key', 'create-hook-1')
        .send({ url: 'http://127.0.0.1:9/hooks', topics: ['bom.created'] });
    const first = await create().expect(201);
    const secret = first.body.signing_secret as string;
    expect(secret).toMatch(/^whsec_/);

    const replay = await create().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    const rows = await t.sql<{ body: string }>(
      "SELECT response_body::text AS body FROM idempotency_keys WHERE key = 'create-hook-1'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].body).not.toContain(secret);
    expect(rows[0].body).not.toContain('whsec_');
    expect(rows[0].body).not.toContain(first.body.id as string);
  });
});
