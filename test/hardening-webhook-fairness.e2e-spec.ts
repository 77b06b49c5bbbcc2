import { randomBytes } from 'node:crypto';
import { publishBomCreated } from './support/events';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/*
 * The review's dispatch finding: one tenant's endpoint that never answers filled every delivery slot (16 per
 * instance, 15 s each), and tenant B's ping took 44 s instead of 45 ms.
 */
describe('Hardening: fair webhook dispatch', () => {
  let t: TestApp;
  let tenantA: SignedInUser;
  let tenantB: SignedInUser;
  let appA: InstalledApp;
  let appB: InstalledApp;
  let hanging: WebhookReceiver;
  let healthy: WebhookReceiver;
  const scopes = ['webhook:create', 'webhook:read', 'webhook:delete', 'bom:read'];
  const hooks = (user: SignedInUser) => `/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`;
  const subscribe = (user: SignedInUser, app: InstalledApp, url: string) =>
    t
      .http()
      .post(hooks(user))
      .set('Authorization', `Bearer ${app.accessToken}`)
      .send({ url, topics: ['bom.created'] });

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
        WEBHOOK_DISPATCH_INTERVAL_MS: '50',
        WEBHOOK_DISPATCH_CONCURRENCY: '16',
        WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION: '2',
        WEBHOOK_MAX_IN_FLIGHT_PER_TENANT: '4',
        WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
    });
    tenantA = await registerUser(t, 'hanging');
    tenantB = await registerUser(t, 'healthy');
    appA = await installApp(t, tenantA, scopes);
    appB = await installApp(t, tenantB, scopes);
    hanging = await WebhookReceiver.start();
    healthy = await WebhookReceiver.start();
    // Tenant A's endpoint takes every request and never answers.
    hanging.respondWith(() => undefined);
  });
  afterAll(async () => {
    await hanging.stop();
    await healthy.stop();
    await t.close();
  });

  it('caps what a hanging tenant holds, so another tenant’s ping is delivered at once', async () => {
    for (let i = 0; i < 3; i += 1) await subscribe(tenantA, appA, hanging.url).expect(201);
    const b = await subscribe(tenantB, appB, healthy.url).expect(201);
    // 60 events for tenant A, each to its three subscriptions: 180 deliveries to an endpoint that hangs.
    await publishBomCreated(t, tenantA, 60);
    // The tenant cap: four of A's deliveries are in flight, and no more are taken while they hang.
    await hanging.waitFor(4);
    await t
      .http()
      .post(`${hooks(tenantB)}/${b.body.id}/ping`)
      .set('Authorization', `Bearer ${appB.accessToken}`)
      .expect((res) => expect([200, 201, 202]).toContain(res.status));
    const [ping] = await healthy.waitFor(1, 5_000);
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'webhook.ping', org_id: tenantB.orgId });
    // Still four: B's ping did not wait for one of A's attempts to give up (15 s), nor did A take another slot.
    expect(hanging.received).toHaveLength(4);
    const [inFlight] = await t.sql<{ subscriptions: string; deliveries: string }>(
      `SELECT count(DISTINCT subscription_id) AS subscriptions, count(*) AS deliveries FROM webhook_deliveries
       WHERE org_id = $1 AND status = 'pending' AND claim_token IS NOT NULL`,
      [tenantA.orgId],
    );
    expect(Number(inFlight.deliveries)).toBe(4);
    expect(Number(inFlight.subscriptions)).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('lets an install hold at most 16 live subscriptions: the 17th is a 422, a deletion makes room', async () => {
    const user = await registerUser(t, 'many-hooks');
    const app = await installApp(t, user, scopes);
    const ids: string[] = [];
    for (let i = 0; i < 16; i += 1) ids.push((await subscribe(user, app, healthy.url).expect(201)).body.id as string);
    const refused = await subscribe(user, app, healthy.url).expect(422);
    expect(refused.body.error).toBe('unprocessable');
    expect(refused.body.message).toContain('16');
    await t
      .http()
      .delete(`${hooks(user)}/${ids[0]}`)
      .set('Authorization', `Bearer ${app.accessToken}`)
      .expect(204);
    await subscribe(user, app, healthy.url).expect(201);
    const [{ n }] = await t.sql<{ n: string }>(
      'SELECT count(*) AS n FROM webhook_subscriptions WHERE org_id = $1 AND deleted_at IS NULL',
      [user.orgId],
    );
    expect(n).toBe('16');
  });
});
