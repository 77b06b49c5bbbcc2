/**
 * The figures of the security review's findings, after the hardening (small, bounded runs on loopback):
 *   1. the explosion of a graph of 10^6 paths (120 BOM lines): status, time and size, with and without the tree,
 *      the recursive where-used of its leaf, and /healthz while the explosion runs;
 *   2. a user's login while 16 junk logins run (from one address, and from 16 addresses), against one alone;
 *   3. tenant B's ping latency while tenant A's endpoint hangs, against an idle dispatcher.
 * Prints the numbers and their ratios to the unloaded baselines. Not part of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:hardening
 */
import { randomBytes } from 'node:crypto';
import { buildFanOutGraph } from '../test/support/bom-fanout';
import { publishBomCreated } from '../test/support/events';
import { registerUser, SignedInUser, TEST_PASSWORD } from '../test/support/identity';
import { installApp } from '../test/support/marketplace';
import { createTestApp, TestApp } from '../test/support/test-app';
import { WebhookReceiver } from '../test/support/webhook-receiver';

const ms = (start: number) => Math.round(performance.now() - start);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: ms(start) };
}

async function explosion(t: TestApp, owner: SignedInUser): Promise<void> {
  const graph = await buildFanOutGraph(t, owner.token);
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${owner.token}`);
  const healthz = async () => (await timed(() => t.http().get('/healthz'))).ms;
  const idleHealth = await healthz();
  const [tree, health] = await Promise.all([timed(() => get(`/bom/${graph.rootBomId}/explosion`)), healthz()]);
  const items = await timed(() => get(`/bom/${graph.rootBomId}/explosion?tree=false`));
  const whereUsed = await timed(() => get(`/bom/where-used?itemId=${graph.components[5][0]}&recursive=true`));
  const line = (label: string, run: { value: { status: number; text: string }; ms: number }) =>
    console.log(`  ${label}: ${run.value.status} in ${run.ms} ms, ${run.value.text.length} bytes`);
  console.log('1. Explosion of 10^6 paths (1,222,220 tree nodes, 120 BOM lines)');
  line('explosion with tree     ', tree);
  line('explosion ?tree=false   ', items);
  line('where-used recursive    ', whereUsed);
  console.log(`  /healthz during the explosion: ${health} ms (idle ${idleHealth} ms)`);
}

async function logins(t: TestApp): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const from = (host: number) => `2001:db8:${run.slice(0, 4)}:${run.slice(4)}::${host}`;
  const email = `bench-${run}@example.com`;
  await t
    .http()
    .post('/auth/register')
    .set('X-Forwarded-For', from(1))
    .send({ email, password: TEST_PASSWORD, name: 'Bench', orgName: 'Bench', entityName: 'Plant' })
    .expect(201);
  const login = (address: string, user = email, password = TEST_PASSWORD) =>
    t.http().post('/auth/login').set('X-Forwarded-For', address).send({ email: user, password });
  // `.then` sends each request now (a supertest request waits until it is awaited).
  const junk = (address: (i: number) => string) =>
    Array.from({ length: 16 }, (_, i) =>
      login(address(i), `junk-${randomBytes(6).toString('hex')}@example.com`, 'x').then((res) => res),
    );
  const alone = await timed(() => login(from(2)));
  const statuses = (responses: { status: number }[]) =>
    Object.entries(
      responses.reduce<Record<number, number>>(
        (counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }),
        {},
      ),
    )
      .map(([status, n]) => `${n}×${status}`)
      .join(' ');
  // The user signs in once the junk is under way (sent, and hashing or queued), not ahead of it.
  const underWay = () => new Promise((resolve) => setTimeout(resolve, 200));
  const oneAddress = junk(() => from(3));
  await underWay();
  const underOne = await timed(() => login(from(4)));
  const oneAddressStatuses = statuses(await Promise.all(oneAddress));
  const session = (await login(from(6)).expect(200)).body as { accessToken: string };
  const signedIn = () => timed(() => t.http().get('/items').set('Authorization', `Bearer ${session.accessToken}`));
  const signedInIdle = await signedIn();
  const manyAddresses = junk((i) => from(100 + i));
  await underWay();
  const [underMany, signedInLoaded] = await Promise.all([timed(() => login(from(5))), signedIn()]);
  const manyStatuses = statuses(await Promise.all(manyAddresses));
  console.log('2. A user’s login (scrypt N=2^17, PASSWORD_HASH_CONCURRENCY=2)');
  console.log(`  alone: ${alone.value.status} in ${alone.ms} ms`);
  console.log(
    `  with 16 junk logins from one address: ${underOne.value.status} in ${underOne.ms} ms ` +
      `(${(underOne.ms / alone.ms).toFixed(2)}× alone); junk answered ${oneAddressStatuses}`,
  );
  console.log(
    `  with 16 junk logins from 16 addresses: ${underMany.value.status} in ${underMany.ms} ms ` +
      `(${(underMany.ms / alone.ms).toFixed(2)}× alone); junk answered ${manyStatuses}`,
  );
  console.log(
    `  a signed-in user's GET /items meanwhile: ${signedInLoaded.value.status} in ${signedInLoaded.ms} ms ` +
      `(idle ${signedInIdle.ms} ms)`,
  );
}

async function webhooks(t: TestApp): Promise<void> {
  const scopes = ['webhook:create', 'webhook:read', 'bom:read'];
  const [a, b] = [await registerUser(t, 'bench-a'), await registerUser(t, 'bench-b')];
  const [appA, appB] = [await installApp(t, a, scopes), await installApp(t, b, scopes)];
  const hanging = await WebhookReceiver.start();
  const healthy = await WebhookReceiver.start();
  hanging.respondWith(() => undefined);
  const hooks = (user: SignedInUser) => `/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`;
  const subscribe = async (user: SignedInUser, token: string, url: string) =>
    (
      await t
        .http()
        .post(hooks(user))
        .set('Authorization', `Bearer ${token}`)
        .send({ url, topics: ['bom.created'] })
        .expect(201)
    ).body.id as string;
  const subscriptionB = await subscribe(b, appB.accessToken, healthy.url);
  const ping = async (expected: number) => {
    const start = performance.now();
    await t
      .http()
      .post(`${hooks(b)}/${subscriptionB}/ping`)
      .set('Authorization', `Bearer ${appB.accessToken}`);
    await healthy.waitFor(expected, 60_000);
    return ms(start);
  };
  const idle = await ping(1);
  for (let i = 0; i < 4; i += 1) await subscribe(a, appA.accessToken, hanging.url);
  await publishBomCreated(t, a, 100);
  await hanging.waitFor(4);
  const loaded = await ping(2);
  console.log('3. Tenant B’s ping while tenant A’s endpoint hangs (400 deliveries to 4 subscriptions of A)');
  console.log(`  idle dispatcher: ${idle} ms; A hanging: ${loaded} ms (${(loaded / idle).toFixed(2)}× idle);`);
  console.log(`  A's requests in flight when B's ping arrived: ${hanging.received.length}`);
  await hanging.stop();
  await healthy.stop();
}

async function main(): Promise<void> {
  const t = await createTestApp({
    env: {
      TRUST_PROXY_HOPS: '1',
      WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_DISPATCH_INTERVAL_MS: '1000',
      WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
  });
  try {
    const owner = await registerUser(t, 'bench');
    await explosion(t, owner);
    await logins(t);
    await webhooks(t);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
