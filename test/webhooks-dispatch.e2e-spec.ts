import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Transactions } from '@app/platform';
import { EventOutbox } from '@app/webhooks';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.setup';
import { registerUser, SignedInUser } from './support/identity';
import { installApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';
import { waitUntil } from './support/wait';

const SHARED_ENV = {
  WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_DISPATCH_INTERVAL_MS: '20',
  WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

/** Another server instance on the test app's database, as a second process behind a load balancer would be. */
async function startInstance(t: TestApp, env: Record<string, string>): Promise<INestApplication> {
  Object.assign(process.env, SHARED_ENV, env, { DATABASE_URL: t.databaseUrl });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register()] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.init();
  return app;
}

async function setUp(env: Record<string, string>) {
  const t = await createTestApp({ env: { ...SHARED_ENV, ...env } });
  const user = await registerUser(t, 'dispatch');
  const app = await installApp(t, user, ['webhook:create', 'webhook:read', 'bom:read']);
  const receiver = await WebhookReceiver.start();
  const res = await t
    .http()
    .post(`/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`)
    .set('Authorization', `Bearer ${app.accessToken}`)
    .send({ url: receiver.url, topics: ['bom.created'] })
    .expect(201);
  return { t, user, receiver, subscriptionId: res.body.id as string, secret: res.body.signing_secret as string };
}

function publish(t: TestApp, user: SignedInUser, count: number): Promise<void> {
  return t.app.get(Transactions).run(async (unitOfWork) => {
    for (let i = 0; i < count; i++) {
      await t.app.get(EventOutbox).publish(unitOfWork, {
        type: 'bom.created',
        tenant: { orgId: user.orgId, entityId: user.entityId },
        data: { id: `bom-${i}` },
      });
    }
  });
}

/** How many of the subscription's deliveries have this status. */
async function countWithStatus(t: TestApp, subscriptionId: string, status: string): Promise<number> {
  const [row] = await t.sql<{ n: string }>(
    'SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = $2',
    [subscriptionId, status],
  );
  return Number(row.n);
}

describe('webhook dispatch across instances', () => {
  it('two dispatchers on one database share the work and never send one attempt twice', async () => {
    const { t, user, receiver, subscriptionId, secret } = await setUp({ WEBHOOK_DISPATCH_CONCURRENCY: '8' });
    const second = await startInstance(t, { WEBHOOK_DISPATCH_CONCURRENCY: '8' });
    try {
      // A few milliseconds per answer keeps both pools busy, so both instances claim work.
      receiver.respondWith((_received, response) => setTimeout(() => response.writeHead(200).end(), 5));
      await publish(t, user, 300);
      const received = await receiver.waitFor(300, 30_000);
      // Every delivery settled: none is left to be sent again.
      await waitUntil(async () => (await countWithStatus(t, subscriptionId, 'succeeded')) === 300, 'all succeeded');
      expect(receiver.received).toHaveLength(300);
      expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(300);
      for (const one of received.slice(0, 10)) WebhookReceiver.verify(one, secret);
      const attempts = await t.sql<{ attempt: number; n: string }>(
        'SELECT attempt, count(*) AS n FROM webhook_attempts GROUP BY attempt',
      );
      expect(attempts).toEqual([{ attempt: 1, n: '300' }]);
      const instances = await t.sql<{ claimed_by: string }>('SELECT DISTINCT claimed_by FROM webhook_deliveries');
      expect(instances).toHaveLength(2);
      const [pending] = await t.sql<{ n: string }>(
        "SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'succeeded'",
      );
      expect(pending.n).toBe('0');
    } finally {
      await second.close();
      await receiver.stop();
      await t.close();
    }
  }, 60_000);

  it('an instance stopped mid-delivery hands the delivery back, and another instance sends it: nothing is lost', async () => {
    const { t, user, receiver, subscriptionId, secret } = await setUp({ WEBHOOK_DISPATCHER_ENABLED: 'false' });
    try {
      let hanging = true;
      receiver.respondWith((_received, response) => {
        // The first attempt never gets an answer while the first instance runs.
        if (hanging) return;
        response.writeHead(204).end();
      });
      const first = await startInstance(t, { WEBHOOK_DISPATCHER_ENABLED: 'true' });
      await publish(t, user, 1);
      await receiver.waitFor(1);
      await first.close();
      hanging = false;
      const [released] = await t.sql<{ claim_token: string | null; due: boolean; attempts: number }>(
        `SELECT claim_token, next_attempt_at <= clock_timestamp() AS due, attempts FROM webhook_deliveries
         WHERE subscription_id = $1`,
        [subscriptionId],
      );
      expect(released).toEqual({ claim_token: null, due: true, attempts: 0 });

      const restarted = await startInstance(t, { WEBHOOK_DISPATCHER_ENABLED: 'true' });
      try {
        const [firstTry, secondTry] = await receiver.waitFor(2);
        expect(secondTry.headers['webhook-id']).toBe(firstTry.headers['webhook-id']);
        WebhookReceiver.verify(secondTry, secret);
        await waitForStatus(t, subscriptionId, 'succeeded');
      } finally {
        await restarted.close();
      }
    } finally {
      await receiver.stop();
      await t.close();
    }
  }, 60_000);

  it('recovers a delivery claimed by an instance that died once its lease runs out, not before', async () => {
    const { t, user, receiver, subscriptionId } = await setUp({ WEBHOOK_DISPATCHER_ENABLED: 'false' });
    try {
      await publish(t, user, 1);
      // What a crashed instance leaves behind: a claim whose lease is still running.
      const [leased] = await t.sql<{ id: string }>(
        `UPDATE webhook_deliveries SET claim_token = gen_random_uuid(), claimed_by = 'dead-instance',
           next_attempt_at = clock_timestamp() + interval '1 minute' WHERE subscription_id = $1 RETURNING id`,
        [subscriptionId],
      );
      const survivor = await startInstance(t, { WEBHOOK_DISPATCHER_ENABLED: 'true' });
      try {
        // A second event, published after the lease: once the survivor has sent it, it has looked at the queue
        // with the leased delivery in it, and left that one alone.
        await t.app.get(Transactions).run((unitOfWork) =>
          t.app.get(EventOutbox).publish(unitOfWork, {
            type: 'bom.created',
            tenant: { orgId: user.orgId, entityId: user.entityId },
            data: { id: 'after-the-lease' },
          }),
        );
        const [first] = await receiver.waitFor(1);
        expect(JSON.parse(first.body)).toMatchObject({ data: { id: 'after-the-lease' } });
        await waitUntil(async () => (await countWithStatus(t, subscriptionId, 'succeeded')) === 1, 'second sent');
        const [untouched] = await t.sql<{ status: string; claimed_by: string }>(
          'SELECT status, claimed_by FROM webhook_deliveries WHERE id = $1',
          [leased.id],
        );
        expect(untouched).toEqual({ status: 'pending', claimed_by: 'dead-instance' });
        expect(receiver.received).toHaveLength(1);

        await t.sql(`UPDATE webhook_deliveries SET next_attempt_at = clock_timestamp() WHERE id = $1`, [leased.id]);
        await receiver.waitFor(2);
        await waitUntil(async () => (await countWithStatus(t, subscriptionId, 'succeeded')) === 2, 'lease recovered');
        const [delivery] = await t.sql<{ claimed_by: string }>(
          'SELECT claimed_by FROM webhook_deliveries WHERE id = $1',
          [leased.id],
        );
        expect(delivery.claimed_by).not.toBe('dead-instance');
      } finally {
        await survivor.close();
      }
    } finally {
      await receiver.stop();
      await t.close();
    }
  }, 30_000);
});

async function waitForStatus(t: TestApp, subscriptionId: string, status: string): Promise<void> {
  await waitUntil(async () => (await countWithStatus(t, subscriptionId, status)) === 1, `one delivery ${status}`);
}
