import { Internal, Transactions } from '@app/platform';
import { EventOutbox, WebhookDispatcher } from '@app/webhooks';
import { registerUser, SignedInUser } from './support/identity';
import { authorizeApp, installApp, InstalledApp, registerApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';
import { waitUntil } from './support/wait';

const ALL_SCOPES = ['webhook:create', 'webhook:read', 'webhook:delete', 'bom:read', 'workOrder:read'];

class PublishedBom {
  id = 'bom-1';
  itemId = 'item-1';
  quantity = '2.500000';
  @Internal() createdBy = 'user-1';
}

describe('webhooks: subscriptions, outbox, signed delivery', () => {
  let t: TestApp;
  let user: SignedInUser;
  let app: InstalledApp;
  let receiver: WebhookReceiver;
  let base: string;

  const auth = (token = app.accessToken) => ({ Authorization: `Bearer ${token}` });
  const publish = (type: 'bom.created' | 'work_order.released', data: object, tenant = user) =>
    t.app
      .get(Transactions)
      .run((unitOfWork) =>
        t.app
          .get(EventOutbox)
          .publish(unitOfWork, { type, tenant: { orgId: tenant.orgId, entityId: tenant.entityId }, data }),
      );
  const subscribe = async (body: Record<string, unknown>, token = app.accessToken) =>
    (await t.http().post(base).set(auth(token)).send(body).expect(201)).body as {
      id: string;
      signing_secret: string;
    };

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '50' } });
    user = await registerUser(t, 'hooks');
    app = await installApp(t, user, ALL_SCOPES);
    base = `/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`;
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await t.sql(`UPDATE webhook_subscriptions SET deleted_at = clock_timestamp() WHERE deleted_at IS NULL`);
    await receiver.stop();
  });
  afterAll(() => t.close());

  it('creates a subscription with a one-time whsec_ secret, stored encrypted, and lists it with its health', async () => {
    const res = await t
      .http()
      .post(base)
      .set(auth())
      .send({ url: receiver.url, topics: ['bom.created', 'work_order.released'], description: 'ERP sync' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      topics: ['bom.created', 'work_order.released'],
      description: 'ERP sync',
      status: 'active',
      disabled_reason: null,
      created_at: expect.any(String),
      signing_secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      health: {
        deliveries_24h: 0,
        failures_24h: 0,
        success_rate_24h: null,
        consecutive_failures: 0,
        last_attempt_at: null,
        last_success_at: null,
        last_failure_at: null,
        last_status_code: null,
        last_error: null,
      },
    });
    const secret = res.body.signing_secret as string;
    const [stored] = await t.sql<{ secret_ciphertext: string; install_id: string }>(
      'SELECT secret_ciphertext, install_id FROM webhook_subscriptions WHERE id = $1',
      [res.body.id],
    );
    expect(stored.install_id).toBe(app.installId);
    expect(stored.secret_ciphertext).not.toContain(secret.slice(6));

    const list = await t.http().get(base).set(auth()).expect(200);
    expect(list.body).toEqual({ data: [{ ...res.body, signing_secret: undefined }] });
    expect(JSON.stringify(list.body)).not.toContain('signing_secret');
    const one = await t.http().get(`${base}/${res.body.id}`).set(auth()).expect(200);
    expect(one.body).not.toHaveProperty('signing_secret');
    expect(one.body).not.toHaveProperty('install_id');
  });

  it('delivers a published event, signed per Standard Webhooks, in its public shape', async () => {
    const { id, signing_secret: secret } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await publish('bom.created', new PublishedBom());
    const [received] = await receiver.waitFor(1);
    const payload = WebhookReceiver.verify(received, secret);
    const [event] = await t.sql<{ id: string }>(`SELECT id FROM webhook_events WHERE type = 'bom.created'`);
    expect(received.headers['webhook-id']).toBe(event.id);
    expect(Math.abs(Number(received.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    expect(payload).toEqual({
      id: event.id,
      type: 'bom.created',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      org_id: user.orgId,
      entity_id: user.entityId,
      install_id: app.installId,
      data: { id: 'bom-1', item_id: 'item-1', quantity: '2.500000' },
    });
    await waitUntil(async () => (await attemptsOf(id)).length === 1);
    const log = await t.http().get(`${base}/${id}/deliveries`).set(auth()).expect(200);
    expect(log.body).toEqual({
      data: [
        {
          id: expect.any(String),
          delivery_id: expect.any(String),
          event_id: event.id,
          topic: 'bom.created',
          attempt: 1,
          status: 'succeeded',
          status_code: 204,
          duration_ms: expect.any(Number),
          error: null,
          attempted_at: expect.any(String),
        },
      ],
      next_cursor: null,
    });
    const health = (await t.http().get(`${base}/${id}`).set(auth()).expect(200)).body.health;
    expect(health).toMatchObject({ deliveries_24h: 1, failures_24h: 0, success_rate_24h: 1, last_status_code: 204 });
    expect(health.last_success_at).toEqual(health.last_attempt_at);
  });

  it('publishes nothing when the publishing transaction rolls back, and only to matching topics', async () => {
    await subscribe({ url: receiver.url, topics: ['work_order.released'] });
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM webhook_events');
    await expect(
      t.app.get(Transactions).run(async (unitOfWork) => {
        await t.app.get(EventOutbox).publish(unitOfWork, {
          type: 'work_order.released',
          tenant: { orgId: user.orgId, entityId: user.entityId },
          data: { id: 'wo-rolled-back' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.sql<{ n: string }>('SELECT count(*) AS n FROM webhook_events');
    expect(after[0].n).toBe(before[0].n);
    await publish('bom.created', { id: 'not-subscribed' });
    await publish('work_order.released', { id: 'wo-1' });
    const [received] = await receiver.waitFor(1);
    // The outbox decides at publish who gets an event: no delivery row, no webhook, ever.
    expect(await deliveryStatuses('not-subscribed')).toEqual([]);
    await waitUntil(async () => (await deliveryStatuses('wo-1')).join() === 'succeeded', 'wo-1 delivered');
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(received.body)).toMatchObject({ type: 'work_order.released', data: { id: 'wo-1' } });
  });

  it('never delivers to another tenant, and stops delivering once the app is uninstalled', async () => {
    await subscribe({ url: receiver.url, topics: ['bom.created'] });
    const other = await registerUser(t, 'other');
    await publish('bom.created', { id: 'elsewhere' }, other);
    expect(await deliveryStatuses('elsewhere')).toEqual([]);

    const second = await registerUser(t, 'uninstaller');
    const installed = await installApp(t, second, ALL_SCOPES);
    const secondBase = `/public/v1/orgs/${second.orgId}/entities/${second.entityId}/webhooks`;
    await t
      .http()
      .post(secondBase)
      .set(auth(installed.accessToken))
      .send({ url: receiver.url, topics: ['bom.created'] })
      .expect(201);
    await t
      .http()
      .delete(`/marketplace/installs/${installed.installId}`)
      .set('Authorization', `Bearer ${second.token}`)
      .expect((res) => expect([200, 204]).toContain(res.status));
    await publish('bom.created', { id: 'after-uninstall' }, second);
    expect(await deliveryStatuses('after-uninstall')).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('stops sending a topic, pending retries included, once the install is approved again without its read scope', async () => {
    const owner = await registerUser(t, 'rescoped');
    const registered = await registerApp(t, owner, ALL_SCOPES);
    const before = await authorizeApp(t, owner, registered, ALL_SCOPES);
    const ownerBase = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}/webhooks`;
    const subscription = await t
      .http()
      .post(ownerBase)
      .set(auth(before.accessToken))
      .send({ url: receiver.url, topics: ['bom.created', 'work_order.released'] })
      .expect(201);
    const id = subscription.body.id as string;
    receiver.respondWith((_received, response) => response.writeHead(500).end());
    await publish('bom.created', { id: 'queued-while-readable' }, owner);
    await receiver.waitFor(1);
    await waitUntil(async () => (await attemptsOf(id)).length === 1);
    const [failed] = await t.sql<{ id: string }>('SELECT id FROM webhook_deliveries WHERE subscription_id = $1', [id]);

    // The owner approves the same app again, without bom:read: the install keeps its id, with fewer scopes.
    const after = await authorizeApp(t, owner, registered, ['webhook:create', 'webhook:read', 'workOrder:read']);
    expect(after.installId).toBe(before.installId);
    receiver.respondWith((_received, response) => response.writeHead(204).end());
    await t.sql(`UPDATE webhook_deliveries SET next_attempt_at = clock_timestamp() WHERE id = $1`, [failed.id]);
    await waitUntil(
      async () =>
        (await t.sql<{ status: string }>('SELECT status FROM webhook_deliveries WHERE id = $1', [failed.id]))[0]
          .status === 'cancelled',
    );
    await publish('bom.created', { id: 'no-longer-readable' }, owner);
    await publish('work_order.released', { id: 'still-readable' }, owner);
    const [, delivered] = await receiver.waitFor(2);
    expect(await deliveryStatuses('no-longer-readable')).toEqual([]);
    await waitUntil(
      async () => (await deliveryStatuses('still-readable')).join() === 'succeeded',
      'still-readable delivered',
    );
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'work_order.released', data: { id: 'still-readable' } });
    const redeliver = await t
      .http()
      .post(`${ownerBase}/${id}/deliveries/${failed.id}/redeliver`)
      .set(auth(after.accessToken))
      .expect(403);
    expect(redeliver.body).toMatchObject({ error: 'insufficient_scope', required: ['bom:read'] });
  });

  it('retries a failed delivery with the same webhook-id and a fresh signature until the receiver recovers', async () => {
    let calls = 0;
    receiver.respondWith((_received, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(500).end('down');
      else if (calls === 2) response.writeHead(503, { 'Retry-After': '1' }).end();
      else response.writeHead(200).end('ok');
    });
    const { id, signing_secret: secret } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await publish('bom.created', { id: 'retried' });
    await receiver.waitFor(1);
    await waitUntil(async () => (await attemptsOf(id)).length === 1);
    const [delivery] = await t.sql<{ delay: number; attempts: number; status: string }>(
      `SELECT extract(epoch FROM next_attempt_at - clock_timestamp()) AS delay, attempts, status
       FROM webhook_deliveries WHERE subscription_id = $1`,
      [id],
    );
    expect(delivery).toMatchObject({ attempts: 1, status: 'pending' });
    expect(Number(delivery.delay)).toBeGreaterThan(3);
    expect(Number(delivery.delay)).toBeLessThanOrEqual(5.5);
    const received = await receiver.waitFor(3, 15_000);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const attempt of received) WebhookReceiver.verify(attempt, secret);
    // The 503's Retry-After of 1 s was honoured rather than the 5 min of the schedule.
    expect(received[2].receivedAt - received[1].receivedAt).toBeLessThan(5000);
    await waitUntil(async () => (await attemptsOf(id)).length === 3);
    expect((await attemptsOf(id)).map((a) => [a.attempt, a.status, a.status_code])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'succeeded', 200],
    ]);
    const health = (await t.http().get(`${base}/${id}`).set(auth()).expect(200)).body.health;
    expect(health).toMatchObject({
      deliveries_24h: 3,
      failures_24h: 2,
      consecutive_failures: 0,
      last_status_code: 200,
    });
  }, 30_000);

  it('disables a subscription whose endpoint answers 410 Gone', async () => {
    receiver.respondWith((_received, response) => response.writeHead(410).end());
    const { id } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await publish('bom.created', { id: 'gone' });
    await receiver.waitFor(1);
    await waitUntil(async () => (await t.http().get(`${base}/${id}`).set(auth())).body.status === 'disabled');
    const res = await t.http().get(`${base}/${id}`).set(auth()).expect(200);
    expect(res.body).toMatchObject({ status: 'disabled', disabled_reason: expect.stringContaining('410') });
    await t.http().post(`${base}/${id}/ping`).set(auth()).expect(422);
  });

  it('disables a subscription whose deliveries have all failed for 5 days', async () => {
    receiver.respondWith((_received, response) => response.writeHead(500).end());
    const { id } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await t.sql(
      `UPDATE webhook_subscriptions SET failing_since = clock_timestamp() - interval '5 days 1 minute' WHERE id = $1`,
      [id],
    );
    await publish('bom.created', { id: 'still-failing' });
    await waitUntil(async () => (await t.http().get(`${base}/${id}`).set(auth())).body.status === 'disabled');
    const [delivery] = await t.sql<{ status: string }>(
      `SELECT status FROM webhook_deliveries WHERE subscription_id = $1`,
      [id],
    );
    expect(delivery.status).toBe('failed');
  });

  it('pings at once, rotates the secret with both secrets signing, and redelivers with the same webhook-id', async () => {
    const { id, signing_secret: oldSecret } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    const ping = await t.http().post(`${base}/${id}/ping`).set(auth()).expect(202);
    expect(ping.body).toEqual({ delivery_id: expect.any(String), event_id: expect.any(String), status: 'pending' });
    const [pinged] = await receiver.waitFor(1, 3000);
    expect(WebhookReceiver.verify(pinged, oldSecret)).toMatchObject({
      id: ping.body.event_id,
      type: 'webhook.ping',
      install_id: app.installId,
    });

    const rotated = await t.http().post(`${base}/${id}/rotate-secret`).set(auth()).expect(200);
    const newSecret = rotated.body.signing_secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const redelivered = await t
      .http()
      .post(`${base}/${id}/deliveries/${ping.body.delivery_id}/redeliver`)
      .set(auth())
      .expect(202);
    expect(redelivered.body.event_id).toBe(ping.body.event_id);
    expect(redelivered.body.delivery_id).not.toBe(ping.body.delivery_id);
    const [, again] = await receiver.waitFor(2, 3000);
    expect(again.headers['webhook-id']).toBe(pinged.headers['webhook-id']);
    expect(String(again.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => WebhookReceiver.verify(again, oldSecret)).not.toThrow();
    expect(() => WebhookReceiver.verify(again, newSecret)).not.toThrow();

    await t.sql(`UPDATE webhook_subscriptions SET previous_secret_expires_at = clock_timestamp() WHERE id = $1`, [id]);
    await t.http().post(`${base}/${id}/ping`).set(auth()).expect(202);
    const [, , afterOverlap] = await receiver.waitFor(3, 3000);
    expect(() => WebhookReceiver.verify(afterOverlap, oldSecret)).toThrow();
    expect(() => WebhookReceiver.verify(afterOverlap, newSecret)).not.toThrow();
  });

  it('soft-deletes a subscription: 204, deleted_at set, gone from listings, pending deliveries dropped', async () => {
    receiver.respondWith((_received, response) => response.writeHead(500).end());
    const { id } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await publish('bom.created', { id: 'will-be-dropped' });
    await receiver.waitFor(1);
    await waitUntil(async () => (await attemptsOf(id)).length === 1);
    await t.http().delete(`${base}/${id}`).set(auth()).expect(204);
    const [row] = await t.sql<{ deleted_at: Date | null }>(
      'SELECT deleted_at FROM webhook_subscriptions WHERE id = $1',
      [id],
    );
    expect(row.deleted_at).toBeInstanceOf(Date);
    const deliveries = await t.sql<{ status: string }>(
      'SELECT status FROM webhook_deliveries WHERE subscription_id = $1',
      [id],
    );
    expect(deliveries.map((d) => d.status)).toEqual(['cancelled']);
    const list = await t.http().get(base).set(auth()).expect(200);
    expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(id);
    await t.http().get(`${base}/${id}`).set(auth()).expect(404);
    await t.http().delete(`${base}/${id}`).set(auth()).expect(404);
  });

  it('prunes attempts older than 30 days, then the finished deliveries and events nothing refers to', async () => {
    const { id } = await subscribe({ url: receiver.url, topics: ['bom.created'] });
    await publish('bom.created', { id: 'old' });
    await receiver.waitFor(1);
    await waitUntil(async () => (await attemptsOf(id)).length === 1);
    await publish('bom.created', { id: 'recent' });
    await receiver.waitFor(2);
    await waitUntil(async () => (await attemptsOf(id)).length === 2);
    const [old] = await t.sql<{ delivery_id: string; event_id: string }>(
      `SELECT delivery_id, event_id FROM webhook_attempts WHERE subscription_id = $1 ORDER BY attempted_at LIMIT 1`,
      [id],
    );
    await t.sql(`UPDATE webhook_attempts SET attempted_at = attempted_at - interval '31 days' WHERE delivery_id = $1`, [
      old.delivery_id,
    ]);
    await t.sql(`UPDATE webhook_deliveries SET completed_at = completed_at - interval '31 days' WHERE id = $1`, [
      old.delivery_id,
    ]);
    await t.sql(`UPDATE webhook_events SET created_at = created_at - interval '31 days' WHERE id = $1`, [old.event_id]);
    await t.app.get(WebhookDispatcher).pruneExpired();
    expect((await attemptsOf(id)).length).toBe(1);
    expect(await t.sql('SELECT 1 FROM webhook_deliveries WHERE id = $1', [old.delivery_id])).toEqual([]);
    expect(await t.sql('SELECT 1 FROM webhook_events WHERE id = $1', [old.event_id])).toEqual([]);
    const log = await t.http().get(`${base}/${id}/deliveries`).set(auth()).expect(200);
    expect(log.body.data).toHaveLength(1);
  });

  describe('error answers', () => {
    let id: string;
    beforeEach(async () => {
      ({ id } = await subscribe({ url: receiver.url, topics: ['bom.created'] }));
    });

    it('401 without a token or with a user token', async () => {
      const unauthenticated = await t.http().get(base).expect(401);
      expect(unauthenticated.body.error).toBe('unauthorized');
      const userToken = await t.http().get(base).set(auth(user.token)).expect(401);
      expect(userToken.body.error).toBe('invalid_token_audience');
      await t
        .http()
        .post(base)
        .send({ url: receiver.url, topics: ['bom.created'] })
        .expect(401);
    });

    it('403 insufficient_scope per route and per topic, with required and WWW-Authenticate', async () => {
      const reader = await installApp(t, user, ['webhook:read']);
      const create = await t
        .http()
        .post(base)
        .set(auth(reader.accessToken))
        .send({ url: receiver.url, topics: ['bom.created'] })
        .expect(403);
      expect(create.body).toMatchObject({ error: 'insufficient_scope', required: ['webhook:create'] });
      for (const [method, path] of [
        ['delete', `${base}/${id}`],
        ['post', `${base}/${id}/ping`],
        ['post', `${base}/${id}/rotate-secret`],
      ] as const) {
        await t.http()[method](path).set(auth(reader.accessToken)).expect(403);
      }
      const writer = await installApp(t, user, ['webhook:create', 'bom:read']);
      await t.http().get(base).set(auth(writer.accessToken)).expect(403);
      await t.http().get(`${base}/${id}/deliveries`).set(auth(writer.accessToken)).expect(403);
      const topic = await t
        .http()
        .post(base)
        .set(auth(writer.accessToken))
        .send({
          url: receiver.url,
          topics: ['bom.created', 'quality_inspection.created', 'subcontract_order.completed'],
        })
        .expect(403);
      expect(topic.body).toMatchObject({
        error: 'insufficient_scope',
        required: ['qualityInspection:read', 'subcontractOrder:read'],
      });
      expect(topic.headers['www-authenticate']).toContain('insufficient_scope');
    });

    it('403 tenant_scope_violation for another tenant in the URL', async () => {
      const other = await registerUser(t, 'tenant');
      const res = await t
        .http()
        .get(`/public/v1/orgs/${other.orgId}/entities/${other.entityId}/webhooks`)
        .set(auth())
        .expect(403);
      expect(res.body.error).toBe('tenant_scope_violation');
    });

    it('400 validation_failed for unknown topics, missing or unknown fields and bad ids', async () => {
      const unknownTopic = await t
        .http()
        .post(base)
        .set(auth())
        .send({ url: receiver.url, topics: ['bom.exploded'] })
        .expect(400);
      expect(unknownTopic.body).toMatchObject({
        error: 'validation_failed',
        details: [expect.objectContaining({ field: 'topics' })],
      });
      await t
        .http()
        .post(base)
        .set(auth())
        .send({ url: receiver.url, topics: ['webhook.ping'] })
        .expect(400);
      await t.http().post(base).set(auth()).send({ url: receiver.url, topics: [] }).expect(400);
      await t
        .http()
        .post(base)
        .set(auth())
        .send({ topics: ['bom.created'] })
        .expect(400);
      await t
        .http()
        .post(base)
        .set(auth())
        .send({ url: receiver.url, topics: ['bom.created'], secret: 'x' })
        .expect(400);
      await t.http().get(`${base}/not-a-uuid`).set(auth()).expect(400);
      await t.http().get(`${base}/${id}/deliveries?limit=0`).set(auth()).expect(400);
      await t.http().post(`${base}/${id}/deliveries/nope/redeliver`).set(auth()).expect(400);
    });

    it('404 for an unknown id, another install’s subscription and an unknown delivery', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const [method, path] of [
        ['get', `${base}/${unknown}`],
        ['delete', `${base}/${unknown}`],
        ['post', `${base}/${unknown}/ping`],
        ['post', `${base}/${unknown}/rotate-secret`],
        ['get', `${base}/${unknown}/deliveries`],
        ['post', `${base}/${id}/deliveries/${unknown}/redeliver`],
      ] as const) {
        const res = await t.http()[method](path).set(auth()).expect(404);
        expect(res.body.error).toBe('not_found');
      }
      const neighbour = await installApp(t, user, ALL_SCOPES);
      await t.http().get(`${base}/${id}`).set(auth(neighbour.accessToken)).expect(404);
      const theirs = await t.http().get(base).set(auth(neighbour.accessToken)).expect(200);
      expect(theirs.body.data).toEqual([]);
    });

    it('422 unprocessable for a URL with credentials', async () => {
      const res = await t
        .http()
        .post(base)
        .set(auth())
        .send({ url: receiver.url.replace('http://', 'http://user:pass@'), topics: ['bom.created'] })
        .expect(422);
      expect(res.body).toMatchObject({ error: 'unprocessable', message: expect.stringContaining('credentials') });
    });
  });

  /** The deliveries the outbox created for the event whose data has this id. */
  async function deliveryStatuses(dataId: string): Promise<string[]> {
    const rows = await t.sql<{ status: string }>(
      `SELECT d.status FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.data->>'id' = $1`,
      [dataId],
    );
    return rows.map((row) => row.status);
  }

  async function attemptsOf(subscriptionId: string) {
    return t.sql<{ attempt: number; status: string; status_code: number | null }>(
      'SELECT attempt, status, status_code FROM webhook_attempts WHERE subscription_id = $1 ORDER BY attempted_at',
      [subscriptionId],
    );
  }
});
