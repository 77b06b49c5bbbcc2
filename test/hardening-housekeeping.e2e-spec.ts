import { Logger } from '@nestjs/common';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

/** Resolves once `check` answers true, polling; fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/*
 * The review's housekeeping findings: expired idempotency keys and every email ever tried kept their rows,
 * `__proto__` and `constructor` keys in a body were dropped silently, and a 501 stub was logged as an error.
 */
describe('Hardening: housekeeping', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let app: InstalledApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOUSEKEEPING_INTERVAL_MS: '50' } });
    owner = await registerUser(t, 'housekeeping');
    app = await installApp(t, owner, []);
  });
  afterAll(() => t.close());

  it('prunes expired idempotency keys and login failures past their window on a schedule, and keeps live ones', async () => {
    await t.sql(
      `INSERT INTO idempotency_keys (org_id, entity_id, caller, key, request_hash, created_at)
       VALUES ($1, $2, 'user:x', 'expired', repeat('0', 64), now() - interval '25 hours'),
              ($1, $2, 'user:x', 'live', repeat('0', 64), now() - interval '1 hour')`,
      [owner.orgId, owner.entityId],
    );
    await t.sql(
      `INSERT INTO login_failures (email_key, failures, window_started_at, last_failed_at)
       VALUES ('old@example.com', 3, now() - interval '2 hours', now() - interval '2 hours'),
              ('recent@example.com', 3, now() - interval '1 minute', now() - interval '1 minute')`,
    );
    await eventually(async () => {
      const keys = await t.sql(`SELECT 1 FROM idempotency_keys WHERE key = 'expired'`);
      const failures = await t.sql(`SELECT 1 FROM login_failures WHERE email_key = 'old@example.com'`);
      return keys.length === 0 && failures.length === 0;
    });
    expect(await t.sql(`SELECT key FROM idempotency_keys`)).toEqual([{ key: 'live' }]);
    expect(await t.sql(`SELECT email_key FROM login_failures`)).toEqual([{ email_key: 'recent@example.com' }]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key in a body as an unknown field', async (key) => {
    const body = `{"sku":"PROTO-1","name":"Proto","uom":"pcs","kind":"raw","${key}":{"isActive":false}}`;
    const res = await t
      .http()
      .post('/items')
      .set('Authorization', `Bearer ${owner.token}`)
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body).toMatchObject({
      error: 'validation_failed',
      details: [{ field: key, message: 'is not an accepted field' }],
    });
    expect(await t.sql(`SELECT 1 FROM items WHERE sku = 'PROTO-1'`)).toEqual([]);
  });

  it('refuses one nested in a list, naming its path', async () => {
    const body = '{"itemId":"00000000-0000-4000-8000-000000000000","code":"B","lines":[{"constructor":{"a":1}}]}';
    const res = await t
      .http()
      .post('/bom')
      .set('Authorization', `Bearer ${owner.token}`)
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'lines.0.constructor', message: 'is not an accepted field' }]);
  });

  it('logs a 501 stub answer as info, without an error or a stack', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    const log = jest.spyOn(Logger.prototype, 'log');
    try {
      await t
        .http()
        .get(`/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}/invoices`)
        .set('Authorization', `Bearer ${app.accessToken}`)
        .expect(501);
      expect(error).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledWith(
        expect.objectContaining({ method: 'GET', path: expect.stringContaining('/invoices') }),
        'Not implemented',
      );
    } finally {
      error.mockRestore();
      log.mockRestore();
    }
  });
});
