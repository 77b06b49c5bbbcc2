import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The review's rate-limit finding: an app's own developer lifted its limit with a PATCH (300 parallel requests, all
 * 200), and since the counter key held the limit, changing it unblocked a throttled install.
 */
describe('Hardening: rate limits belong to the operator', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let app: InstalledApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const patchLimitOf = (appId: string, rateLimit: unknown) =>
    t.http().patch(`/marketplace/apps/${appId}`).set(bearer(owner.token)).send({ rateLimit });
  const patchLimit = (rateLimit: unknown) => patchLimitOf(app.appId, rateLimit);
  /** The operator's command, as an operator runs it, against this file's database. */
  const operatorCommand = (...args: string[]) =>
    promisify(execFile)(
      'npx',
      ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/api/src/ops/grant-rate-limit.ts', ...args],
      { env: { ...process.env, DATABASE_URL: t.databaseUrl } },
    );

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'limits');
    app = await installApp(t, owner, ['bom:read']);
  });
  afterAll(() => t.close());

  it('refuses the owner a limit above the default with 403 forbidden, and keeps the default in force', async () => {
    const res = await patchLimit({ limit: 100000, windowSeconds: 1 }).expect(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body.message).toContain('120 requests per 60 s');
    // A burstier limit at the same average rate is not lower either.
    await patchLimit({ limit: 240, windowSeconds: 120 }).expect(403);
    const burst = await Promise.all(
      Array.from({ length: 130 }, () => t.http().get('/public/v1/health').set(bearer(app.accessToken))),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(120);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(10);
    expect(burst[0].headers['x-ratelimit-limit']).toBe('120');
  });

  it('does not unblock a throttled install when its limit changes: the counter is (client id, install) alone', async () => {
    await t.http().get('/public/v1/health').set(bearer(app.accessToken)).expect(429);
    // The owner lowers the limit: allowed, and the install stays blocked (no fresh counter).
    await patchLimit({ limit: 50, windowSeconds: 60 }).expect(200);
    await t.http().get('/public/v1/health').set(bearer(app.accessToken)).expect(429);
    await patchLimit(null).expect(200);
    await t.http().get('/public/v1/health').set(bearer(app.accessToken)).expect(429);
  });

  it('lets the owner lower the limit of a fresh install', async () => {
    const other = await installApp(t, owner, ['bom:read']);
    await patchLimitOf(other.appId, { limit: 3, windowSeconds: 60 }).expect(200);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await t.http().get('/public/v1/health').set(bearer(other.accessToken))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('raises an app above the default only by the operator command, which the owner may then lower within', async () => {
    const raised = await installApp(t, owner, ['bom:read']);
    const { stdout } = await operatorCommand(raised.clientId, '1000', '60');
    expect(stdout).toContain('1000 requests per 60 s');
    const first = await t.http().get('/public/v1/health').set(bearer(raised.accessToken)).expect(200);
    expect(first.headers['x-ratelimit-limit']).toBe('1000');
    await patchLimitOf(raised.appId, { limit: 2000, windowSeconds: 60 }).expect(403);
    await patchLimitOf(raised.appId, { limit: 500, windowSeconds: 60 }).expect(200);
    const lowered = await t.http().get('/public/v1/health').set(bearer(raised.accessToken)).expect(200);
    expect(lowered.headers['x-ratelimit-limit']).toBe('500');
    await expect(operatorCommand('hbc_missing', '5', '60')).rejects.toMatchObject({
      stderr: expect.stringContaining('No app has the client id hbc_missing'),
    });
  }, 120_000);
});
