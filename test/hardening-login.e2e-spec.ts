import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { TEST_PASSWORD } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The review's login findings: 16 parallel junk logins (random emails) took the CPU from a real user's login, the
 * throttle was per email only, and the throttle and the lookup normalised emails differently (İ, U+0130).
 */
describe('Hardening: the cost of a login and one canonical email', () => {
  let t: TestApp;
  let user: { email: string; password: string; token: string };
  const ATTEMPTS_PER_ADDRESS = 40;

  const login = (email: string, password: string, from: string) =>
    t.http().post('/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const register = (email: string, from: string) =>
    t
      .http()
      .post('/auth/register')
      .set('X-Forwarded-For', from)
      .send({ email, password: TEST_PASSWORD, name: 'Someone', orgName: 'Org', entityName: 'Plant' });
  // Counters live in Redis across runs: each run's addresses are its own (IPv6 documentation prefix).
  const run = randomBytes(4).toString('hex');
  const addressOf = (host: number) => `2001:db8:${run.slice(0, 4)}:${run.slice(4)}::${host}`;
  const junkEmail = () => `junk-${randomBytes(6).toString('hex')}@example.com`;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        TRUST_PROXY_HOPS: '1',
        PASSWORD_HASH_CONCURRENCY: '2',
        PASSWORD_HASH_QUEUE_TIMEOUT_MS: '3000',
        PASSWORD_HASHES_PER_ADDRESS: '1',
        LOGIN_ATTEMPTS_PER_ADDRESS: String(ATTEMPTS_PER_ADDRESS),
      },
    });
    // Every request of this file names its address: the loopback counter is shared with every other test run.
    const res = await register(`real-${run}@example.com`, addressOf(99)).expect(201);
    user = { email: `real-${run}@example.com`, password: TEST_PASSWORD, token: res.body.accessToken as string };
  });
  afterAll(() => t.close());

  it('checks one junk login of an address at a time and answers the rest 429 with Retry-After, while a real user signs in', async () => {
    const junk = Array.from({ length: 16 }, () => login(junkEmail(), 'not the password', addressOf(1)));
    const real = login(user.email, user.password, addressOf(2));
    const [realRes, ...junkRes] = await Promise.all([real, ...junk]);
    expect(realRes.status).toBe(200);
    const refused = junkRes.filter((res) => res.status === 429);
    expect(junkRes.filter((res) => res.status === 401).length).toBeLessThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(15);
    for (const res of refused) {
      expect(res.body).toMatchObject({ error: 'rate_limited', retry_after: expect.any(Number) });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);

  it('refuses a taken email before hashing: the 409 comes back while the hashing pool is full', async () => {
    const order: string[] = [];
    const track = (label: string) => (res: Response) => {
      order.push(label);
      return res;
    };
    // Two addresses fill both slots with unknown-email logins (about a second of scrypt each).
    const busy = [addressOf(3), addressOf(4)].map((address) =>
      login(junkEmail(), 'not the password', address).then(track('hash')),
    );
    const taken = await register(user.email.toUpperCase(), addressOf(5)).then(track('taken'));
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('conflict');
    await Promise.all(busy);
    expect(order[0]).toBe('taken');
  }, 60_000);

  it('throttles one address across emails: past its limit per minute it gets 429 rate_limited', async () => {
    const address = addressOf(6);
    // Taken emails cost no hashing, so the limit is reached quickly; every attempt of the address counts.
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i += 1) statuses.push((await register(user.email, address)).status);
    expect(statuses).toEqual(Array(ATTEMPTS_PER_ADDRESS).fill(409));
    const refused = await login(user.email, user.password, address).expect(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited', retry_after: expect.any(Number) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    await login(user.email, user.password, addressOf(7)).expect(200);
  }, 60_000);

  describe('one canonical email (NFKC, case-folded) for storage, lookup, uniqueness and the throttle', () => {
    it('stores the canonical form and finds it from any case or compatibility form', async () => {
      const res = await register('Mixed.Case@Example.COM', addressOf(8)).expect(201);
      const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body.user.email).toBe('mixed.case@example.com');
      await login('MIXED.case@EXAMPLE.com', TEST_PASSWORD, addressOf(8)).expect(200);
      await login('ｍixed.case@example.com', TEST_PASSWORD, addressOf(8)).expect(200);
      expect((await register('ｍixed.CASE@example.com', addressOf(8)).expect(409)).body.error).toBe('conflict');
    }, 60_000);

    it('does not let İris@ reach a locked iris@ with a fresh counter', async () => {
      await register('iris@example.com', addressOf(9)).expect(201);
      // The account is locked: its counter is past the limit (as after ten failures).
      await t.sql(
        `INSERT INTO login_failures (email_key, failures, window_started_at, last_failed_at)
         VALUES ('iris@example.com', 10, now(), now())`,
      );
      await login('IRIS@example.com', TEST_PASSWORD, addressOf(9)).expect(429);
      // U+0130 folds to i + U+0307, another address: not this account, whatever the password.
      const dotted = await login('İris@example.com', TEST_PASSWORD, addressOf(9)).expect(401);
      expect(dotted.body.error).toBe('unauthorized');
      const keys = await t.sql<{ email_key: string }>('SELECT email_key FROM login_failures ORDER BY email_key');
      expect(keys.map((row) => row.email_key)).toEqual(
        expect.arrayContaining(['iris@example.com', 'i\u0307ris@example.com']),
      );
    }, 60_000);

    it('the migration stores existing emails in the canonical form, and refuses to merge two accounts', async () => {
      const dataSource = t.app.get(DataSource);
      const migration = dataSource.migrations.find((m) => m.name === 'Hardening1764000008000');
      if (!migration) throw new Error('the hardening migration is not registered');
      // The migrations after it build on its columns: they step aside while it is reverted and applied again.
      const stamp = (name: string | undefined) => Number(/\d+$/.exec(name ?? '')?.[0]);
      const later = dataSource.migrations
        .filter((m) => stamp(m.name) > stamp(migration.name))
        .sort((a, b) => stamp(b.name) - stamp(a.name));
      const runner = dataSource.createQueryRunner();
      for (const m of later) await m.down(runner);
      try {
        await migration.down(runner);
        await t.sql(`INSERT INTO users (email, name, password_hash) VALUES ('Old.Style@Example.COM', 'Old', 'x')`);
        await migration.up(runner);
        expect(await t.sql(`SELECT email FROM users WHERE name = 'Old'`)).toEqual([{ email: 'old.style@example.com' }]);
        await migration.down(runner);
        // Distinct under lower(), one account under the canonical form: the operator decides, nothing is changed.
        await t.sql(`INSERT INTO users (email, name, password_hash) VALUES ('STRASSE@example.com', 'A', 'x')`);
        await t.sql(`INSERT INTO users (email, name, password_hash) VALUES ('straße@example.com', 'B', 'x')`);
        await expect(migration.up(runner)).rejects.toThrow('must be merged or renamed first');
        expect(await t.sql(`SELECT email FROM users WHERE name IN ('A', 'B') ORDER BY name`)).toEqual([
          { email: 'STRASSE@example.com' },
          { email: 'straße@example.com' },
        ]);
        await t.sql(`DELETE FROM users WHERE name IN ('A', 'B')`);
        await migration.up(runner);
        for (const m of [...later].reverse()) await m.up(runner);
      } finally {
        await runner.release();
      }
    });
  });
});
