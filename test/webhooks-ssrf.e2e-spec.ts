import { Transactions } from '@app/platform';
import { EventOutbox } from '@app/webhooks';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';
import { waitUntil } from './support/wait';

/** The server as it runs in production: WEBHOOKS_ALLOW_PRIVATE_URLS is off. */
describe('webhooks: SSRF protection', () => {
  let t: TestApp;
  let user: SignedInUser;
  let app: InstalledApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'false', WEBHOOK_DISPATCH_INTERVAL_MS: '50' } });
    user = await registerUser(t, 'ssrf');
    app = await installApp(t, user, ['webhook:create', 'webhook:read', 'bom:read']);
    base = `/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`;
  });
  afterAll(() => t.close());

  it.each([
    ['plain http', 'http://hooks.example.com/in', 'https'],
    ['credentials', 'https://user:secret@hooks.example.com/in', 'credentials'],
    ['loopback', 'https://127.0.0.1/in', 'not a public address'],
    ['loopback by name', 'https://localhost/in', 'not a public address'],
    ['decimal loopback', 'https://2130706433/in', 'not a public address'],
    ['IPv6 loopback', 'https://[::1]/in', 'not a public address'],
    ['IPv4-mapped IPv6', 'https://[::ffff:10.0.0.1]/in', 'not a public address'],
    ['RFC 1918', 'https://192.168.1.10/in', 'not a public address'],
    ['CGNAT', 'https://100.64.1.1/in', 'not a public address'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data', 'not a public address'],
    ['IPv6 ULA', 'https://[fd00::1]/in', 'not a public address'],
  ])('refuses %s with 422 unprocessable', async (_label, url, reason) => {
    const res = await t
      .http()
      .post(base)
      .set('Authorization', `Bearer ${app.accessToken}`)
      .send({ url, topics: ['bom.created'] })
      .expect(422);
    expect(res.body).toMatchObject({ error: 'unprocessable', message: expect.stringContaining(reason) });
  });

  it.each(['not a url', '/relative/path', 'hooks.example.com/in'])(
    'answers %j, which is no absolute URL, with 400 validation_failed on url',
    async (url) => {
      const res = await t
        .http()
        .post(base)
        .set('Authorization', `Bearer ${app.accessToken}`)
        .send({ url, topics: ['bom.created'] })
        .expect(400);
      expect(res.body).toMatchObject({
        error: 'validation_failed',
        details: [expect.objectContaining({ field: 'url' })],
      });
    },
  );

  it('checks the address again at delivery time and records the refusal instead of connecting', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      // A subscription whose URL became unsafe after it was accepted (here: written straight into the table).
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO webhook_subscriptions (org_id, entity_id, install_id, url, topics, secret_ciphertext)
         VALUES ($2, $3, $4, $1, ARRAY['bom.created'], 'v1:never:opened:here') RETURNING id`,
        [receiver.url.replace('http://', 'https://'), user.orgId, user.entityId, app.installId],
      );
      await t.app.get(Transactions).run((unitOfWork) =>
        t.app.get(EventOutbox).publish(unitOfWork, {
          type: 'bom.created',
          tenant: { orgId: user.orgId, entityId: user.entityId },
          data: { id: 'bom-1' },
        }),
      );
      let attempts: { status: string; error: string }[] = [];
      await waitUntil(async () => {
        attempts = await t.sql('SELECT status, error FROM webhook_attempts WHERE subscription_id = $1', [id]);
        return attempts.length > 0;
      }, 'the attempt recorded');
      expect(attempts).toEqual([{ status: 'failed', error: expect.stringContaining('not a public address') }]);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.stop();
    }
  });
});
